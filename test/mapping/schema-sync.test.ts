// Schema sync against the sandbox, current Twenty and v1.5: a SELECT field that exists but
// lacks options Ferry needs is planned as "add options" and updated through the metadata API
// (existing option ids and records kept; re-run is a no-op); link fields take the target's
// spelling (taskTarget.targetPersonId since v1.17, personId before) and the staged payloads
// link in the sandbox.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import {
	applySchemaPlan,
	compileMapping,
	confirmFields,
	loadMapping,
	makeOptions,
	planMarkdown,
	readSchemaPlan,
	resetMapping,
	saveMapping
} from '../../src/lib/server/mapping/index.js';
import { createSandbox, type Sandbox } from '../../src/lib/server/sandbox/index.js';
import { createTwentyClient, TwentyError, type TwentyClient } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';

let ws: Workspace;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
	ws = await freshWorkspace('mapsync');
	await importExport(ws, path.resolve('data/sample'));
}, 30_000);
afterAll(() => sandboxes.forEach((s) => s.reset()));

function sandbox(profile: 'current' | 'v1.5'): TwentyClient {
	const sb = createSandbox({ profile });
	sb.setRateLimit(false);
	sandboxes.push(sb);
	return createTwentyClient({
		url: 'http://sandbox.local',
		apiKey: sb.apiKey,
		fetch: ((input: string, init?: RequestInit) => sb.app.fetch(new Request(input, init))) as typeof fetch
	});
}
const fieldOf = async (c: TwentyClient, object: string, name: string) =>
	(await c.metadata.listObjects()).find((o) => o.nameSingular === object)!.fields.find((f) => f.name === name)!;
const row = async (sql: string) => {
	const r = (await ws.one<{ id: string; payload: string }>(sql))!;
	return { id: r.id, ...JSON.parse(r.payload) };
};

