// What a real Twenty refuses, and what the loader does about it: no record is sent while a record
// it points at failed (held back, with the reason); a refused record is found with one request per
// halving; the batch ceiling is learned from Twenty's own refusal; an optional link the map lets go
// is dropped from its record instead, and counted as unresolved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import {
	approveBatch,
	excludeRecords,
	failedRecord,
	freezeBatches,
	readBack,
	retryFailed,
	runCounts,
	runFailures,
	stagedDiff,
	startRun,
	unresolvedCounts,
	validationReport
} from '../../src/lib/server/loader/index.js';
import { setTarget } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';
import { confirmHandBuiltStage, createPayments, FAST, stageFixture, startTarget, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('refusals');
});
afterEach(() => t.close());

async function freezeAndApprove(): Promise<void> {
	await confirmHandBuiltStage(ws);
	for (const b of await freezeBatches(ws, await t.client.metadata.listObjects())) await approveBatch(ws, b.id, 'test');
}

describe('a record Twenty refuses', () => {
	it('holds back everything that points at it, down the chain, with the reason; nothing dangling is sent', async () => {
		await setTarget(ws, t.url, t.apiKey);
		await createPayments(t.client);
		await stageFixture(ws);
		await ws.run(`create or replace view stage.companies as select 'location:L' || i as source_key, ferry.source_id('location:L' || i) as id,
			json_object('name', 'Clinic ' || i, 'domainName', json_object('primaryLinkUrl', 'https://clinic' || i || '.example')) as payload from range(3) t(i)`);
		// Someone already holds clinic1's site in Twenty: Twenty compares it after lower-casing the host and dropping the slash.
		await t.client.create('companies', { name: 'Other', domainName: { primaryLinkUrl: 'https://CLINIC1.example/' } });
		await freezeAndApprove();
		const run = await startRun(ws, undefined, { settings: FAST });
		const p = await run.done;
		expect(p.status).toBe('done');
		const counts = Object.fromEntries((await runCounts(ws, run.runId)).map((c) => [c.plural, c]));
		expect(counts.companies).toMatchObject({ created: 2, failed: 1 });
		// Patients of L1 (i % 3 = 1: 13 of 40), then their appointments' and notes' targets.
		expect(counts.people).toMatchObject({ created: 27, skipped: 13, failed: 0 });
		expect(counts.taskTargets.skipped).toBe(10);
		expect(counts.noteTargets.skipped).toBe(7);
		expect(Object.values(counts).reduce((n, c) => n + c.failed, 0)).toBe(1);
		const reasons = await ws.all<{ plural: string; reason: string }>(
			`select plural, reason from loader.ledger where run_id = $1 and status = 'skipped' order by plural`,
			[run.runId]
		);
		expect(
			reasons
				.filter((r) => r.plural === 'people')
				.every((r) => r.reason.startsWith('held back: it points at companies location:L1, which Twenty refused'))
		).toBe(true);
		expect(
			reasons
				.filter((r) => r.plural === 'taskTargets')
				.every((r) => /held back: it points at people patient:\d+, which was held back/.test(r.reason))
		).toBe(true);
		const [f] = await runFailures(ws, run.runId);
		expect(f).toMatchObject({ plural: 'companies', sourceKey: 'location:L1', reason: expect.stringMatching(/duplicate/i) });
		// The refused chunk of 3: its call, then one call per halving (log2 3 → 2).
		expect(p.refusalRequests).toBeLessThanOrEqual(3);
		expect(t.sb.store.table('person').rows.size).toBe(27);

		// Opened where it is shown: what was sent and Twenty's refusal; fixed and retried in a run of its
		// own, which carries what was held back because of it and nothing else.
		const opened = await failedRecord(ws, run.runId, 'location:L1');
		expect(opened).toMatchObject({ plural: 'companies', reason: f.reason, payload: { name: 'Clinic 1' } });
		await expect(retryFailed(ws, run.runId, ['location:L0'])).rejects.toThrow(/has no failed record location:L0/);
		const objects = await t.client.metadata.listObjects();
		await expect(
			retryFailed(ws, run.runId, ['location:L1'], { payload: { ...opened.payload, name: 42 }, objects, settings: FAST })
		).rejects.toThrow(/still invalid/);
		const payload = { ...opened.payload, domainName: { primaryLinkUrl: 'https://clinic1-new.example' } };
		const retry = await retryFailed(ws, run.runId, ['location:L1'], { payload, objects, settings: FAST, actor: 'tester' });
		expect((await retry.done).status).toBe('done');
		const again = Object.fromEntries((await runCounts(ws, retry.runId)).map((c) => [c.plural, c]));
		expect(again.companies).toMatchObject({ total: 1, created: 1, failed: 0 });
		expect(again.people).toMatchObject({ total: 13, created: 13 });
		expect(again.taskTargets).toMatchObject({ total: 10, created: 10 });
		expect(again.noteTargets).toMatchObject({ total: 7, created: 7 });
		expect(Object.values(again).reduce((n, c) => n + c.total, 0)).toBe(1 + 13 + 10 + 7);
		expect(t.sb.store.table('person').rows.size).toBe(40);
	});

	it('costs at most log2(chunk) more requests to find in a full chunk, and the ceiling is learned from the refusal', async () => {
		await setTarget(ws, t.url, t.apiKey);
		// 450 people; one points at a company Twenty does not hold (not in this run: only Twenty can tell).
		await ws.run(`create or replace view stage.people as select 'patient:' || (1000 + i) as source_key, ferry.source_id('patient:' || (1000 + i)) as id,
			json_object('name', json_object('firstName', 'P' || i, 'lastName', 'X'), 'companyId', case when i = 77 then ferry.source_id('location:gone') end) as payload from range(450) t(i)`);
		await ws.run(`create or replace view stage.plan as select 'people' as plural, 1 as step, 'person' as object`);
		await freezeAndApprove();
		const run = await startRun(ws, undefined, { settings: FAST });
		const p = await run.done;
		expect(p.batchSize).toBe(200); // asked 1000, Twenty said "Maximum number of records to upsert is 200."
		expect((await runCounts(ws, run.runId))[0]).toMatchObject({ total: 450, created: 449, failed: 1 });
		const [f] = await runFailures(ws, run.runId);
		expect(f).toMatchObject({ sourceKey: 'patient:1077', reason: expect.stringMatching(/foreign key/) });
		// 1 refused ceiling probe + the refused chunk of 200 + ceil(log2 200) = 8 halvings + 1 last try after the object.
		expect(p.refusalRequests).toBeLessThanOrEqual(1 + 1 + 8 + 1);
		// 3 chunks (200, 200, 50) plus the refusals; the set-aside halves travel in one more full chunk at most.
		expect(p.requests).toBeLessThanOrEqual(3 + p.refusalRequests + 1);
	});

	it('sends a record without an optional link the map lets go, and records the link as unresolved', async () => {
		// As the first case (L1 refused by Twenty), and a person excluded L2; the map says people.companyId may go without its company.
		await setTarget(ws, t.url, t.apiKey);
		await createPayments(t.client);
		await stageFixture(ws);
		await ws.run(`create or replace view stage.companies as select 'location:L' || i as source_key, ferry.source_id('location:L' || i) as id,
			json_object('name', 'Clinic ' || i, 'domainName', json_object('primaryLinkUrl', 'https://clinic' || i || '.example')) as payload from range(3) t(i)`);
		await ws.run(`create or replace view stage.optional_links as select 'people' as plural, 'companyId' as field`);
		await t.client.create('companies', { name: 'Other', domainName: { primaryLinkUrl: 'https://CLINIC1.example/' } });
		await confirmHandBuiltStage(ws);
		const batches = await freezeBatches(ws, await t.client.metadata.listObjects());
		expect(batches.find((b) => b.plural === 'people')!.sendWithout).toEqual(['companyId']);
		expect(batches.find((b) => b.plural === 'companies')!.sendWithout).toEqual([]);
		await excludeRecords(ws, batches.find((b) => b.plural === 'companies')!.id, ['location:L2'], 'closed site');
		for (const b of batches) await approveBatch(ws, b.id, 'test');
		const run = await startRun(ws, undefined, { settings: FAST });
		expect((await run.done).status).toBe('done');
		const counts = Object.fromEntries((await runCounts(ws, run.runId)).map((c) => [c.plural, c]));
		expect(counts.companies).toMatchObject({ total: 2, created: 1, failed: 1 });
		// Every patient went (13 of L1, 13 of L2 without their company); nothing down the chain is held back.
		expect(counts.people).toMatchObject({ total: 40, created: 40, skipped: 0, failed: 0 });
		for (const p of ['tasks', 'taskTargets', 'notes', 'noteTargets', 'payments']) expect([p, counts[p].skipped]).toEqual([p, 0]);
		expect(await unresolvedCounts(ws, run.runId)).toEqual([
			{
				plural: 'people',
				field: 'companyId',
				records: 26,
				example: 'patient:100001 → companies location:L1, which Twenty refused in this run'
			}
		]);
		const why = await ws.all<{ k: string; reason: string }>(
			`select source_key as k, target_key || ' ' || reason as reason from loader.unresolved where run_id = $1 order by k`,
			[run.runId]
		);
		expect(why.find((w) => w.k === 'patient:100002')?.reason).toBe('location:L2 is excluded from its batch');
		// Twenty holds them without the link; the rest keep theirs.
		const people = [...t.sb.store.table('person').rows.values()];
		expect(people.filter((p) => p.companyId == null).length).toBe(26);
		expect(people.filter((p) => p.companyId != null).length).toBe(14);
		// The validation report counts them.
		await readBack(ws, ['companies', 'people'], { settings: FAST });
		const report = await validationReport(ws);
		expect(report.unresolved).toEqual([expect.objectContaining({ plural: 'people', field: 'companyId', records: 26 })]);
		expect(report.counts.find((c) => c.plural === 'people')).toMatchObject({ expected: 40, present: 40, missing: 0 });
		// The link left out is accounted for, not a field difference; the others read back as staged.
		expect((await stagedDiff(ws, { plurals: ['people'] })).differences).toBe(0);
	});
});
