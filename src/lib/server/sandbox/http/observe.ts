// Outermost middleware: counts and logs every request (ids in paths only, no query strings,
// no bodies) and applies the configured faults before the request reaches Twenty's logic (a lost
// answer: after it).
import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxCore } from '../core.js';
import { ApiError } from './errors.js';
import type { FaultAction } from './faults.js';
import { restLimitError } from './limit-response.js';

type NodeEnv = { incoming?: { socket?: { destroy(): void; once(ev: string, fn: () => void): void; destroyed?: boolean } } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function injectedError(core: SandboxCore, status: number): ApiError {
	if (status === 429) {
		const profile = core.profile.limiter === 'exact' ? core.profile : { ...core.profile, limiter: 'floor' as const };
		return restLimitError(profile, { ok: false, bucket: core.limiter.scaled(core.limiter.settings.long), retryAfterMs: 1000 });
	}
	const error = status >= 500 ? (status === 503 ? 'ServiceUnavailableException' : 'InternalServerErrorException') : 'BadRequestException';
	return new ApiError(status, { statusCode: status, error, messages: ['Injected fault (Ferry sandbox)'] });
}

function socketOf(c: Context) {
	return (c.env as NodeEnv | undefined)?.incoming?.socket;
}

/** Never answers: waits for the client to give up, or drops the connection after hangMs. */
async function hang(c: Context, hung: Set<() => void>, hangMs: number | undefined): Promise<Response> {
	const socket = socketOf(c);
	await new Promise<void>((resolve) => {
		const done = () => {
			hung.delete(done);
			resolve();
		};
		hung.add(done);
		socket?.once('close', done);
		c.req.raw.signal?.addEventListener('abort', done);
		if (hangMs !== undefined) setTimeout(done, hangMs);
	});
	socket?.destroy();
	return new Response(null, { status: 504 });
}

function drop(c: Context): Response {
	const socket = socketOf(c);
	if (!socket) return Response.error(); // in-process (app.fetch): a network error is closest
	socket.destroy();
	return new Response(null, { status: 502 }); // never reaches the client
}

async function applyFault(c: Context, core: SandboxCore, action: FaultAction): Promise<Response | null> {
	if (action.kind === 'status') {
		const e = injectedError(core, action.status);
		return c.json(e.body, e.status as 400, e.headers);
	}
	if (action.kind === 'hang') return hang(c, core.hung, core.faults.config.hangMs);
	if (action.kind === 'drop') return drop(c);
	return null;
}

export function observe(core: SandboxCore): MiddlewareHandler {
	return async (c, next) => {
		const path = new URL(c.req.url).pathname;
		if (path.startsWith('/__sandbox')) return next();
		const started = performance.now();
		const decision = core.faults.next();
		if (decision.delayMs > 0) await sleep(decision.delayMs);
		const action = decision.action;
		let injected = await applyFault(c, core, action);
		if (!injected) await next();
		if (action.kind === 'lost') {
			const e = new ApiError(400, { statusCode: 400, error: 'BadRequestException', messages: ['Query read timeout'] });
			c.res = undefined; // Hono: an answer replaced after next() is assigned, not returned
			c.res = injected = Response.json(e.body, { status: 400 });
		}
		const fault = action.kind === 'status' ? action.cause : action.kind === 'none' ? undefined : action.kind;
		const status = action.kind === 'hang' || action.kind === 'drop' ? 0 : (injected ?? c.res).status;
		core.stats.record({
			at: new Date(core.now()).toISOString(),
			method: c.req.method,
			path,
			status,
			ms: Math.round(performance.now() - started),
			fault
		});
		if (injected) return injected;
	};
}
