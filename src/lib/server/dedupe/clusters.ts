// Clusters: connected components of the pairs at or above the threshold, by iterative
// min-label propagation in SQL. Pairs a person declared distinct are cut first.
import { countRows, type Workspace } from '../db/index.js';

export async function buildClusters(ws: Workspace, threshold: number): Promise<number> {
	return ws.withConnection(async (c) => {
		// Pairs inside one 'distinct' decision, by record id, are cut before any cluster forms.
		await c.run(`create or replace temp table edges as
			with d as (
				select d.id, r.rid from (select id, unnest(members) as patient_id from dedupe.decisions where kind = 'distinct' and undone_at is null) d
				join dedupe.records r using (patient_id)
			),
			cut as (select distinct x.rid as l, y.rid as r from d x join d y on x.id = y.id and x.rid < y.rid)
			select s.l as a, s.r as b from dedupe.scores s anti join cut using (l, r) where s.score >= ${Number(threshold)}`);
		await c.run(`insert into edges select b, a from edges`);
		await c.run(`create or replace temp table label as select a as rid, least(a, min(b)) as c from edges group by a`);
		// Each round a node takes the smallest label among its neighbours; rounds ≈ cluster diameter.
		for (let round = 0; round < 100; round++) {
			await c.run(`create or replace temp table next_label as
				select l.rid, least(l.c, min(n.c)) as c from label l join edges e on e.a = l.rid join label n on n.rid = e.b group by l.rid, l.c`);
			const changed = await countRows(c, 'next_label x join label l using (rid) where x.c <> l.c');
			await c.run(`create or replace temp table label as select * from next_label`);
			if (!changed) break;
		}
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
		await c.run(`drop table if exists edges; drop table if exists label; drop table if exists next_label`);
		return countRows(c, 'dedupe.clusters');
	});
}
