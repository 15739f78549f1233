// Blocking: each rule is a key expression over dedupe.records; records with equal keys
// become candidate pairs. Equi-joins on keys keep the work near-linear in the records.
import type { Workspace } from '../db/index.js';
import { DedupeError } from './errors.js';
import type { BlockingRule, DedupeSettings } from './settings.js';

/** Blocks bigger than this are skipped (and counted): a key that common says nothing. */
export const MAX_BLOCK = 500;

export interface RuleCount {
	name: string;
	enabled: boolean;
	pairs: number;
	skippedBlocks: number;
}

/** Fails with the rule's name when its key is not a valid expression over dedupe.records. */
export async function checkRule(ws: Workspace, rule: BlockingRule): Promise<void> {
	try {
		await ws.run(`select (${rule.key})::varchar from dedupe.records limit 0`);
	} catch (err) {
		throw new DedupeError(`blocking rule '${rule.name}': ${(err as Error).message.split('\n')[0]}`);
	}
}

function keyed(rule: BlockingRule): string {
	return `select rid, (${rule.key})::varchar as k from dedupe.records where k is not null`;
}

/** Candidate pairs each rule would make (before removing pairs found by several rules). */
export async function countPairs(ws: Workspace, s: DedupeSettings): Promise<RuleCount[]> {
	const out: RuleCount[] = [];
	for (const rule of s.rules) {
		await checkRule(ws, rule);
		const row = await ws.one<{ pairs: number; skipped: number }>(
			`select coalesce(sum(case when n <= ${MAX_BLOCK} then n * (n - 1) / 2 end), 0)::double as pairs,
				count(*) filter (where n > ${MAX_BLOCK})::integer as skipped
			from (select count(*) as n from (${keyed(rule)}) group by k having count(*) > 1)`
		);
		out.push({ name: rule.name, enabled: rule.enabled, pairs: Number(row?.pairs ?? 0), skippedBlocks: Number(row?.skipped ?? 0) });
	}
	return out;
}

/** dedupe.candidates(l, r, rules): distinct pairs from every enabled rule, l < r. */
export async function buildCandidates(ws: Workspace, s: DedupeSettings): Promise<number> {
	const enabled = s.rules.filter((r) => r.enabled);
	if (!enabled.length) throw new DedupeError('no blocking rule is enabled');
	for (const rule of enabled) await checkRule(ws, rule);
	const parts = enabled.map(
		(rule, i) => `select a.rid as l, b.rid as r, ${i} as rule from
			(select * from (${keyed(rule)}) qualify count(*) over (partition by k) between 2 and ${MAX_BLOCK}) a
			join (${keyed(rule)}) b on a.k = b.k and a.rid < b.rid`
	);
	const names = `[${enabled.map((r) => `'${r.name.replace(/'/g, "''")}'`).join(', ')}]`;
	await ws.run(`create or replace table dedupe.candidates as
		select l, r, list_transform(list_sort(list(distinct rule)), i -> ${names}[i + 1]) as rules
		from (${parts.join(' union all ')}) group by l, r`);
	const n = await ws.one<{ n: bigint }>(`select count(*) as n from dedupe.candidates`);
	return Number(n?.n ?? 0);
}
