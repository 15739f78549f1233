// Fault injection: seeded and exact, so loader tests can count on it.
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/lib/server/sandbox/http/faults.js';
import { createSandbox, type FaultInput } from '../../src/lib/server/sandbox/index.js';
import { REAL } from './harness.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	while (closers.length) await closers.pop()!();
});

async function start(faults: FaultInput) {
	const sandbox = createSandbox({ rateLimit: false, faults });
	const server = await sandbox.listen();
	closers.push(server.close);
	const get = (init: RequestInit = {}) =>
		fetch(`${server.url}/rest/people?limit=1`, { ...init, headers: { Authorization: `Bearer ${sandbox.apiKey}` } });
	return { sandbox, server, get };
}

async function statuses(get: () => Promise<Response>, n: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) out.push((await get()).status);
	return out;
}

describe.skipIf(REAL)('fault injection', () => {
	it('[sandbox] the same seed gives the same sequence of faults; another seed another one', async () => {
		const cfg = { seed: 42, rate429: 0.2, rate5xx: 0.2 };
		const a = await start(cfg);
		const b = await start(cfg);
		const c = await start({ ...cfg, seed: 7 });
		const [sa, sb, sc] = [await statuses(a.get, 40), await statuses(b.get, 40), await statuses(c.get, 40)];
		expect(sa).toEqual(sb);
		expect(sa).not.toEqual(sc);
		expect(sa.filter((s) => s === 429).length).toBeGreaterThan(0);
		expect(sa.filter((s) => s === 503).length).toBeGreaterThan(0);
	});

	it('[sandbox] failNth fails exactly the n-th requests with the given status', async () => {
		const { get } = await start({ failNth: [3, 5], failStatus: 502 });
		expect(await statuses(get, 6)).toEqual([200, 200, 502, 200, 502, 200]);
	});

	it("[sandbox] an injected 429 has the profile's 429 body (current: Retry-After)", async () => {
		const { get } = await start({ failNth: [1], failStatus: 429 });
		const r = await get();
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('1');
		expect((await r.json()).error).toBe('RATE_LIMITED');
	});

	it('[sandbox] fixed latency delays every answer', async () => {
		const { get } = await start({ latency: { kind: 'fixed', ms: 60 } });
		const t0 = performance.now();
		await get();
		expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
	});

	it('[sandbox] latency distributions are seeded: normal and uniform samples repeat', () => {
		const draw = (input: FaultInput) => {
			const f = new FaultInjector(input);
			return Array.from({ length: 5 }, () => f.next().delayMs);
		};
		const normal = { seed: 3, latency: { kind: 'normal' as const, mean: 100, sd: 20 } };
		expect(draw(normal)).toEqual(draw(normal));
		const uniform = draw({ seed: 3, latency: { kind: 'uniform', min: 10, max: 20 } });
		expect(uniform.every((x) => x >= 10 && x <= 20)).toBe(true);
	});

	it('[sandbox] a hung request never answers; the client gives up (abort) and the log shows it', async () => {
		const { sandbox, get } = await start({ rateHang: 1 });
		const ctl = new AbortController();
		setTimeout(() => ctl.abort(), 100);
		await expect(get({ signal: ctl.signal })).rejects.toThrow();
		await new Promise((r) => setTimeout(r, 50));
		expect(sandbox.state().requests.injected.hang).toBe(1);
	});

	it('[sandbox] with hangMs a hung request is dropped after that long', async () => {
		const { get } = await start({ rateHang: 1, hangMs: 50 });
		const t0 = performance.now();
		await expect(get()).rejects.toThrow();
		expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
	});

	it('[sandbox] a dropped connection is a network error for the client', async () => {
		const { get } = await start({ rateDrop: 1 });
		await expect(get()).rejects.toThrow();
	});

	it('[sandbox] faults change at run time through PUT /__sandbox/faults, which restarts the count', async () => {
		const { server, sandbox, get } = await start({});
		await statuses(get, 3);
		const put = await fetch(`${server.url}/__sandbox/faults`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ failNth: [2] })
		});
		expect(put.status).toBe(200);
		expect(await statuses(get, 3)).toEqual([200, 500, 200]);
		const bad = await fetch(`${server.url}/__sandbox/faults`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ rate429: 2 })
		});
		expect(bad.status).toBe(400);
	});
});
