import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { listBatches, rollbackRun, runCounts, startRun } from '../../src/lib/server/loader/index.js';
import { freshWorkspace } from '../helpers.js';
import { countsOf, expectedCounts, FAST, readyWorkspace, SMALL, startTarget, twentyIds, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('load');
});
afterEach(() => t.close());

describe('push', () => {
	it('pushes every approved record exactly once, in plan order, with links', async () => {
		await readyWorkspace(ws, t);
		const run = await startRun(ws, undefined, { settings: FAST });
		const p = await run.done;
		expect(p.status).toBe('done');
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
		const counts = await runCounts(ws, run.runId);
		expect(counts.every((c) => c.created === c.total && c.failed === 0)).toBe(true);
		const tt = [...t.sb.store.table('taskTarget').rows.values()][0];
		expect(t.sb.store.table('person').rows.has(tt.targetPersonId as string)).toBe(true);
		expect((await listBatches(ws)).length).toBe(7);
	});

	it('rollback destroys everything the run created, and a re-push works', async () => {
		await readyWorkspace(ws, t);
		const run = await startRun(ws, undefined, { settings: FAST });
		await run.done;
		const r = await rollbackRun(ws, run.runId, { settings: FAST });
		expect(r.remaining).toBe(0);
		expect(Object.values(countsOf(twentyIds(t))).every((n) => n === 0)).toBe(true);
		expect(t.sb.state().objects.person).toEqual({ live: 0, softDeleted: 0 });
		const again = await startRun(ws, undefined, { settings: FAST });
		expect((await again.done).status).toBe('done');
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
	});
});
