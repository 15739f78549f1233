// Read-back, the post-migration validation report and the staged-vs-Twenty diff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import {
	approveBatch,
	batchRecords,
	excludeRecords,
	listBatches,
	readBack,
	reportCsv,
	reportHtml,
	runCounts,
	stagedDiff,
	startRun,
	validationReport
} from '../../src/lib/server/loader/index.js';
import { freshWorkspace } from '../helpers.js';
import { expectedCounts, FAST, readyWorkspace, SMALL, startTarget, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('report');
});
afterEach(() => t.close());

const PLURALS = Object.keys(expectedCounts(SMALL));

describe('validation report', () => {
	it('counts expected vs in Twenty, null rates, orphans, and a field-level diff', async () => {
		await readyWorkspace(ws, t);
		await (
			await startRun(ws, undefined, { settings: FAST })
		).done;
		// After the push: one patient destroyed in Twenty, one task's due date cleared, one email changed.
		const [p0, p1] = [...t.sb.store.table('person').rows.keys()];
		await t.client.delete('people', p0);
		const task = [...t.sb.store.table('task').rows.keys()][0];
		await t.client.update('tasks', task, { dueAt: null });
		await t.client.update('people', p1, { emails: { primaryEmail: 'changed@example.org', additionalEmails: [] } });
		const read = await readBack(ws, PLURALS, { settings: FAST });
		expect(read.records.people).toBe(SMALL.patients - 1);
		const r = await validationReport(ws);
		const people = r.counts.find((c) => c.plural === 'people')!;
		expect(people).toMatchObject({ expected: SMALL.patients, present: SMALL.patients - 1, missing: 1, other: 0 });
		expect(r.counts.find((c) => c.plural === 'payments')).toMatchObject({ expected: SMALL.invoices, present: SMALL.invoices, missing: 0 });
		expect(r.nulls.find((x) => x.field === 'dueAt')).toMatchObject({ records: SMALL.appointments, nulls: 1 });
		expect(r.nulls.find((x) => x.field === 'emails.primaryEmail')!.nulls).toBe(0);
		// The destroyed patient's links: taskTargets/noteTargets that pointed at it (SET NULL or cascade leave no orphan id).
		for (const o of r.orphans) expect(o.orphans).toBe(0);
		expect(reportCsv(r)).toMatch(/^section,object,metric,value\r\ncounts,companies,expected,3\r\n/);
		const d = await stagedDiff(ws);
		// Twenty cascades the destroyed patient's task and note links: they are missing too.
		expect(d.missing).toBe(r.counts.reduce((n, c) => n + c.missing, 0));
		expect(
			r.counts
				.filter((c) => c.missing > 0)
				.map((c) => c.plural)
				.sort()
		).toEqual(['noteTargets', 'people', 'taskTargets']);
		expect(d.byField).toEqual(
			expect.arrayContaining([
				{ plural: 'tasks', field: 'dueAt', count: 1 },
				{ plural: 'people', field: 'emails', count: 1 }
			])
		);
		expect(d.differences).toBe(2);
		// A task Twenty no longer holds: its task links are orphans a person can open (ids and source records).
		const linked = (await ws.one<{ id: string }>(
			`select record->>'taskId' as id from loader.readback where plural = 'taskTargets' and (record->>'taskId') is not null order by 1 limit 1`
		))!.id;
		await ws.run(`delete from loader.readback where plural = 'tasks' and id = $1`, [linked]);
		const orphan = (await validationReport(ws)).orphans.find((o) => o.plural === 'taskTargets' && o.link === 'taskId')!;
		expect(orphan.orphans).toBeGreaterThan(0);
		expect(orphan.sample).toHaveLength(Math.min(orphan.orphans, 20));
		for (const x of orphan.sample) expect(x).toEqual({ id: expect.any(String), target: linked, sourceKey: expect.stringMatching(/^\w+:/) });
	});
});

describe('records a run skipped', () => {
	it('are accounted for with their reason, not missing: a patient excluded before the push leaves its links skipped', async () => {
		await readyWorkspace(ws, t);
		const people = (await listBatches(ws)).find((b) => b.plural === 'people')!;
		const { records } = await batchRecords(ws, people.id, { status: 'valid', limit: 1000 });
		const excluded = records.find((r) => r.sourceKey.startsWith('patient:'))!;
		await excludeRecords(ws, people.id, [excluded.sourceKey], 'test patient');
		await approveBatch(ws, people.id, 'test');
		const run = await startRun(ws, undefined, { settings: FAST });
		await run.done;
		const skippedByRun = Object.fromEntries((await runCounts(ws, run.runId)).map((c) => [c.plural, c.skipped]));
		expect(Object.values(skippedByRun).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		await readBack(ws, PLURALS, { settings: FAST });
		const r = await validationReport(ws);
		for (const c of r.counts)
			expect({ plural: c.plural, missing: c.missing, skipped: c.skipped }).toEqual({
				plural: c.plural,
				missing: 0,
				skipped: skippedByRun[c.plural] ?? 0
			});
		const d = await stagedDiff(ws);
		expect({ missing: d.missing, skipped: d.skipped, differences: d.differences }).toEqual({
			missing: 0,
			skipped: Object.values(skippedByRun).reduce((a, b) => a + b, 0),
			differences: 0
		});
	});
});

describe('reading back an empty Twenty', () => {
	it('is a read: the report says when, and that Twenty holds none of the approved records', async () => {
		await readyWorkspace(ws, t);
		expect((await validationReport(ws)).readAt).toBeNull();
		await readBack(ws, PLURALS, { settings: FAST });
		const r = await validationReport(ws);
		expect(r.readAt).not.toBeNull();
		for (const c of r.counts)
			expect({ plural: c.plural, inTwenty: c.inTwenty, missing: c.missing }).toEqual({
				plural: c.plural,
				inTwenty: 0,
				missing: c.expected
			});
	});
});

describe('report export', () => {
	it('renders a self-contained HTML report with a chart', async () => {
		await readyWorkspace(ws, t);
		await (
			await startRun(ws, undefined, { settings: FAST })
		).done;
		await readBack(ws, PLURALS, { settings: FAST });
		const html = reportHtml(await validationReport(ws), ws.name);
		expect(html).toMatch(/<svg[^>]*>/);
		expect(html).toMatch(/<td>people<\/td><td>40<\/td><td>40<\/td><td>0<\/td>/);
		expect(html).not.toContain('@example.org');
	});
});
