// The one assertion every fault test ends with: what Twenty holds, read through its REST API
// (an in-process sandbox or a separate process alike), against what the ledger says.
//   - exact counts: per object, what the plan says (the approved records, less any skipped);
//   - zero duplicates: no id twice, and every record in Twenty is a record of the ledger;
//   - ledger consistent: every ledger row a live run settled as done is in Twenty with its id and
//     its relation ids; nothing in Twenty the ledger does not know; nothing left pending or
//     in-flight when the run says it is done; no 'failed' record sits in Twenty.
import { expect } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { createTwentyClient, type TwentyClient } from '../../src/lib/server/twenty/index.js';

export interface TwentyAccess {
	url: string;
	apiKey: string;
}

export interface CheckOptions {
	/** Per object, how many records Twenty must hold; default: the ledger's approved, unskipped rows. */
	expected?: Record<string, number>;
	/** Records may have failed for good (refused by Twenty); default: none may. */
	allowFailed?: boolean;
}

export interface CheckResult {
	/** Records per object in Twenty. */
	counts: Record<string, number>;
	/** Ledger rows per run and status. */
	ledger: Array<{ run: number; runStatus: string; status: string; n: number }>;
}

const client = (t: TwentyAccess): TwentyClient => createTwentyClient({ url: t.url, apiKey: t.apiKey });

/** Every live record of each object, through the REST API, paged. */
export async function readTwenty(
	t: TwentyAccess,
	plurals: string[]
): Promise<Record<string, Array<Record<string, unknown> & { id: string }>>> {
	const c = client(t);
	const out: Record<string, Array<Record<string, unknown> & { id: string }>> = {};
	for (const p of plurals) {
		out[p] = [];
		for await (const r of c.listAll<Record<string, unknown> & { id: string }>(p, { limit: 200 })) out[p].push(r);
	}
	return out;
}

async function planned(ws: Workspace): Promise<string[]> {
	return (await ws.all<{ plural: string }>(`select distinct plural from loader.ledger order by 1`)).map((r) => r.plural);
}

/** Relation ids in a payload: top-level string fields named ...Id. */
function relations(payload: Record<string, unknown>): Array<[string, string]> {
	return Object.entries(payload).filter((e): e is [string, string] => /Id$/.test(e[0]) && typeof e[1] === 'string');
}

export async function expectTwentyMatchesLedger(ws: Workspace, t: TwentyAccess, o: CheckOptions = {}): Promise<CheckResult> {
	const plurals = await planned(ws);
	expect(plurals.length, 'the ledger has no run to check').toBeGreaterThan(0);
	const twenty = await readTwenty(t, plurals);
	// What runs that were not rolled back settled: the last word per source key.
	const rows = await ws.all<{
		source_key: string;
		plural: string;
		twenty_id: string;
		status: string;
		operation: string;
		payload: string;
		run_id: number;
	}>(
		`select l.source_key, l.plural, l.twenty_id, l.status, l.operation, l.payload::varchar as payload, l.run_id from loader.ledger l
		 join loader.runs r on r.id = l.run_id where r.status <> 'rolled-back'
		 qualify row_number() over (partition by l.source_key order by (l.status = 'done') desc, l.run_id desc) = 1`
	);
	const ledger = (
		await ws.all<{ run: number; runStatus: string; status: string; n: number }>(
			`select l.run_id as run, r.status as "runStatus", l.status, count(*)::integer as n from loader.ledger l join loader.runs r on r.id = l.run_id group by all order by 1, 3`
		)
	).map((r) => ({ ...r, run: Number(r.run) }));
	const counts: Record<string, number> = {};
	for (const plural of plurals) {
		const records = twenty[plural];
		counts[plural] = records.length;
		const ids = records.map((r) => r.id);
		expect(new Set(ids).size, `${plural}: the same id twice in Twenty`).toBe(ids.length);
		const mine = rows.filter((r) => r.plural === plural);
		const byId = new Map(mine.map((r) => [r.twenty_id, r]));
		const unknown = ids.filter((id) => byId.get(id)?.status !== 'done');
		expect(
			unknown.slice(0, 5),
			`${plural}: ${unknown.length} record(s) in Twenty the ledger does not know as done (duplicates or lost ledger writes)`
		).toEqual([]);
		const held = new Map(records.map((r) => [r.id, r]));
		const done = mine.filter((r) => r.status === 'done');
		const missing = done.filter((r) => !held.has(r.twenty_id)).map((r) => r.source_key);
		expect(missing.slice(0, 5), `${plural}: ${missing.length} record(s) the ledger calls done are not in Twenty`).toEqual([]);
		for (const r of done) {
			const record = held.get(r.twenty_id)!;
			for (const [field, id] of relations(JSON.parse(r.payload) as Record<string, unknown>))
				expect(record[field], `${plural} ${r.source_key}: ${field} in Twenty differs from the pushed payload`).toBe(id);
		}
		const unsettled = mine.filter((r) => r.status === 'pending' || r.status === 'in-flight').length;
		expect(unsettled, `${plural}: rows still pending or in-flight`).toBe(0);
		const failed = mine.filter((r) => r.status === 'failed');
		if (!o.allowFailed) expect(failed.map((r) => r.source_key).slice(0, 5), `${plural}: records failed`).toEqual([]);
		expect(failed.filter((r) => held.has(r.twenty_id)).length, `${plural}: records the ledger calls failed are in Twenty`).toBe(0);
		const want =
			o.expected?.[plural] ?? mine.filter((r) => r.status !== 'skipped' && (o.allowFailed ? r.status !== 'failed' : true)).length;
		expect(records.length, `${plural}: records in Twenty`).toBe(want);
	}
	if (o.expected) expect(Object.fromEntries(Object.keys(o.expected).map((p) => [p, counts[p] ?? 0]))).toEqual(o.expected);
	return { counts, ledger };
}

/** After rolling every run back: none of the planned objects holds a record. */
export async function expectTwentyEmpty(ws: Workspace, t: TwentyAccess): Promise<void> {
	const twenty = await readTwenty(t, await planned(ws));
	expect(Object.fromEntries(Object.entries(twenty).map(([p, r]) => [p, r.length])), 'Twenty after the rollback').toEqual(
		Object.fromEntries(Object.keys(twenty).map((p) => [p, 0]))
	);
}
