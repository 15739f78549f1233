// Fellegi–Sunter weights estimated from the data itself, as Splink does: u (how often two
// different people agree at a level) from random pairs, m (how often one person's two
// records do) by expectation–maximisation over the candidate pairs, the prior from the
// matches EM expects. Set-based: EM runs over distinct level patterns, not pairs.
//
// The prior is Splink's probability_two_random_records_match: matches over ALL pairs of
// records, not over the candidates. EM is the EM of all pairs with u fixed, where a pair
// blocking never brought together counts as a non-match: so each candidate's posterior
// starts from that prior, and the prior is re-estimated as expected matches / all pairs.
// (Starting from the share of matches among candidates instead, the u of random pairs cannot
// explain candidates that agree on a blocking key, and EM called ≈ all of them matches.)
import type { DuckDBConnection } from '@duckdb/node-api';
import { countRows, type Workspace } from '../db/index.js';
import { levelNames, levelsSql, type Comparison } from './comparisons.js';
import { combineSql, sharedByTwins, twinSql } from './household.js';
import { WORK } from './schema.js';

/** Random pairs for u: exact agreement on a field (u ≈ 1e-3 and up) is seen dozens of times; rarer levels are smoothed. */
const U_PAIRS = 50_000;
/**
 * Pseudo-counts pulling u and m toward plain starting values, so a tiny export (3 records,
 * 1 candidate) still gets sensible weights; with real data (tens of thousands of random
 * pairs, hundreds of matches) they weigh under 1%.
 */
const U_PSEUDO = 200;
const M_PSEUDO = 5;
const EM_ROUNDS = 40;
/** Floors keep a level never seen (swapped names among random pairs) finite. */
const M_FLOOR = 1e-3;

export interface ModelRow {
	comparison: string;
	level: number;
	name: string;
	m: number;
	u: number;
	weight: number;
}
export interface Model {
	rows: ModelRow[];
	/** Share of the candidate pairs EM expects to be one person. */
	lambda: number;
	/** Probability that two records drawn at random are one person (Splink's probability_two_random_records_match). */
	randomMatch: number;
	/** log2 of randomMatch's odds: the weight every pair's score starts from. */
	prior: number;
	expectedMatches: number;
	rounds: number;
}

async function rows(c: DuckDBConnection, sql: string): Promise<unknown[][]> {
	return (await c.runAndReadAll(sql)).getRows();
}

/** Random pairs to draw: 20 per record between 10k and U_PAIRS, never more than there are. */
const uPairs = (records: number, all: number) => Math.max(1, Math.min(all, U_PAIRS, Math.max(10_000, 20 * records)));

/** Long form (pid, comp, lv) of the level columns of `table`, for the per-comparison sums. */
const unpivot = (comps: Comparison[], from: string) =>
	comps
		.map((c) => `select pid, n, '${c.key}' as comp, ${c.key}_lv::integer as lv from ${from} where ${c.key}_lv is not null`)
		.join(' union all ');

