// Pair scores: each candidate pair's level per field (the run's working table `levels`), the estimated weight of
// that level (dedupe.model; exact agreement on a rare value weighs more, by its term
// frequency), their sum plus the prior as the match weight, and the per-field weights kept
// as the pair's "why" for the review's weight chart.
import type { Workspace } from '../db/index.js';
import { ident, literal } from '../db/index.js';
import { levelNames, type Comparison } from './comparisons.js';
import { countedOnceSql, sharedByTwins, twinSql } from './household.js';
import type { Model } from './model.js';
import { WORK } from './schema.js';

const num = (x: number) => `${Number.isFinite(x) ? x : 0}::double`;
const text = literal;

/** The weight of comparison c's level, exact agreement adjusted by the value's frequency when c has tf. */
function weightSql(c: Comparison, model: Model): string {
	const rows = model.rows.filter((r) => r.comparison === c.key);
	const arms = rows.map(
		(r) => `when ${r.level} then ${r.level === 0 && c.tf ? `log2(${num(r.m)} / greatest(tf_${c.key}.tf, 1e-9))` : num(r.weight)}`
	);
	return `case l.${c.key}_lv ${arms.join(' ')} end`;
}

/**
 * dedupe.scores: every candidate pair (record ids) with its levels, per-field weights, score and
 * twin flag, compact so a million pairs score in one pass. dedupe.pairs is a view over it that
 * adds what a person reads (patient ids, rule names, the weight chart's parts and the "why"),
 * computed only for the pairs a query asks for.
 */
export async function scorePairs(ws: Workspace, comps: Comparison[], model: Model, ruleNames: string[]): Promise<void> {
	const tfs = comps.filter((c) => c.tf);
	const twin = twinSql(comps);
	const once = countedOnceSql(comps);
	const w = (c: Comparison) =>
		sharedByTwins(c) ? `case when ${twin} then 0 else coalesce(${weightSql(c, model)}, 0) end` : `coalesce(${weightSql(c, model)}, 0)`;
	await ws.withConnection(async (conn) => {
		for (const c of tfs)
			await conn.run(
				`create or replace temp table tf_${c.key} as select ${ident(c.key)} as v, count(*) / sum(count(*)) over () as tf from dedupe.records where ${ident(c.key)} is not null group by 1`
			);
		await conn.run(`create or replace table dedupe.scores as
			with raw as (
				select l.*, ${twin} as twin, ${comps.map((c) => `${w(c)} as ${c.key}_raw_w`).join(', ')}
				from ${WORK}.levels l ${tfs.length ? 'join dedupe.records a on a.rid = l.l' : ''}
				${tfs.map((c) => `left join tf_${c.key} on tf_${c.key}.v = a.${ident(c.key)}`).join('\n')}
			),
			weighted as (select * exclude (${comps.map((c) => `${c.key}_raw_w`).join(', ')}), ${comps.map((c) => `${once[c.key]} as ${c.key}_w`).join(', ')} from raw)
			select *, round(${num(model.prior)} + ${comps.map((c) => `${c.key}_w`).join(' + ')}, 2) as score from weighted`);
		for (const c of tfs) await conn.run(`drop table if exists tf_${c.key}`);
		await conn.run(pairsView(comps, model, ruleNames));
	});
}

/** The readable view of dedupe.scores: patient ids, rule names, per-field parts for the chart and the "why" sentence. */
function pairsView(comps: Comparison[], model: Model, ruleNames: string[]): string {
	const levelName = (c: Comparison) => `[${levelNames(c).map(text).join(', ')}][s.${c.key}_lv + 1]`;
	const parts = comps.map(
		(c) =>
			`case when s.${c.key}_lv is not null then {'field': ${text(c.label)}, 'level': ${levelName(c)}, 'weight': round(s.${c.key}_w, 2)} end`
	);
	const rules = `list_filter([${ruleNames.map(text).join(', ')}]::varchar[], (x, i) -> (s.rules >> (i - 1)) & 1 = 1)`;
	return `create or replace view dedupe.pairs as
		select a.patient_id as left_id, b.patient_id as right_id, s.* exclude (rules), ${rules} as rules, round(${num(model.prior)}, 2) as prior,
			list_filter([${parts.join(', ')}], x -> x is not null) as parts,
			concat_ws(', ', ${comps.map((c) => `case when s.${c.key}_lv is not null then ${text(c.label)} || ' ' || ${levelName(c)} || ' ' || printf('%+.1f', s.${c.key}_w) end`).join(', ')},
				case when s.twin then 'twin-like: surname and household fields not counted' end) as why
		from dedupe.scores s
		join dedupe.records a on a.rid = s.l
		join dedupe.records b on b.rid = s.r`;
}

/** Workspaces from before dedupe.scores kept dedupe.pairs as a table; the view takes its name. */
export async function dropPairsTable(ws: Workspace): Promise<void> {
	const t = await ws.one(
		`select 1 from information_schema.tables where table_schema = 'dedupe' and table_name = 'pairs' and table_type = 'BASE TABLE'`
	);
	if (t) await ws.run(`drop table dedupe.pairs`);
}
