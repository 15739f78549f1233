// Freezing, validation against the target's metadata, fix / exclude, approval, guards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { approveBatch, batchRecords, excludeRecords, fixRecord, freezeBatches, CONFIRMED_MAP_SETTING, runCounts, startRun } from '../../src/lib/server/loader/index.js';
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
	await ws.run(`create or replace view stage.tasks as select 'appointment:1' as source_key, ferry.source_id('appointment:1') as id, '{"status":"BOOKED"}'::json as payload`);
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
		expect((await batchRecords(ws, tasks.id)).records[0].reasons[0]).toMatch(/status: not one of the target's options \(TODO, IN_PROGRESS, DONE\)/);
	});

	it('approval is refused while records are invalid; fix and exclude clear the way; only approved batches push', async () => {
		await breakSomePeople();
		const batches = await freezeBatches(ws, await t.client.metadata.listObjects());
		const people = batches.find((b) => b.plural === 'people')!;
		await expect(approveBatch(ws, people.id)).rejects.toThrow(/4 invalid record\(s\)/);
		const fixed = await fixRecord(ws, people.id, 'patient:100001', { name: { firstName: 'P', lastName: 'Q' } }, await t.client.metadata.listObjects());
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
		await expect(startRun(ws, undefined, { settings: FAST })).rejects.toThrow(/batch \d+ \(companies\).* frozen from a map that was not confirmed: freeze them again/);
		// Frozen from a confirmed map that has changed since: refused too.
		const [people] = await freezeBatches(ws, objects, ['people']);
		await approveBatch(ws, people.id);
		await ws.run(`insert or replace into ferry.settings values ($1, 'changed-since')`, [CONFIRMED_MAP_SETTING]);
		await expect(startRun(ws, [people.id], { settings: FAST })).rejects.toThrow(`batch ${people.id} (people) was frozen from another version of the map`);
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
		const skipped = await ws.one<{ reason: string }>(`select reason from loader.ledger where run_id = $1 and status = 'skipped' limit 1`, [run.runId]);
		expect(skipped?.reason).toBe('points at patient:100000, which is excluded from its batch');
		expect(twentyIds(t).taskTargets.length).toBe(29);
	});
});