for (const profile of ['current', 'v1.5'] as const) {
	describe(`schema sync against the ${profile} sandbox`, () => {
		let c: TwentyClient;
		const link = profile === 'current' ? 'targetPersonId' : 'personId';
		const noteLink = profile === 'current' ? 'targetNoteId' : 'noteId';

		it("link fields take the target's names; the whole plan applies; payloads link in Twenty", async () => {
			c = sandbox(profile);
			await resetMapping(ws);
			const plan = await readSchemaPlan(ws, await loadMapping(ws), c);
			expect(plan.conflicts).toEqual([]);
			const m = await loadMapping(ws);
			const targets = (id: string) =>
				m.sources
					.find((s) => s.id === id)!
					.fields.filter((f) => f.type === 'RELATION')
					.map((f) => f.target);
			expect(targets('appointmentTargets')).toEqual(['taskId', link]);
			expect(targets('clinicalNoteTargets')).toEqual(['noteId', link]);
			expect(targets('attachments')).toEqual([noteLink]);
			const applied = await applySchemaPlan(ws, m, c);
			expect(applied.plan).toEqual({ createObjects: [], createFields: [], updateFields: [], conflicts: [] });

			await confirmFields(ws, { confirmed: true });
			await compileMapping(ws, await loadMapping(ws));
			const tt = await row(`select id, payload::varchar as payload from stage."taskTargets" order by source_key limit 1`);
			expect(Object.keys(tt).sort()).toEqual(['id', link, 'taskId'].sort());
			const person = await row(`select id, payload::varchar as payload from stage.people where id = ${`'${tt[link]}'`}`);
			const task = await row(`select id, payload::varchar as payload from stage.tasks where id = '${tt.taskId}'`);
			// Pushed bare (the relations Ferry's own map adds need their targets): the link is what is under test.
			await c.create('people', { id: person.id, name: person.name });
			await c.create('tasks', { id: task.id, title: task.title });
			await c.create('taskTargets', tt);
			const got = await c.get<Record<string, unknown>>('taskTargets', tt.id);
			expect(got[link]).toBe(person.id);
			expect(got.taskId).toBe(task.id);
		}, 60_000);

		it('a SELECT lacking options: the plan says "add options", apply adds them, keeps ids and records; re-run is a no-op', async () => {
			const m = await loadMapping(ws);
			const billing = m.sources.find((s) => s.id === 'patients')!.fields.find((f) => f.target === 'billingStatus')!;
			const appType = m.sources.find((s) => s.id === 'appointments')!.fields.find((f) => f.target === 'appointmentType')!;
			billing.options = [
				...billing.options!,
				...makeOptions(['Written Off', 'Payment Plan']).map((o, i) => ({ ...o, color: ['red', 'blue'][i] }))
			];
			appType.options = [...appType.options!, ...makeOptions(['Hydrotherapy'])];
			await saveMapping(ws, m);

			const before = await fieldOf(c, 'person', 'billingStatus');
			const paid = await c.create<{ id: string }>('people', { name: { firstName: 'A', lastName: 'B' }, billingStatus: 'PAID' });
			await expect(c.create('people', { name: { firstName: 'C', lastName: 'D' }, billingStatus: 'WRITTEN_OFF' })).rejects.toBeInstanceOf(
				TwentyError
			);

			const plan = await readSchemaPlan(ws, m, c);
			expect(plan.conflicts).toEqual([]);
			expect(plan.createFields).toEqual([]);
			expect(plan.updateFields.map((u) => [u.object, u.name, u.add.map((o) => o.value)])).toEqual([
				['person', 'billingStatus', ['WRITTEN_OFF', 'PAYMENT_PLAN']],
				['task', 'appointmentType', ['HYDROTHERAPY']]
			]);
			expect(planMarkdown(plan)).toContain(
				'- [ ] person: **Billing Status** `billingStatus`: add options Written Off (WRITTEN_OFF, red), Payment Plan (PAYMENT_PLAN, blue)'
			);

			const applied = await applySchemaPlan(ws, m, c);
			expect(applied).toMatchObject({ objects: 0, fields: 0, updated: 2 });
			expect(applied.plan).toEqual({ createObjects: [], createFields: [], updateFields: [], conflicts: [] });
			const after = await fieldOf(c, 'person', 'billingStatus');
			expect(after.options!.map((o) => o.value)).toEqual([...before.options!.map((o) => o.value), 'WRITTEN_OFF', 'PAYMENT_PLAN']);
			for (const o of before.options!) expect(after.options!.find((x) => x.value === o.value)!.id).toBe(o.id);
			expect(new Set(after.options!.map((o) => o.position)).size).toBe(after.options!.length);
			expect((await c.get<{ billingStatus: string }>('people', paid.id)).billingStatus).toBe('PAID');
			expect(
				(await c.create<{ billingStatus: string }>('people', { name: { firstName: 'C', lastName: 'D' }, billingStatus: 'WRITTEN_OFF' }))
					.billingStatus
			).toBe('WRITTEN_OFF');

			expect(await readSchemaPlan(ws, m, c)).toEqual({ createObjects: [], createFields: [], updateFields: [], conflicts: [] });
			expect(await applySchemaPlan(ws, m, c)).toMatchObject({ objects: 0, fields: 0, updated: 0 });
		}, 60_000);

		it('the sandbox refuses a bad option update as Twenty does', async () => {
			const f = await fieldOf(c, 'person', 'billingStatus');
			await expect(
				c.metadata.updateField(f.id, { options: [...f.options!, { value: 'bad value', label: 'Bad', color: 'red', position: 99 }] })
			).rejects.toThrow(/UPPER_CASE/);
			await expect(c.metadata.updateField(f.id, { type: 'TEXT' })).rejects.toThrow(/cannot be updated/);
			await expect(c.metadata.updateField('00000000-0000-4000-8000-000000000000', { label: 'x' })).rejects.toThrow(/not found/);
			expect((await fieldOf(c, 'person', 'billingStatus')).options).toEqual(f.options);
		});
	});
}
