// Freezing, validation against the target's metadata, fix / exclude, approval, guards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import {
	acknowledgeLosses,
	approveBatch,
	batchLosses,
	batchRecords,
	excludeRecords,
	fixRecord,
	freezeBatches,
	CONFIRMED_MAP_SETTING,
	listBatches,
	runCounts,
	runLosses,
	startRun,
	validationReport
} from '../../src/lib/server/loader/index.js';
import { setTarget } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';
import { confirmHandBuiltStage, createPayments, FAST, stageFixture, startTarget, twentyIds, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('batches');
	await setTarget(ws, t.url, t.sb.apiKey);
	await createPayments(t.client);
	await stageFixture(ws);
});
afterEach(() => t.close());

async function breakSomePeople() {
	await ws.run(`create or replace view stage.people as
		select source_key, id, case source_key
			when 'patient:100001' then json_merge_patch(payload, '{"favouriteColour":"blue"}')
			when 'patient:100002' then json_merge_patch(payload, '{"emails":{"primary":"x@y.z"}}')
			when 'patient:100003' then json_merge_patch(payload, '{"companyId":"not-a-uuid"}')
			else payload end as payload
		from (select 'patient:' || (100000 + i) as source_key, ferry.source_id('patient:' || (100000 + i)) as id,
			json_object('name', json_object('firstName', 'P', 'lastName', 'Q')) as payload from range(10) t(i))
		union all select 'patient:999', ferry.source_id('patient:998'), '{}'::json`);
	await ws.run(
		`create or replace view stage.tasks as select 'appointment:1' as source_key, ferry.source_id('appointment:1') as id, '{"status":"BOOKED"}'::json as payload`
	);
}

describe('batches', () => {
	it('reports invalid records with reasons that name the field and the rule', async () => {
		await breakSomePeople();
		const batches = await freezeBatches(ws, await t.client.metadata.listObjects());
		const people = batches.find((b) => b.plural === 'people')!;
		expect(people).toMatchObject({ records: 11, valid: 7, invalid: 4, status: 'draft' });
		const { records } = await batchRecords(ws, people.id, { status: 'invalid' });
		const reasons = Object.fromEntries(records.map((r) => [r.sourceKey, r.reasons.join(' | ')]));
		expect(reasons['patient:100001']).toMatch(/unknown field 'favouriteColour' on person/);
		expect(reasons['patient:100002']).toMatch(/emails: unknown field 'primary'/);
		expect(reasons['patient:100003']).toMatch(/companyId must be a record id/);
		expect(reasons['patient:999']).toMatch(/not the deterministic id/);
		const tasks = batches.find((b) => b.plural === 'tasks')!;
		expect((await batchRecords(ws, tasks.id)).records[0].reasons[0]).toMatch(
			/status: not one of the target's options \(TODO, IN_PROGRESS, DONE\)/
		);
	});

	it('approval is refused while records are invalid; fix and exclude clear the way; only approved batches push', async () => {
		await breakSomePeople();
		const batches = await freezeBatches(ws, await t.client.metadata.listObjects());
		const people = batches.find((b) => b.plural === 'people')!;
		await expect(approveBatch(ws, people.id)).rejects.toThrow(/4 invalid record\(s\)/);
		const fixed = await fixRecord(
			ws,
			people.id,
			'patient:100001',
			{ name: { firstName: 'P', lastName: 'Q' } },
			await t.client.metadata.listObjects()
		);
		expect(fixed.status).toBe('valid');
		await excludeRecords(ws, people.id, ['patient:100002', 'patient:100003', 'patient:999'], 'bad source data');
		expect(await approveBatch(ws, people.id)).toMatchObject({ status: 'approved', valid: 8, excluded: 3 });
		const tasks = batches.find((b) => b.plural === 'tasks')!;
		await expect(startRun(ws, [people.id, tasks.id], { settings: FAST })).rejects.toThrow(/batch \d+ \(tasks\) is not approved/);
		await confirmHandBuiltStage(ws);
		const run = await startRun(ws, [people.id], { settings: FAST });
		await run.done;
		expect(twentyIds(t).people.length).toBe(8);
		expect((await runCounts(ws, run.runId))[0]).toMatchObject({ total: 8, created: 8 });
	});

	it('a run sends only batches frozen from the map confirmed now: anything else stops it before anything moves', async () => {
		const objects = await t.client.metadata.listObjects();
		const batches = await freezeBatches(ws, objects);
		for (const b of batches) await approveBatch(ws, b.id);
		const requestsBefore = t.sb.state().requests.total;
		await expect(startRun(ws, undefined, { settings: FAST })).rejects.toThrow(/mapping is not confirmed/);
		// A map confirmed after the freeze does not cover batches frozen before it.
		await ws.run(`insert or replace into ferry.settings values ($1, 'confirmed-later')`, [CONFIRMED_MAP_SETTING]);
		await expect(startRun(ws, undefined, { settings: FAST })).rejects.toThrow(
			/batch \d+ \(companies\).* frozen from a map that was not confirmed: freeze them again/
		);
		// Frozen from a confirmed map that has changed since: refused too.
		const [people] = await freezeBatches(ws, objects, ['people']);
		await approveBatch(ws, people.id);
		await ws.run(`insert or replace into ferry.settings values ($1, 'changed-since')`, [CONFIRMED_MAP_SETTING]);
		await expect(startRun(ws, [people.id], { settings: FAST })).rejects.toThrow(
			`batch ${people.id} (people) was frozen from another version of the map`
		);
		expect(t.sb.state().requests.total).toBe(requestsBefore);
	});
});

