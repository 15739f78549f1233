// The sample migration: a few patients, every facet covered, with all they own and point at.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { approveBatch, freezeSample, readBack, stagedDiff, startRun } from '../../src/lib/server/loader/index.js';
import { setTarget } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';
import { confirmHandBuiltStage, createPayments, FAST, stageFixture, startTarget, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('sample');
	await setTarget(ws, t.url, t.sb.apiKey);
	await createPayments(t.client);
	await stageFixture(ws, { locations: 3, patients: 200, appointments: 150, notes: 100, invoices: 10 });
});
afterEach(() => t.close());

describe('sample migration', () => {
	it('picks N patients covering every appointment status and location, closes over links, pushes and diffs clean', async () => {
		await confirmHandBuiltStage(ws);
		const batches = await freezeSample(ws, await t.client.metadata.listObjects(), { patients: 12 });
		const by = Object.fromEntries(batches.map((b) => [b.plural, b]));
		expect(by.people.records).toBe(12);
		expect(by.companies.records).toBe(3); // every location a sampled patient points at
		const statuses = await ws.all<{ s: string }>(
			`select distinct r.payload->>'status' as s from loader.batch_records r where r.batch_id = ${by.tasks.id}`
		);
		expect(statuses.map((x) => x.s).sort()).toEqual(['DONE', 'IN_PROGRESS', 'TODO']);
		// Closure: every sampled link points at a sampled task and a sampled person, and every sampled task has its link.
		const dangling = await ws.one<{
			n: number;
		}>(`select count(*)::integer as n from loader.batch_records l where l.batch_id = ${by.taskTargets.id}
			and ((l.payload->>'taskId') not in (select id from loader.batch_records where batch_id = ${by.tasks.id})
			  or (l.payload->>'targetPersonId') not in (select id from loader.batch_records where batch_id = ${by.people.id}))`);
		expect(dangling?.n).toBe(0);
		expect(by.taskTargets.records).toBe(by.tasks.records);
		expect(by.noteTargets.records).toBe(by.notes.records);
		for (const b of batches) await approveBatch(ws, b.id);
		await (
			await startRun(
				ws,
				batches.map((b) => b.id),
				{ settings: FAST }
			)
		).done;
		await readBack(
			ws,
			batches.map((b) => b.plural),
			{ settings: FAST }
		);
		const d = await stagedDiff(ws);
		expect({ missing: d.missing, differences: d.differences }).toEqual({ missing: 0, differences: 0 });
		expect(d.compared).toBe(batches.reduce((n, b) => n + b.records, 0));
	});
});
