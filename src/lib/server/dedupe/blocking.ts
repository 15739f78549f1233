// Blocking: each rule is a key expression over dedupe.records; records with equal keys
// become candidate pairs. Equi-joins on keys keep the work near-linear in the records. A
// block too big to compare whole (a common key) is split, not skipped: its records are
// sorted by name and birth date and each is compared with its next neighbours.
import type { Workspace } from '../db/index.js';
import type { BlockingRule, DedupeSettings } from './settings.js';
import { FerryError } from '../errors.js';

/** Blocks bigger than this are split into sorted neighbourhoods of SPLIT_WINDOW. */
export const MAX_BLOCK = 500;
export const SPLIT_WINDOW = 20;

export interface RuleCount {
	name: string;
	enabled: boolean;
	pairs: number;
	/** Blocks over MAX_BLOCK, compared by sorted neighbourhood rather than whole. */
	splitBlocks: number;
}

/** Fails with the rule's name when its key is not a valid expression over dedupe.records. */
export async function checkRule(ws: Workspace, rule: BlockingRule): Promise<void> {
	try {
		await ws.run(`select (${rule.key})::varchar from dedupe.records limit 0`);
	} catch (err) {
		throw new FerryError(`blocking rule '${rule.name}': ${(err as Error).message.split('\n')[0]}`);
	}
}

/** Records with their key, block size and place in the block's name order. */
function keyed(rule: BlockingRule): string {
	return `select rid, k, count(*) over (partition by k) as n,
		row_number() over (partition by k order by last, first, dob, rid) as pos
		from (select rid, last, first, dob, (${rule.key})::varchar as k from dedupe.records) where k is not null`;
}

/** Pairs a rule makes: whole blocks up to MAX_BLOCK, neighbourhoods in bigger ones. */
function rulePairs(rule: BlockingRule, i: number): string {
	return `select a.rid as l, b.rid as r, ${i} as rule from (${keyed(rule)}) a join (${keyed(rule)}) b on a.k = b.k
		where a.n >= 2 and (case when a.n <= ${MAX_BLOCK} then a.rid < b.rid else b.pos between a.pos + 1 and a.pos + ${SPLIT_WINDOW} end)`;
}

/** Candidate pairs each rule would make (before removing pairs found by several rules). */
export async function countPairs(ws: Workspace, s: DedupeSettings): Promise<RuleCount[]> {
	const out: RuleCount[] = [];
	for (const rule of s.rules) {
		await checkRule(ws, rule);
		const row = await ws.one<{ pairs: number; split: number }>(
			`select coalesce(sum(case when n <= ${MAX_BLOCK} then n * (n - 1) / 2 else n * ${SPLIT_WINDOW} - ${(SPLIT_WINDOW * (SPLIT_WINDOW + 1)) / 2} end), 0)::double as pairs,
				count(*) filter (where n > ${MAX_BLOCK})::integer as split
			from (select count(*) as n from (select (${rule.key})::varchar as k from dedupe.records) where k is not null group by k having count(*) > 1)`
		);
		out.push({ name: rule.name, enabled: rule.enabled, pairs: Number(row?.pairs ?? 0), splitBlocks: Number(row?.split ?? 0) });
	}
	return out;
}

/** dedupe.candidates(l, r, rules): distinct pairs from every enabled rule, l < r. */
export async function buildCandidates(ws: Workspace, s: DedupeSettings): Promise<number> {
	const enabled = s.rules.filter((r) => r.enabled);
	if (!enabled.length) throw new FerryError('no blocking rule is enabled');
	for (const rule of enabled) await checkRule(ws, rule);
	const parts = enabled.map((rule, i) => rulePairs(rule, i));
	const names = `[${enabled.map((r) => `'${r.name.replace(/'/g, "''")}'`).join(', ')}]`;
	await ws.run(`create or replace table dedupe.candidates as
		select least(l, r) as l, greatest(l, r) as r, list_transform(list_sort(list(distinct rule)), i -> ${names}[i + 1]) as rules
		from (${parts.join(' union all ')}) group by least(l, r), greatest(l, r)`);
	const n = await ws.one<{ n: bigint }>(`select count(*) as n from dedupe.candidates`);
	return Number(n?.n ?? 0);
}
