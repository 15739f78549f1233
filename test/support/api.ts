// The one way tests call the /api app in process (no server): a bearer token, a JSON body from
// `json`, and the paths as the UI writes them; every JSON answer is held to its route's contract
// (support/contract.ts). Tests against a real `ferry serve` use support/server.ts's `api` instead.
import { holdToContract } from './contract.js';

/** Anything with Hono's `request` (createApi's app, or a bare Hono with some routes). */
export interface InProcessApi {
	request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export type CallInit = RequestInit & { json?: unknown };

export interface CallOptions {
	/** Sent as `Authorization: Bearer …`; none when absent. */
	token?: string;
	/** Put before every path, e.g. `/api/workspaces/x`. Default `/api`. */
	prefix?: string | (() => string);
	origin?: string;
}

/** `call(path, init)` → the Response. `init.json` is sent as a JSON body; `token` overrides (null: no token). */
export function apiCaller(app: InProcessApi, opts: CallOptions = {}) {
	const origin = opts.origin ?? 'http://127.0.0.1:5180';
	return (path: string, init: CallInit = {}, token: string | null | undefined = opts.token): Promise<Response> => {
		const { json, ...rest } = init;
		const headers = new Headers(rest.headers);
		if (token) headers.set('authorization', `Bearer ${token}`);
		if (json !== undefined) headers.set('content-type', 'application/json');
		const body = json !== undefined ? JSON.stringify(json) : rest.body;
		const prefix = typeof opts.prefix === 'function' ? opts.prefix() : (opts.prefix ?? '/api');
		const url = `${origin}${prefix}${path}`;
		return Promise.resolve(app.request(url, { ...rest, headers, body })).then((res) => holdToContract(rest.method ?? 'GET', url, res));
	};
}

/** `call(path, method, json)` → `{ status, body }` with the answer parsed as JSON. */
export function jsonCaller<T = Record<string, any>>(app: InProcessApi, opts: CallOptions = {}) {
	const call = apiCaller(app, opts);
	return async (path: string, method = 'GET', json?: unknown): Promise<{ status: number; body: T }> => {
		const res = await call(path, { method, json });
		return { status: res.status, body: (await res.json()) as T };
	};
}