describe('unique values inside a batch', () => {
	it('a second record with the same email (any case) is invalid, naming the first', async () => {
		await ws.run(`create or replace view stage.people as select 'patient:' || i as source_key, ferry.source_id('patient:' || i) as id,
			json_object('emails', json_object('primaryEmail', case when i in (1, 2) then (case i when 1 then 'Twin@Example.org' else 'twin@example.org' end) else 'p' || i || '@example.org' end)) as payload from range(5) t(i)`);
		const [people] = await freezeBatches(ws, await t.client.metadata.listObjects(), ['people']);
		expect(people).toMatchObject({ valid: 4, invalid: 1 });
		const { records } = await batchRecords(ws, people.id, { status: 'invalid' });
		expect(records[0].sourceKey).toBe('patient:2');
		expect(records[0].reasons[0]).toBe('emails.primaryEmail is also staged for patient:1 (Twenty keeps it unique)');
	});
});

describe('links to excluded records', () => {
	it('are skipped with a reason instead of bouncing off Twenty', async () => {
		const batches = await freezeBatches(ws, await t.client.metadata.listObjects());
		const people = batches.find((b) => b.plural === 'people')!;
		await excludeRecords(ws, people.id, ['patient:100000'], 'test patient');
		for (const b of batches) await approveBatch(ws, b.id);
		await confirmHandBuiltStage(ws);
		const run = await startRun(ws, undefined, { settings: FAST });
		await run.done;
		const counts = Object.fromEntries((await runCounts(ws, run.runId)).map((c) => [c.plural, c]));
		// patient 0 has appointments 0 and 40… (i % 40 = 0) and notes 0 (i % 40 = 0): one each in SMALL.
		expect(counts.taskTargets).toMatchObject({ total: 30, created: 29, skipped: 1, failed: 0 });
		expect(counts.noteTargets).toMatchObject({ total: 20, created: 19, skipped: 1, failed: 0 });
		const skipped = await ws.one<{ reason: string }>(`select reason from loader.ledger where run_id = $1 and status = 'skipped' limit 1`, [
			run.runId
		]);
		expect(skipped?.reason).toBe('points at patient:100000, which is excluded from its batch');
		expect(twentyIds(t).taskTargets.length).toBe(29);
	});
});

