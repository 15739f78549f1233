// The review queue: clusters with their decision status, likely duplicates before twin-like
// clusters, each group most uncertain (lowest pair score) first; one cluster's records side by side with their pairs and child counts.
import type { ClusterRow } from '../../shared/dedupe.js';
import type { Workspace } from '../db/index.js';
import { ident, textList } from '../db/index.js';
import { loadSettings } from './settings.js';
import { patientChildren } from '../mapping/index.js';
import { FerryError } from '../errors.js';

/** Decision members one per row, so clusters meet decisions through an equi-join on patient id. */
export const ACTIVE_MEMBERS = `select id, kind, len(members) as n, unnest(members) as patient_id from dedupe.decisions where undone_at is null`;

/** Status of each cluster against the active decisions: decided (same members), changed (overlaps one), new. */
const STATUS = `
	with ov as (
		select m.cluster_id, d.id, d.kind, d.n, count(*) as shared
		from dedupe.cluster_members m join (${ACTIVE_MEMBERS}) d using (patient_id) group by all
	),
	exact as (
		select ov.cluster_id, max(ov.id) as id, arg_max(ov.kind, ov.id) as kind
		from ov join dedupe.clusters c using (cluster_id) where ov.shared = c.size and ov.n = c.size group by ov.cluster_id
	),
	touched as (select distinct cluster_id from ov where kind <> 'skip')
	select c.*, e.id as decision_id, e.kind as decision,
		case when e.id is null then (case when t.cluster_id is null then 'new' else 'changed' end)
			when e.kind = 'skip' then 'skipped' else 'decided' end as status
	from dedupe.clusters c left join exact e using (cluster_id) left join touched t using (cluster_id)`;

/** open: undecided, likely duplicates first; twins: undecided twin-like clusters only; decided; all. */
export type QueueFilter = 'open' | 'twins' | 'decided' | 'all';

export type { ClusterRow };

export async function queue(ws: Workspace, filter: QueueFilter, offset: number, limit: number) {
	const open = `status in ('new', 'changed', 'skipped')`;
	const where = filter === 'open' ? open : filter === 'twins' ? `twin and ${open}` : filter === 'decided' ? `status = 'decided'` : 'true';
	const rows =
		await ws.all<ClusterRow>(`select cluster_id::integer as cluster_id, size::integer as size, pairs::integer as pairs, min_score, max_score, twin, members,
			status, decision, decision_id::integer as decision_id
		from (${STATUS}) where ${where}
		order by status = 'skipped', twin, min_score, cluster_id limit ${limit} offset ${offset}`);
	const counts = await ws.one(`select count(*)::integer as clusters,
			count(*) filter (where status in ('new', 'changed'))::integer as open,
			count(*) filter (where status = 'skipped')::integer as skipped,
			count(*) filter (where status = 'decided')::integer as decided,
			count(*) filter (where twin)::integer as twins,
			(select count(*) from dedupe.scores where twin)::integer as twin_pairs,
			(select count(*) from dedupe.scores)::integer as candidate_pairs
		from (${STATUS})`);
	return { counts, clusters: rows };
}

/** Per patient, its records in each table the map links to the patients table (labelled by role). */
export async function childCounts(ws: Workspace, ids: string[], patientTable?: string): Promise<Record<string, Record<string, number>>> {
	patientTable ??= (await loadSettings(ws)).table;
	const out: Record<string, Record<string, number>> = Object.fromEntries(ids.map((id) => [id, {}]));
	for (const { table, column, label } of await patientChildren(ws, patientTable)) {
		const ref = `trim(${ident(column)})`;
		const rows = await ws.all<{ id: string; n: number }>(
			`select ${ref} as id, count(*)::integer as n from raw.${ident(table)} where list_contains($1::varchar[], ${ref}) group by 1`,
			[textList(ids)]
		);
		for (const id of ids) out[id][label] = 0;
		for (const r of rows) out[r.id][label] = r.n;
	}
	return out;
}

/** Survivor by default: the record with the most children, then the oldest (lowest) id. */
export function defaultSurvivor(ids: string[], children: Record<string, Record<string, number>>): string {
	const total = (id: string) => Object.values(children[id] ?? {}).reduce((a, b) => a + b, 0);
	return [...ids].sort((a, b) => total(b) - total(a) || a.localeCompare(b, 'en', { numeric: true }))[0];
}

export async function clusterDetail(ws: Workspace, clusterId: number) {
	const cluster =
		await ws.one<ClusterRow>(`select cluster_id::integer as cluster_id, size::integer as size, min_score, max_score, twin, members, status, decision, decision_id::integer as decision_id
		from (${STATUS}) where cluster_id = ${Number(clusterId)}`);
	if (!cluster) throw new FerryError(`cluster ${clusterId} does not exist in the latest run`, 404);
	const ids = cluster.members;
	const s = await loadSettings(ws);
	const pid = ident(s.roles.patient_id!);
	const records = await ws.all(
		`select * from raw.${ident(s.table)} where list_contains($1::varchar[], trim(${pid}))
		qualify row_number() over (partition by trim(${pid})) = 1 order by ${pid}`,
		[textList(ids)]
	);
	const pairs = await ws.all(
		`select left_id, right_id, score, prior, twin, why, rules, parts from dedupe.pairs
		where list_contains($1::varchar[], left_id) and list_contains($1::varchar[], right_id) order by score`,
		[textList(ids)]
	);
	const children = await childCounts(ws, ids, s.table);
	const previous = await ws.all(
		`select id::integer as id, kind, members, survivor_id from dedupe.decisions where undone_at is null and list_has_any(members, $1::varchar[]) order by id`,
		[textList(ids)]
	);
	return {
		cluster,
		idColumn: s.roles.patient_id,
		threshold: s.threshold,
		records,
		pairs,
		children,
		previous,
		survivor: defaultSurvivor(ids, children)
	};
}
