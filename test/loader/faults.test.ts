// Exact counts under each of the sandbox's fault profiles: nothing missing, nothing twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { runCounts, startRun } from '../../src/lib/server/loader/index.js';
import type { FaultInput } from '../../src/lib/server/sandbox/index.js';
import { freshWorkspace } from '../helpers.js';
import { countsOf, expectedCounts, FAST, readyWorkspace, SMALL, startTarget, twentyIds, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('faults');
});
afterEach(() => t.close());

async function pushUnder(faults: FaultInput, settings = {}) {
	await readyWorkspace(ws, t);
	t.sb.setFaults(faults);
	const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 5, ...settings } });
	const p = await run.done;
	t.sb.setFaults({});
	const counts = await runCounts(ws, run.runId);
	return { p, counts, injected: t.sb.state().requests.injected };
}

function expectExact(counts: Awaited<ReturnType<typeof runCounts>>) {
	expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
	for (const c of counts)
		expect({ plural: c.plural, created: c.created, failed: c.failed, pending: c.pending, inFlight: c.inFlight }).toEqual({
			plural: c.plural,
			created: c.total,
			failed: 0,
			pending: 0,
			inFlight: 0
		});
}

describe('fault profiles', () => {
	it('429 storm: every 429 is retried after Retry-After, nothing lost', async () => {
		const { p, counts, injected } = await pushUnder({ seed: 7, rate429: 0.3 }, { batchSize: 20 });
		expect(injected['429']).toBeGreaterThan(0);
		expect(p.rateLimited).toBe(injected['429']);
		expectExact(counts);
	}, 20_000);

	it('5% 5xx', async () => {
		const { p, counts, injected } = await pushUnder({ seed: 3, rate5xx: 0.05 });
		expect(injected['5xx']).toBeGreaterThan(0);
		expect(p.retries).toBeGreaterThanOrEqual(injected['5xx']);
		expectExact(counts);
	});

	it('hung requests time out and are retried', async () => {
		const { counts, injected } = await pushUnder({ seed: 5, rateHang: 0.08 });
		expect(injected.hang).toBeGreaterThan(0);
		expectExact(counts);
	}, 20_000);

	it('dropped connections', async () => {
		const { counts, injected } = await pushUnder({ seed: 11, rateDrop: 0.1 });
		expect(injected.drop).toBeGreaterThan(0);
		expectExact(counts);
	});

	it('failNth: the chosen requests fail once each', async () => {
		const { p, counts, injected } = await pushUnder({ failNth: [1, 2, 5, 9], failStatus: 500 });
		expect(injected.failNth).toBe(4);
		expect(p.retries).toBe(4);
		expectExact(counts);
	});

	it('all of them at once, with latency', async () => {
		const { counts } = await pushUnder({
			seed: 21,
			latency: { kind: 'uniform', min: 1, max: 4 },
			rate5xx: 0.05,
			rateHang: 0.03,
			rateDrop: 0.05,
			rate429: 0.02
		});
		expectExact(counts);
	}, 20_000);

	it('an answer lost after Twenty applied the batch: the retry finds the ids and counts them once', async () => {
		let n = 0;
		const lossy: typeof fetch = async (input, init) => {
			const res = await fetch(input, init);
			if (init?.method === 'POST' && ++n % 4 === 1) throw new TypeError('socket hang up');
			return res;
		};
		await readyWorkspace(ws, t);
		const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 7 }, fetch: lossy });
		const p = await run.done;
		expect(p.retries).toBeGreaterThan(0);
		expectExact(await runCounts(ws, run.runId));
	});

	it('a batch size the target refuses is halved for the rest of the run', async () => {
		const big = { ...SMALL, patients: 450 };
		await readyWorkspace(ws, t, big);
		const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 400 } });
		const p = await run.done;
		expect(p.batchSize).toBe(200);
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(big));
	});
});