describe('what the map lost (issue 14)', () => {
	it('is counted per batch at freeze; approval and push are refused until a person acknowledges it', async () => {
		// As compile writes it: one row per lost value, keyed; one record lost whole (no key), counted on a full freeze.
		await ws.run(`create or replace table stage.losses as select * from (values
			('people', 'patients', 'emails.primaryEmail', 'email', 'not a valid email address', 'patient:100001'),
			('people', 'patients', 'emails.primaryEmail', 'email', 'not a valid email address', 'patient:100002'),
			('people', 'patients', 'companyId', 'location_id', 'refers to a record the export does not have', 'patient:100002'),
			('people', 'patients', '(record)', 'patient_id', 'record not staged: its key is empty', null),
			('payments', 'invoices', 'amount', 'total', 'not an amount', 'invoice:3')
		) t(plural, source, target, "column", reason, source_key)`);
		const batches = await freezeBatches(ws, await t.client.metadata.listObjects());
		const people = batches.find((b) => b.plural === 'people')!;
		expect(people).toMatchObject({ lost: 4, lossesAcknowledgedBy: null });
		expect(batches.find((b) => b.plural === 'payments')).toMatchObject({ lost: 1 });
		expect(batches.find((b) => b.plural === 'tasks')).toMatchObject({ lost: 0 });
		expect(await batchLosses(ws, people.id)).toEqual([
			{ source: 'patients', target: 'emails.primaryEmail', column: 'email', reason: 'not a valid email address', records: 2 },
			{ source: 'patients', target: '(record)', column: 'patient_id', reason: 'record not staged: its key is empty', records: 1 },
			{ source: 'patients', target: 'companyId', column: 'location_id', reason: 'refers to a record the export does not have', records: 1 }
		]);
		await expect(approveBatch(ws, people.id, 'ana')).rejects.toThrow(
			/batch \d+ \(people\) has 4 value\(s\), reference\(s\) or file\(s\) the map could not stage \(2 emails.primaryEmail not a valid email address; .*acknowledge/
		);
		expect((await listBatches(ws)).find((b) => b.id === people.id)?.status).toBe('draft');
		// Acknowledged: who and when, in the batch and the audit log; then approval goes through.
		const acked = await acknowledgeLosses(ws, people.id, 'ana');
		expect(acked).toMatchObject({ lost: 4, lossesAcknowledgedBy: 'ana' });
		expect(acked.lossesAcknowledgedAt).toBeTruthy();
		const audit = await ws.one<{ actor: string; detail: string }>(
			`select actor, detail::varchar as detail from ferry.audit_log where action = 'loader.acknowledge-losses'`
		);
		expect(audit?.actor).toBe('ana');
		expect(JSON.parse(audit!.detail)).toMatchObject({ plural: 'people', lost: 4 });
		expect(await approveBatch(ws, people.id, 'ana')).toMatchObject({ status: 'approved' });
		// The flag approves and acknowledges at once; the rest carry nothing to acknowledge.
		for (const b of batches.filter((x) => x.id !== people.id))
			await approveBatch(ws, b.id, 'bo', { acknowledgeLosses: b.plural === 'payments' });
		// A batch approved before acknowledgements existed still cannot move: the run's check names it.
		await confirmHandBuiltStage(ws);
		await ws.run(`delete from loader.loss_acks where batch_id = $1`, [people.id]);
		await expect(startRun(ws, undefined, { settings: FAST })).rejects.toThrow(/push refused: .*batch \d+ \(people\) has 4 value/);
		await acknowledgeLosses(ws, people.id, 'ana');
		const run = await startRun(ws, undefined, { settings: FAST });
		expect((await run.done).status).toBe('done');
		// The run and the validation report name the losses and who acknowledged them.
		const lost = await runLosses(ws, run.runId);
		expect(lost.map((l) => [l.plural, l.target, l.records, l.acknowledgedBy])).toEqual([
			['people', 'emails.primaryEmail', 2, 'ana'],
			['people', '(record)', 1, 'ana'],
			['people', 'companyId', 1, 'ana'],
			['payments', 'amount', 1, 'bo']
		]);
		const report = await validationReport(ws);
		expect(report.losses.reduce((n, l) => n + l.records, 0)).toBe(5);
		expect(report.losses.every((l) => l.acknowledgedBy)).toBe(true);
	});

	it('a sample counts only the losses of the records it takes', async () => {
		await ws.run(`create or replace table stage.losses as select * from (values
			('people', 'patients', 'emails.primaryEmail', 'email', 'not a valid email address', 'patient:100001'),
			('people', 'patients', 'emails.primaryEmail', 'email', 'not a valid email address', 'patient:999999')
		) t(plural, source, target, "column", reason, source_key)`);
		const frozen = await freezeBatches(ws, await t.client.metadata.listObjects(), ['people'], `source_key = 'patient:100001'`);
		expect(frozen[0]).toMatchObject({ records: 1, lost: 1 });
	});
});
