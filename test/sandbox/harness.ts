// Contract tests talk HTTP to a base URL. By default that is a sandbox started in-process on
// a random port; with TWENTY_URL and TWENTY_API_KEY set they run against that real Twenty
// (TWENTY_PROFILE says which version's behaviour to expect, default "current"), and the
// sandbox-only tests are skipped. SANDBOX_PROFILE=v1.5|v2.20 runs the in-process sandbox in
// another profile.
import { randomBytes } from 'node:crypto';
import { it } from 'vitest';
import { createSandbox, type ProfileName, type Sandbox, type SandboxOptions } from '../../src/lib/server/sandbox/index.js';

export const REAL = !!(process.env.TWENTY_URL && process.env.TWENTY_API_KEY);
export const sandboxOnly = REAL ? it.skip : it;

export interface Res<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

export interface Target {
	url: string;
	apiKey: string;
	real: boolean;
	profile: ProfileName;
	sandbox?: Sandbox;
	req<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res<T>>;
	get<T = any>(path: string): Promise<Res<T>>;
	post<T = any>(path: string, body?: unknown): Promise<Res<T>>;
	patch<T = any>(path: string, body?: unknown): Promise<Res<T>>;
	del<T = any>(path: string): Promise<Res<T>>;
	gql<T = any>(query: string, variables?: Record<string, unknown>, endpoint?: string): Promise<Res<T>>;
	close(): Promise<void>;
}

/** Unique test values per run, so a real Twenty's data never collides with them. */
const RUN = randomBytes(3).toString('hex');
let counter = 0;
export const uniq = (prefix = 't') => `${prefix}${RUN}${++counter}`;
export const email = (prefix = 'p') => `${uniq(prefix)}@contract-test.example`;

export async function startTarget(options: SandboxOptions = {}): Promise<Target> {
	if (REAL) {
		const profile = (process.env.TWENTY_PROFILE ?? 'current') as ProfileName;
		return makeTarget(process.env.TWENTY_URL!.replace(/\/$/, ''), process.env.TWENTY_API_KEY!, profile, async () => {});
	}
	const profile = (process.env.SANDBOX_PROFILE as ProfileName | undefined) ?? undefined;
	const sandbox = createSandbox({ rateLimit: false, ...(profile ? { profile } : {}), ...options });
	const server = await sandbox.listen();
	const t = makeTarget(server.url, sandbox.apiKey, sandbox.profile, server.close);
	t.sandbox = sandbox;
	return t;
}

function makeTarget(url: string, apiKey: string, profile: ProfileName, close: () => Promise<void>): Target {
	const req = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
		const res = await fetch(url + path, {
			method,
			headers: { Authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			/* keep text */
		}
		return { status: res.status, body: parsed as any, headers: res.headers };
	};
	return {
		url,
		apiKey,
		real: REAL,
		profile,
		req,
		close,
		get: (p) => req('GET', p),
		post: (p, b) => req('POST', p, b ?? {}),
		patch: (p, b) => req('PATCH', p, b ?? {}),
		del: (p) => req('DELETE', p),
		gql: (query, variables, endpoint = '/graphql') => req('POST', endpoint, { query, variables })
	};
}

export const data = (r: Res) => Object.values((r.body as { data: Record<string, unknown> }).data)[0] as any;