/** The candidates' levels (a working table: scoring reads them next), then dedupe.model with m, u and the weight of every level. */
export async function estimateModel(ws: Workspace, comps: Comparison[]): Promise<Model> {
	await ws.run(`create or replace table ${WORK}.levels as ${levelsSql(comps, 'select l, r, rules from dedupe.candidates')}`);
	return ws.withConnection(async (c) => {
		const n = await countRows(c, 'dedupe.records');
		const all = (n * (n - 1)) / 2;
		// u: levels among random pairs of records (almost all are two different people).
		// Seeded, so the same export gets the same weights on every run. Materialised first:
		// random() inside the join would be planned as a filter and re-drawn.
		await rows(c, `select setseed(0.15)`);
		await rows(
			c,
			`create or replace temp table u_pairs as select distinct least(x, y) as l, greatest(x, y) as r from (
			select (1 + floor(random() * ${n}))::bigint as x, (1 + floor(random() * ${n}))::bigint as y from range(${uPairs(n, all)})) where x <> y`
		);
		// Only the drawn records are joined: a million-record table would be hashed twice for 50,000 pairs.
		await rows(
			c,
			`create or replace temp table u_records as select * from dedupe.records where rid in (select l from u_pairs union all select r from u_pairs)`
		);
		await rows(c, `create or replace temp table u_levels as ${levelsSql(comps, 'select l, r from u_pairs', 'u_records')}`);
		await rows(
			c,
			`create or replace temp table params as
			with lv as (${comps
				.map((cp) =>
					levelNames(cp)
						.map((_, i) => `select '${cp.key}' as comp, ${i} as lv, ${levelNames(cp).length} as k`)
						.join(' union all ')
				)
				.join(' union all ')}),
			obs as (select comp, lv, count(*) as c from (${unpivot(comps, `(select 0 as pid, 1 as n, * from u_levels)`)}) group by all),
			tot as (select comp, sum(c) as t from obs group by comp)
			select lv.comp, lv.lv, lv.k, (coalesce(obs.c, 0) + ${U_PSEUDO} * u0) / (coalesce(tot.t, 0) + ${U_PSEUDO}) as u, m0 as m, m0
			from (select *,
					-- two people agree rarely on a field (sex and state: often), near-misses rarer still
					case when lv = 0 then (case comp when 'sex' then 0.5 when 'state' then 0.3 else 0.01 end)
						when lv = k - 1 then 1 - (case comp when 'sex' then 0.5 when 'state' then 0.3 else 0.01 end) - 0.002 * (k - 2) else 0.002 end as u0,
					-- one person's two records agree mostly (exact 0.7), differ wholly rarely
					case when lv = 0 then 0.7 when lv = k - 1 then 0.05 else 0.25 / greatest(k - 2, 1) end as m0
				from lv) lv
			left join obs using (comp, lv) left join tot using (comp)`
		);
		// Patterns: each distinct combination of levels among the candidates, with its count and
		// twin flag (a twin-like pattern's surname and household weigh nothing, as in scoring).
		const shared = comps.filter(sharedByTwins).map((cp) => `'${cp.key}'`);
		const w = shared.length ? `case when pat.twin and comp in (${shared.join(', ')}) then 0 else log2(p.m / p.u) end` : 'log2(p.m / p.u)';
		await rows(
			c,
			`create or replace temp table pat as select row_number() over () as pid, count(*) as n, ${comps.map((cp) => `${cp.key}_lv`).join(', ')}, ${twinSql(comps)} as twin
			from ${WORK}.levels l group by all`
		);
		await rows(c, `create or replace temp table pl as ${unpivot(comps, 'pat')}`);
		const cand = await countRows(c, `${WORK}.levels`);
		// M-step: expected matches at each level over all at the comparison, with the pseudo-counts.
		const mSql = `greatest((coalesce(s.s, 0) + ${M_PSEUDO} * p.m0) / (sum(coalesce(s.s, 0)) over (partition by p.comp) + ${M_PSEUDO}), ${M_FLOOR})`;
		// Among the candidates; the E-step's prior is the same expected matches over all pairs.
		let lambda = 0.3;
		const allOdds = (lam: number) => {
			const r = Math.min(Math.max((lam * Number(cand)) / Math.max(all, 1), 1e-12), 0.5);
			return Math.log2(r / (1 - r));
		};
		let round = 0;
		// One statement per round: E-step (each pattern's match probability) and M-step (new m per level); the old m is kept to test convergence.
		for (; round < EM_ROUNDS && Number(cand) > 0; round++) {
			await rows(
				c,
				`create or replace temp table params as
				with post as (
					select pat.pid, pat.n, 1 / (1 + pow(2, -(${allOdds(lambda)} + coalesce(s.w, 0)))) as p
					from pat left join (select pid, ${combineSql('comp', w, comps)} as w from pl join params p using (comp, lv) join pat using (pid) group by pid) s using (pid)
				),
				s as (select pl.comp, pl.lv, sum(post.n * post.p) as s from pl join post using (pid) group by all)
				select p.comp, p.lv, p.k, p.u, p.m0, ${mSql} as m, p.m as old, (select sum(n * p) / sum(n) from post) as lam
				from params p left join s using (comp, lv)`
			);
			const [[lam, delta]] = await rows(c, `select any_value(lam), max(abs(m - old)) from params`);
			lambda = Math.min(Math.max(Number(lam), 1e-6), 1 - 1e-6);
			if (Number(delta) < 1e-4) break;
		}
		const expectedMatches = lambda * Number(cand);
		const prior = allOdds(lambda);
		const randomMatch = 1 / (1 + 2 ** -prior);
		const names = comps.flatMap((cp) => levelNames(cp).map((name, i) => `('${cp.key}', ${i}, '${name}')`)).join(', ');
		await rows(
			c,
			`create or replace table dedupe.model as
			select comp as comparison, lv as level, nm.name, m, u, log2(m / u) as weight
			from params join (values ${names}) nm(comp, lv, name) using (comp, lv) order by comp, lv`
		);
		await rows(
			c,
			`drop table if exists u_levels; drop table if exists u_pairs; drop table if exists u_records; drop table if exists pat; drop table if exists pl; drop table if exists params`
		);
		const model = (
			await c.runAndReadAll(`select comparison, level::integer as level, name, m, u, weight from dedupe.model`)
		).getRowObjectsJson() as unknown as ModelRow[];
		return { rows: model, lambda, randomMatch, prior, expectedMatches, rounds: round + 1 };
	});
}
