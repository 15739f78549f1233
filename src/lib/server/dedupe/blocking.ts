// Blocking: each rule is a key expression over dedupe.records; records with equal keys
// become candidate pairs. Equi-joins on keys keep the work near-linear in the records. A
// block too big to compare whole (a common key) is split, not skipped: its records are
// sorted by name and birth date and each is compared with its next neighbours.
import { countRows, type Workspace } from '../db/index.js';
import type { BlockingRule, DedupeSettings } from '../../shared/contracts/dedupe.js';
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

/**
 * dedupe.candidates(l, r, rules): distinct pairs from every enabled rule, l < r, `rules` a bit
 * per rule (bit i: enabled rule i). Set-based in one pass: every record's keys for all rules
 * are computed once and hashed to integers, blocks are counted once, small blocks self-join on
 * (rule, key hash) and only the records of big blocks are sorted into neighbourhoods.
 */
export async function buildCandidates(ws: Workspace, s: DedupeSettings): Promise<number> {
	const enabled = s.rules.filter((r) => r.enabled);
	if (!enabled.length) throw new FerryError('no blocking rule is enabled');
	for (const rule of enabled) await checkRule(ws, rule);
	return ws.withConnection(async (c) => {
		// A 64-bit hash of (rule, key): two different keys colliding would only add candidates.
		await c.run(`create or replace temp table block_keys as
			select rid, rule::utinyint as rule, hash(rule, k) as b from (
				select rid, ${enabled.map((rule, i) => `(${rule.key})::varchar as "${i}"`).join(', ')} from dedupe.records
			) unpivot (k for rule in (${enabled.map((_, i) => `"${i}"`).join(', ')}))`);
		await c.run(`create or replace temp table block_sizes as select b, count(*) as n from block_keys group by b having count(*) > 1`);
		await c.run(
			`create or replace temp table small as select k.rid, k.rule, k.b from block_keys k join block_sizes z using (b) where z.n <= ${MAX_BLOCK}`
		);
		await c.run(`create or replace temp table big as
			select k.rid, k.rule, k.b, row_number() over (partition by k.b order by r.last, r.first, r.dob, k.rid) as pos
			from block_keys k join block_sizes z using (b) join dedupe.records r using (rid) where z.n > ${MAX_BLOCK}`);
		await c.run(`create or replace table dedupe.candidates as
			select l, r, bit_or(1::integer << rule::integer) as rules from (
				select a.rid as l, b.rid as r, a.rule from small a join small b on a.b = b.b and a.rid < b.rid
				union all
				select least(a.rid, b.rid), greatest(a.rid, b.rid), a.rule from big a join big b on a.b = b.b and b.pos between a.pos + 1 and a.pos + ${SPLIT_WINDOW}
			) group by l, r`);
		await c.run(`drop table if exists block_keys; drop table if exists block_sizes; drop table if exists small; drop table if exists big`);
		return countRows(c, 'dedupe.candidates');
	});
}
