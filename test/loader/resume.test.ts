// Crash and resume, pre-existing records (updates with before-images), the request budget.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { getRun, resumeRun, rollbackRun, runCounts, startRun, unfinishedRun } from '../../src/lib/server/loader/index.js';
import { freshWorkspace } from '../helpers.js';
import { countsOf, expectedCounts, FAST, readyWorkspace, SMALL, startTarget, twentyIds, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('resume');
});
afterEach(() => t.close());

/** After the n-th request the "process dies": every later request hangs forever, some after Twenty applied them. */
function dyingFetch(n: number): { fetch: typeof fetch; dead: () => boolean } {
	let count = 0;
	const never = new Promise<Response>(() => {});
	return {
		dead: () => count >= n,
		fetch: async (input, init) => {
			count++;
			if (count < n) return fetch(input, init);
			if (count % 2 === 0) await fetch(input, init).catch(() => null); // applied, answer lost
			return never;
		}
	};
}

describe('crash and resume', () => {
	for (const n of [3, 8, 15]) {
		it(`dies at request ${n}, resumes with no duplicate and nothing missing`, async () => {
			await readyWorkspace(ws, t);
			const dying = dyingFetch(n);
			const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 6 }, fetch: dying.fetch });
			while (!dying.dead()) await new Promise((r) => setTimeout(r, 5));
			await new Promise((r) => setTimeout(r, 50)); // let the last ledger writes land, as a process would have
			run.abandon(); // the dead process writes nothing more, and its hung requests never return
			expect(await unfinishedRun(ws)).toBe(run.runId);
			const before = await runCounts(ws, run.runId);
			expect(before.some((c) => c.inFlight > 0 || c.pending > 0)).toBe(true);
			const resumed = await resumeRun(ws, run.runId, { settings: FAST });
			const p = await resumed.done;
			expect(p.status).toBe('done');
			expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
			for (const c of await runCounts(ws, run.runId)) expect(c.created).toBe(c.total);
			expect((await getRun(ws, run.runId)).status).toBe('done');
		});
	}
});

describe('records that already exist', () => {
	it('a second run updates them with before-images, and its rollback restores them', async () => {
		await readyWorkspace(ws, t);
		const first = await startRun(ws, undefined, { settings: FAST });
		await first.done;
		const person = [...t.sb.store.table('person').rows.values()][0];
		await t.client.update('people', person.id as string, { name: { firstName: 'Edited', lastName: 'InTwenty' } });
		const second = await startRun(ws, undefined, { settings: FAST });
		await second.done;
		const counts = await runCounts(ws, second.runId);
		expect(counts.every((c) => c.updated === c.total && c.created === 0)).toBe(true);
		expect((t.sb.store.table('person').rows.get(person.id as string)!.name as { firstName: string }).firstName).not.toBe('Edited');
		const r = await rollbackRun(ws, second.runId, { settings: FAST });
		expect(r.destroyed).toBe(0);
		expect(r.restored).toBe(Object.values(expectedCounts(SMALL)).reduce((a, b) => a + b, 0));
		expect((t.sb.store.table('person').rows.get(person.id as string)!.name as { firstName: string }).firstName).toBe('Edited');
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
	});
});

describe('an answer lost after Twenty committed', () => {
	it("a chunk answered 400 after it was written is this run's: created, not updates, and its rollback destroys it", async () => {
		await readyWorkspace(ws, t);
		// Request 3 is the first batch create after the size probe: carried out, then answered "Query read timeout".
		t.sb.setFaults({ lostNth: [3] });
		const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 6 } });
		const p = await run.done;
		expect(t.sb.state().requests.injected).toEqual({ lost: 1 });
		t.sb.setFaults({});
		expect(p.status).toBe('done');
		const counts = await runCounts(ws, run.runId);
		for (const c of counts)
			expect({ plural: c.plural, created: c.created, updated: c.updated, failed: c.failed }).toEqual({
				plural: c.plural,
				created: c.total,
				updated: 0,
				failed: 0
			});
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
		const r = await rollbackRun(ws, run.runId, { settings: FAST });
		expect(r.restored).toBe(0);
		expect(Object.values(countsOf(twentyIds(t))).reduce((a, b) => a + b, 0)).toBe(0);
	});
});

describe('an answer Ferry cannot read', () => {
	it('stops the run naming the request, blames no record, and a resume reads the chunk back', async () => {
		await readyWorkspace(ws, t);
		// Request 3 (the first batch create after the size probe) is carried out, then answered in a shape no Twenty gives.
		let n = 0;
		const garbling: typeof fetch = async (input, init) => {
			const res = await fetch(input, init);
			return ++n === 3 ? new Response(JSON.stringify({ data: { created: [{ ok: true }] } }), { status: 201 }) : res;
		};
		const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 6 }, fetch: garbling });
		expect((await run.done).status).toBe('failed');
		expect((await getRun(ws, run.runId)).error).toMatch(
			/^Twenty's answer to POST \/rest\/batch\/\w+ is not the shape Ferry reads: data\.created\.0\.id: .*resume the run/
		);
		const counts = await runCounts(ws, run.runId);
		expect(counts.reduce((s, c) => s + c.failed, 0)).toBe(0);
		expect(counts.reduce((s, c) => s + c.inFlight, 0)).toBeGreaterThan(0);
		const p = await (await resumeRun(ws, run.runId, { settings: FAST })).done;
		expect(p.status).toBe('done');
		for (const c of await runCounts(ws, run.runId))
			expect({ plural: c.plural, created: c.created }).toEqual({ plural: c.plural, created: c.total });
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
	});
});

describe('pacing', () => {
	it('never exceeds the budget in any window, counted at the target', async () => {
		const windowMs = 200;
		const budget = 8;
		await t.close();
		t = await startTarget({ rateLimit: { long: { limit: budget, ttlMs: windowMs }, short: { limit: 100, ttlMs: 1000 } } });
		await readyWorkspace(ws, t);
		t.sb.setRateLimit({ long: { limit: budget, ttlMs: windowMs }, short: { limit: 100, ttlMs: 1000 } });
		const startedAt = Date.now();
		const run = await startRun(ws, undefined, { settings: { ...FAST, budget, windowMs, batchSize: 6 } });
		const p = await run.done;
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
		expect(t.sb.state().rateLimited).toBe(0);
		expect(p.rateLimited).toBe(0);
		const times = t.sb.core.stats
			.recent(1000)
			.map((e) => Date.parse(e.at))
			.filter((x) => x >= startedAt)
			.sort((a, b) => a - b);
		expect(times.length).toBe(p.requests);
		let worst = 0;
		for (let i = 0, j = 0; i < times.length; i++) {
			while (times[i] - times[j] >= windowMs) j++;
			worst = Math.max(worst, i - j + 1);
		}
		expect(worst).toBeLessThanOrEqual(budget);
		expect(worst).toBeGreaterThan(1); // it did pace against the budget (speed is the benchmark's job)
	}, 20_000);
});
