// Clusters: connected components of the pairs at or above the threshold, by iterative
// min-label propagation in SQL. Pairs a person declared distinct are cut first, and no chain
// through other records puts them back in one cluster.
import type { DuckDBConnection } from '@duckdb/node-api';
import { countRows, type Workspace } from '../db/index.js';

/** Record-id pairs inside one active 'distinct' decision, l < r. */
const DISTINCT_PAIRS = `
	with d as (
		select d.id, r.rid from (select id, unnest(members) as patient_id from dedupe.decisions where kind = 'distinct' and undone_at is null) d
		join dedupe.records r using (patient_id)
	)
	select distinct x.rid as l, y.rid as r from d x join d y on x.id = y.id and x.rid < y.rid`;

export async function buildClusters(ws: Workspace, threshold: number): Promise<number> {
	return ws.withConnection(async (c) => {
		// Pairs inside one 'distinct' decision, by record id, are cut before any cluster forms.
		await c.run(`create or replace temp table cut as ${DISTINCT_PAIRS}`);
		await c.run(`create or replace temp table edges as
			select s.l as a, s.r as b, s.score from dedupe.scores s anti join cut using (l, r) where s.score >= ${Number(threshold)}`);
		await c.run(`insert into edges select b, a, score from edges`);
		await c.run(`create or replace temp table label as select a as rid, least(a, min(b)) as c from edges group by a`);
		// Each round a node takes the smallest label among its neighbours; rounds ≈ cluster diameter.
		for (let round = 0; round < 100; round++) {
			await c.run(`create or replace temp table next_label as
				select l.rid, least(l.c, min(n.c)) as c from label l join edges e on e.a = l.rid join label n on n.rid = e.b group by l.rid, l.c`);
			const changed = await countRows(c, 'next_label x join label l using (rid) where x.c <> l.c');
			await c.run(`create or replace temp table label as select * from next_label`);
			if (!changed) break;
		}
		await keepApart(c);
		await c.run(`create or replace table dedupe.cluster_members as
			select dense_rank() over (order by c) as cluster_id, l.rid, r.patient_id
			from label l join dedupe.records r using (rid)`);
		await c.run(`create or replace table dedupe.clusters as
			with m as (select cluster_id, count(*) as size, list_sort(list(patient_id)) as members from dedupe.cluster_members group by cluster_id),
			p as (
				select ma.cluster_id, count(*) as pairs, min(score) as min_score, max(score) as max_score, bool_or(twin) as twin
				from dedupe.scores p join dedupe.cluster_members ma on ma.rid = p.l join dedupe.cluster_members mb on mb.rid = p.r
				where ma.cluster_id = mb.cluster_id group by ma.cluster_id
			)
			select m.cluster_id, m.size, m.members, coalesce(p.pairs, 0) as pairs, p.min_score, p.max_score, coalesce(p.twin, false) as twin
			from m left join p using (cluster_id)`);
		await c.run(
			`drop table if exists edges; drop table if exists label; drop table if exists next_label; drop table if exists cut; drop table if exists apart`
		);
		return countRows(c, 'dedupe.clusters');
	});
}

/**
 * Two records a person declared distinct never share a cluster, not even through a chain of
 * other records (each strong with the next). A component holding such a pair (rare: only after
 * a decision) is rebuilt from its own edges, strongest first, never joining two parts that must
 * stay apart (Kruskal with cannot-link pairs: sequential by nature, so done here over the few
 * affected). Twin-like pairs are not kept apart this way: FEBRL, which has no twins, lost
 * recall (dataset3 F1 0.9945 → 0.9906) to duplicates with a replaced first name; a cluster
 * holding a twin-like pair is flagged instead, never auto-merged, and its merge asks first.
 */
async function keepApart(c: DuckDBConnection): Promise<void> {
	await c.run(`create or replace temp table apart as
		select p.l, p.r, x.c from cut p join label x on x.rid = p.l join label y on y.rid = p.r where x.c = y.c`);
	const apart = (await c.runAndReadAll(`select l, r from apart`)).getRows().map(([l, r]) => [Number(l), Number(r)]);
	if (!apart.length) return;
	const edges = (
		await c.runAndReadAll(`select e.a, e.b from edges e join label l on l.rid = e.a
			where e.a < e.b and l.c in (select c from apart) order by e.score desc, e.a, e.b`)
	)
		.getRows()
		.map(([a, b]) => [Number(a), Number(b)]);
	const parent = new Map<number, number>();
	const find = (x: number): number => {
		let root = parent.get(x) ?? x;
		while (root !== (parent.get(root) ?? root)) root = parent.get(root)!;
		parent.set(x, root);
		return root;
	};
	// Each part's set of records it must stay apart from, by root.
	const avoid = new Map<number, Set<number>>();
	for (const [l, r] of apart) {
		for (const [x, y] of [
			[l, r],
			[r, l]
		]) {
			if (!avoid.has(x)) avoid.set(x, new Set());
			avoid.get(x)!.add(y);
		}
	}
	const members = new Map<number, number[]>();
	const membersOf = (root: number) => members.get(root) ?? [root];
	for (const [a, b] of edges) {
		const [ra, rb] = [find(a), find(b)];
		if (ra === rb) continue;
		const inA = new Set(membersOf(ra));
		if (membersOf(rb).some((x) => [...(avoid.get(x) ?? [])].some((y) => inA.has(y)))) continue;
		parent.set(rb, ra);
		members.set(ra, [...membersOf(ra), ...membersOf(rb)]);
		members.delete(rb);
	}
	const rows = [...members.values()].filter((m) => m.length > 1).flatMap((m) => m.map((rid) => `(${rid}, ${Math.min(...m)})`));
	await c.run(`delete from label where c in (select c from apart)`);
	if (rows.length) await c.run(`insert into label values ${rows.join(', ')}`);
}
