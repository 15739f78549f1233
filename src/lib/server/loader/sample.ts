// The sample migration (issue 7, 2): a representative slice of patients with everything that
// hangs off them, frozen into batches like a full run. Set-based over the stage views:
//  1. edges = every UUID in a payload that is another staged record's id;
//  2. each patient owns what is reachable from it without passing through people or companies
//     (its task/note links, tasks, notes, attachments, invoices);
//  3. one patient per facet value (appointment status, note kind, outstanding invoice, location,
//     insurer, referring physician, merged duplicate, attachment), then more by a stable hash;
//  4. the slice = those patients, what they own, and everything those records point at
//     (locations, insurers, physicians, emergency contacts), recursively.
import { countRows, type Workspace } from '../db/index.js';
import type { ObjectMetadata } from '../twenty/index.js';
import { freezeBatches, readPlan, type BatchSummary } from './batches.js';
import { ensureLoader } from './schema.js';
import { FerryError } from '../errors.js';

const UUID = `'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'`;

/** Facets a sample must cover: (plural, SQL value of a record, label). */
const FACETS: Array<{ plural: string; value: string }> = [
	{ plural: 'tasks', value: `'status:' || coalesce(payload->>'appointmentStatus', payload->>'status')` },
	{ plural: 'notes', value: `'note:' || coalesce(payload->>'noteType', split_part(source_key, ':', 1))` },
	{
		plural: 'payments',
		value: `case when coalesce((payload->'balanceDue'->>'amountMicros')::double, 0) > 0 then 'invoice:outstanding' else 'invoice:paid' end`
	},
	{ plural: 'attachments', value: `'attachment'` }
];

export async function freezeSample(ws: Workspace, objects: ObjectMetadata[], o: { patients: number }): Promise<BatchSummary[]> {
	if (!(o.patients >= 1 && o.patients <= 100_000)) throw new FerryError(`patients: give a number from 1 to 100000, got ${o.patients}`);
	await ensureLoader(ws);
	const plan = await readPlan(ws);
	const union = plan
		.map((p) => `select '${p.plural}' as plural, source_key, id, payload::varchar as payload from stage."${p.plural}"`)
		.join(' union all ');
	const picked = await ws.withConnection(async (c) => {
		await c.run(`create or replace temp table s_nodes as ${union}`);
		await c.run(`create or replace temp table s_edges as select distinct n.id as a, r.rid as b from
			(select id, unnest(regexp_extract_all(payload, ${UUID})) as rid from s_nodes) r join s_nodes n on n.id = r.id join s_nodes t on t.id = r.rid where r.rid <> n.id`);
		await c.run(
			`create or replace temp table s_owner as select id, id as owner from s_nodes where plural = 'people' and source_key like 'patient:%'`
		);
		for (let i = 0; i < 6; i++)
			await c.run(`insert into s_owner select distinct on (x.id) x.id, x.owner from (
				select e.b as id, o.owner from s_edges e join s_owner o on o.id = e.a union all select e.a, o.owner from s_edges e join s_owner o on o.id = e.b) x
				join s_nodes n on n.id = x.id where n.plural not in ('people', 'companies') and x.id not in (select id from s_owner)`);
		// Facets from the people themselves: location, insurer, referring physician (any person/company they point at), merged duplicates.
		const facetSql = [
			...FACETS.map(
				(f) => `select ${f.value} as facet, o.owner from s_nodes n join s_owner o on o.id = n.id where n.plural = '${f.plural}'`
			),
			`select case when t.source_key like 'patient:%' then 'contact-is-patient' else 'points-at:' || e.b end as facet, e.a as owner
				from s_edges e join s_owner o on o.id = e.a and o.owner = e.a join s_nodes t on t.id = e.b`,
			`select 'merged' as facet, n.id as owner from s_nodes n join ferry.patient_survivors s on 'patient:' || s.survivor_id = n.source_key and s.patient_id <> s.survivor_id`
		].join(' union all ');
		await c.run(`create or replace temp table s_pick as
			with f as (select facet, owner, row_number() over (partition by facet order by hash(owner)) as rn from (${facetSql}) where facet is not null)
			select distinct owner as id from f where rn = 1`);
		await c.run(`insert into s_pick select id from (select id from s_owner where owner = id and id not in (select id from s_pick) order by hash(id))
			limit greatest(0, ${Math.floor(o.patients)} - (select count(*) from s_pick))`);
		await c.run(`create or replace temp table s_keep as select distinct o.id from s_owner o where o.owner in (select id from s_pick)`);
		for (let i = 0; i < 6; i++)
			await c.run(
				`insert into s_keep select distinct e.b from s_edges e where e.a in (select id from s_keep) and e.b not in (select id from s_keep)`
			);
		await c.run(`create or replace table loader.sample as select n.plural, n.id from s_nodes n where n.id in (select id from s_keep)`);
		const picked = await countRows(c, 's_pick');
		for (const t of ['s_nodes', 's_edges', 's_owner', 's_pick', 's_keep']) await c.run(`drop table ${t}`);
		return picked;
	});
	const frozen = await freezeBatches(ws, objects, undefined, `id in (select id from loader.sample)`);
	// An object no sampled patient reaches gets no batch (nothing to approve).
	for (const b of frozen.filter((x) => x.records === 0)) await ws.run(`delete from loader.batches where id = $1`, [b.id]);
	const batches = frozen.filter((b) => b.records > 0);
	await ws.audit('loader.sample', null, {
		patients: picked,
		batches: batches.map((b) => ({ id: b.id, plural: b.plural, records: b.records }))
	});
	return batches;
}
