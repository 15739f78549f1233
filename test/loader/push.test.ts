import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { listBatches, listRuns, rollbackRun, runCounts, startRun } from '../../src/lib/server/loader/index.js';
import { freshWorkspace } from '../helpers.js';
import {
	confirmHandBuiltStage,
	countsOf,
	expectedCounts,
	FAST,
	readyWorkspace,
	SMALL,
	startTarget,
	twentyIds,
	type Target
} from './fixture.js';

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

describe('relations inside one object', () => {
	it('referring physicians (people) go before the patients (people) that point at them, in chains; a dangling link fails with its reason', async () => {
		const { setTarget } = await import('../../src/lib/server/twenty/index.js');
		const { approveBatch, freezeBatches, runFailures } = await import('../../src/lib/server/loader/index.js');
		await setTarget(ws, t.url, t.sb.apiKey);
		const person = (await t.client.metadata.listObjects()).find((o) => o.nameSingular === 'person')!;
		await t.client.metadata.createField({
			objectMetadataId: person.id,
			type: 'RELATION',
			name: 'referringPhysician',
			label: 'Referring physician',
			relationCreationPayload: {
				targetObjectMetadataId: person.id,
				targetFieldLabel: 'Referred patients',
				targetFieldIcon: 'IconUsers',
				type: 'MANY_TO_ONE'
			}
		});
		await ws.run(`create or replace view stage.people as
			select 'patient:' || i as source_key, ferry.source_id('patient:' || i) as id,
				json_object('name', json_object('firstName', 'P' || i, 'lastName', 'X'), 'referringPhysicianId', ferry.source_id('physician:RP' || (i % 5))) as payload from range(100) t(i)
			union all select 'physician:RP' || i, ferry.source_id('physician:RP' || i), json_object('name', json_object('firstName', 'Dr', 'lastName', 'R' || i),
				'referringPhysicianId', case when i > 0 then ferry.source_id('physician:RP0') end) from range(5) t(i)
			union all select 'patient:zz', ferry.source_id('patient:zz'), json_object('referringPhysicianId', ferry.source_id('physician:gone'))`);
		await ws.run(`create or replace view stage.plan as select 'people' as plural, 2 as step, 'person' as object`);
		await confirmHandBuiltStage(ws);
		for (const b of await freezeBatches(ws, await t.client.metadata.listObjects())) await approveBatch(ws, b.id);
		const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 30 } });
		await run.done;
		expect((await runCounts(ws, run.runId))[0]).toMatchObject({ total: 106, created: 105, failed: 1 });
		const [f] = await runFailures(ws, run.runId);
		expect(f).toMatchObject({ sourceKey: 'patient:zz' });
		expect(f.reason).toMatch(/foreign key/);
		// Three tiers (RP0; RP1-4 and the patients of RP0; the other patients): no refused batch to bisect.
		expect(run.progress().requests).toBeLessThanOrEqual(8);
	});
});

describe('starting a run', () => {
	it('two pushes at once: one run starts, the other is refused naming it', async () => {
		await readyWorkspace(ws, t);
		const [a, b] = await Promise.allSettled([startRun(ws, undefined, { settings: FAST }), startRun(ws, undefined, { settings: FAST })]);
		const started = [a, b].filter((x): x is PromiseFulfilledResult<Awaited<ReturnType<typeof startRun>>> => x.status === 'fulfilled');
		const refused = [a, b].filter((x): x is PromiseRejectedResult => x.status === 'rejected');
		expect(started).toHaveLength(1);
		expect(refused.map((r) => (r.reason as Error).message)).toEqual([
			`run ${started[0].value.runId} is still running: resume it (or roll it back) before starting another run`
		]);
		expect((await started[0].value.done).status).toBe('done');
		expect(await listRuns(ws)).toHaveLength(1);
	});

	it('a target it cannot use refuses the push with the reason and leaves no run behind', async () => {
		await readyWorkspace(ws, t);
		const file = path.join(ws.dir, 'twenty-api-key');
		fs.chmodSync(file, 0o644);
		await expect(startRun(ws, undefined, { settings: FAST })).rejects.toMatchObject({
			status: 409,
			message: expect.stringMatching(/readable by others .*chmod 600/)
		});
		expect(await listRuns(ws)).toEqual([]);
		fs.chmodSync(file, 0o600);
		const run = await startRun(ws, undefined, { settings: FAST });
		expect(run.runId).toBe(1);
		expect((await run.done).status).toBe('done');
	});
});
