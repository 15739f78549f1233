// Read-back, the post-migration validation report and the staged-vs-Twenty diff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { readBack, reportCsv, reportHtml, stagedDiff, startRun, validationReport } from '../../src/lib/server/loader/index.js';
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
		await (await startRun(ws, undefined, { settings: FAST })).done;
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
		expect(r.counts.filter((c) => c.missing > 0).map((c) => c.plural).sort()).toEqual(['noteTargets', 'people', 'taskTargets']);
		expect(d.byField).toEqual(expect.arrayContaining([{ plural: 'tasks', field: 'dueAt', count: 1 }, { plural: 'people', field: 'emails', count: 1 }]));
		expect(d.differences).toBe(2);
	});
});

describe('report export', () => {
	it('renders a self-contained HTML report with a chart', async () => {
		await readyWorkspace(ws, t);
		await (await startRun(ws, undefined, { settings: FAST })).done;
		await readBack(ws, PLURALS, { settings: FAST });
		const html = reportHtml(await validationReport(ws), ws.name);
		expect(html).toMatch(/<svg[^>]*>/);
		expect(html).toMatch(/<td>people<\/td><td>40<\/td><td>40<\/td><td>0<\/td>/);
		expect(html).not.toContain('@example.org');
	});
});
