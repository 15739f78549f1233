// The browser client: one error type with the server's sentence and error id, aborts passed
// through untouched, answers held to the route's contract, jobs followed to their end.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiCallError, call, followJob, isAbort, routes } from '../../src/lib/client/index.js';

const json = (body: unknown, status = 200) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
afterEach(() => vi.unstubAllGlobals());

describe('call', () => {
	it('builds the URL from the contract and answers with the parsed JSON', async () => {
		const f = vi.fn(async (_url: string, _init?: RequestInit) => json({ workspaces: ['a'] }));
		vi.stubGlobal('fetch', f);
		expect(await call(routes.workspaces)).toEqual({ workspaces: ['a'] });
		await call(routes.target, { params: { ws: 'a b' } }).catch(() => null);
		expect(f.mock.calls[1][0]).toBe('/api/workspaces/a%20b/target');
	});

	it('throws ApiCallError with the server message and error id', async () => {
		vi.stubGlobal('fetch', async () => json({ error: 'the server failed: boom', errorId: 'err-abc234' }, 500));
		const err = await call(routes.workspaces).catch((e) => e);
		expect(err).toBeInstanceOf(ApiCallError);
		expect([err.status, err.message, err.errorId]).toEqual([500, 'the server failed: boom', 'err-abc234']);
	});

	it('an answer that breaks its contract is an error naming the field', async () => {
		vi.stubGlobal('fetch', async () => json({ workspaces: [1] }));
		await expect(call(routes.workspaces)).rejects.toThrow(/does not match its contract \(workspaces\.0:/);
	});

	it('an abort is passed through, not turned into a message', async () => {
		vi.stubGlobal('fetch', async (_u: string, init: RequestInit) => {
			init.signal?.throwIfAborted();
			return json({});
		});
		const ac = new AbortController();
		ac.abort();
		const err = await call(routes.workspaces, { signal: ac.signal }).catch((e) => e);
		expect(isAbort(err)).toBe(true);
	});

	it('no answer at all is status 0 with what to do', async () => {
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('fetch failed');
		});
		await expect(call(routes.workspaces)).rejects.toMatchObject({
			status: 0,
			message: expect.stringMatching(/could not reach the Ferry server/)
		});
	});
});

describe('followJob', () => {
	const job = (status: string, extra: object = {}) => ({
		id: 'j',
		kind: 'delta.push',
		workspace: 'a',
		status,
		progress: null,
		result: null,
		error: null,
		startedAt: 'x',
		endedAt: null,
		...extra
	});
	const pushed = { moves: [], carried: {}, runIds: [3], counts: [], problems: [] };
	it('reports progress and answers with the result', async () => {
		const answers = [job('running', { progress: { runIds: [3] } }), job('done', { progress: { runIds: [3] }, result: pushed })];
		vi.stubGlobal('fetch', async () => json(answers.shift()));
		const seen: unknown[] = [];
		expect(await followJob('delta.push', 'j', { every: 1, onProgress: (p) => seen.push(p.runIds) })).toEqual(pushed);
		expect(seen).toEqual([[3], [3]]);
	});
	it("a failed job throws the job's sentence", async () => {
		vi.stubGlobal('fetch', async () => json(job('failed', { error: 'no such export' })));
		await expect(followJob('delta.push', 'j', { every: 1 })).rejects.toThrow('no such export');
	});
	it("a result outside its kind's contract, or a job of another kind, is refused", async () => {
		vi.stubGlobal('fetch', async () => json(job('done', { result: { runIds: 'x' } })));
		await expect(followJob('delta.push', 'j', { every: 1 })).rejects.toThrow(/result\.runIds/);
		vi.stubGlobal('fetch', async () => json(job('done', { result: pushed })));
		await expect(followJob('import', 'j', { every: 1 })).rejects.toThrow('job j is a delta.push job, not import');
	});
});

describe('the API tests hold answers to the contracts (support/contract.ts)', () => {
	it("a successful JSON answer outside its route's contract fails, naming the route and the field", async () => {
		const { holdToContract } = await import('../support/contract.js');
		const url = 'http://127.0.0.1:5180/api/workspaces/a/target/check';
		await expect(holdToContract('GET', url, json({ ok: 'yes' }))).rejects.toThrow(
			/GET \/workspaces\/:ws\/target\/check answered outside its contract .*ok:/
		);
		expect((await holdToContract('GET', url, json({ ok: true, objects: 3 }))).status).toBe(200);
		// Refusals, non-JSON answers and paths outside /api are the tests' own business.
		expect((await holdToContract('GET', url, json({ error: 'no' }, 409))).status).toBe(409);
		expect((await holdToContract('GET', 'http://x/health', json({ ok: 'yes' }))).status).toBe(200);
	});
});
