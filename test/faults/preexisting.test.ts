// The edge case from the loader notes: a record that already exists in Twenty (an earlier run put
// it there), whose create in a later run dies mid-flight or gets a 5xx, was counted as *created*
// by the later run; rolling that run back then destroyed the earlier run's record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { getRun, resumeRun, rollbackRun, runCounts, startRun } from '../../src/lib/server/loader/index.js';
import { freshWorkspace } from '../helpers.js';
import { countsOf, expectedCounts, FAST, readyWorkspace, SMALL, startTarget, twentyIds, type Target } from '../loader/fixture.js';
import { expectTwentyMatchesLedger } from './check.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('preexisting');
	await readyWorkspace(ws, t);
	await (
		await startRun(ws, undefined, { settings: FAST })
	).done;
});
afterEach(() => t.close());

const total = Object.values(expectedCounts(SMALL)).reduce((a, b) => a + b, 0);

async function expectSecondRunUpdatedOnly(runId: number) {
	const counts = await runCounts(ws, runId);
	expect(counts.map((c) => ({ plural: c.plural, created: c.created, updated: c.updated }))).toEqual(
		counts.map((c) => ({ plural: c.plural, created: 0, updated: c.total }))
	);
	await expectTwentyMatchesLedger(ws, t, { expected: expectedCounts(SMALL) });
	// Rolling the second run back restores what it updated and destroys nothing the first run made.
	const r = await rollbackRun(ws, runId, { settings: FAST });
	expect(r).toMatchObject({ destroyed: 0, restored: total, remaining: 0 });
	expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
	await expectTwentyMatchesLedger(ws, t, { expected: expectedCounts(SMALL) });
}

describe('records an earlier run created', () => {
	it('a later run dies with its first creates in flight: resume makes them updates, not creates', async () => {
		let n = 0;
		const never = new Promise<Response>(() => {});
		// The first create (every company) reaches Twenty, which refuses it (the ids exist), but the answer never comes back: the process dies.
		const dying: typeof fetch = async (input, init) => (++n === 1 ? (await fetch(input, init).catch(() => null), never) : never);
		const second = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 5 }, fetch: dying });
		while (n < 1) await new Promise((r) => setTimeout(r, 5));
		await new Promise((r) => setTimeout(r, 50));
		second.abandon();
		expect((await getRun(ws, second.runId)).status).toBe('interrupted');
		expect((await runCounts(ws, second.runId)).reduce((s, c) => s + c.inFlight, 0)).toBeGreaterThan(0);
		const p = await (await resumeRun(ws, second.runId, { settings: FAST })).done;
		expect(p.status).toBe('done');
		await expectSecondRunUpdatedOnly(second.runId);
	});

	it('a later run whose first creates get a 5xx (outcome unknown) counts them as updates', async () => {
		t.sb.setFaults({ failNth: [1, 2, 3, 4], failStatus: 503 });
		const second = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 5 } });
		const p = await second.done;
		t.sb.setFaults({});
		expect(p.status).toBe('done');
		expect(p.retries).toBeGreaterThanOrEqual(4);
		await expectSecondRunUpdatedOnly(second.runId);
	});
});
