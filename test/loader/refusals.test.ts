// What a real Twenty refuses, and what the loader does about it: no record is sent while a record
// it points at failed (held back, with the reason); a refused record is found with one request per
// halving; the batch ceiling is learned from Twenty's own refusal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import {
	approveBatch,
	failedRecord,
	freezeBatches,
	retryFailed,
	runCounts,
	runFailures,
	startRun
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
});
