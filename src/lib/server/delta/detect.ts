// Delta detection between two snapshots: per table, records new, changed or vanished by source
// key, compared by an md5 of the row's columns as text. All set-based in DuckDB; nothing is
// deleted or decided here: vanished records wait for a person.
import type { Workspace } from '../db/index.js';
import { ident, qualified } from '../db/index.js';
import { currentSnapshot } from '../snapshots/index.js';
import { keyColumns, keyExpr } from './keys.js';
import { tableRoles, type TableRole } from '../mapping/index.js';
import { deltaStatements } from './schema.js';
import { FerryError } from '../errors.js';
import type { TableDelta, DeltaSummary } from '../../shared/contracts/delta.js';

// The summary's shape is the API contract's: one definition for server and page.
export type { TableDelta, DeltaSummary } from '../../shared/contracts/delta.js';

async function snapshotTables(ws: Workspace, snapshot: number): Promise<Map<string, string[]>> {
	const rows = await ws.all<{ table_name: string; name: string }>(
		`select table_name, name from ferry.snapshot_columns where snapshot_id = $1 order by table_name, position`,
		[snapshot]
	);
	const out = new Map<string, string[]>();
	for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.name]);
	return out;
}

/** The two snapshots to compare: the given ones, or the current one and the one before it. */
export async function snapshotPair(ws: Workspace, from?: number, to?: number): Promise<{ from: number; to: number }> {
	const ids = (await ws.all<{ id: number }>(`select id from ferry.snapshots order by id`)).map((r) => r.id);
	const t = to ?? (await currentSnapshot(ws)) ?? undefined;
	const f = from ?? ids.filter((i) => t !== undefined && i < t).at(-1);
	if (t === undefined || f === undefined)
		throw new FerryError(
			`workspace '${ws.name}' has ${ids.length} snapshot${ids.length === 1 ? '' : 's'}: import a later export to compare against`,
			409
		);
	for (const id of [f, t])
		if (!ids.includes(id)) throw new FerryError(`snapshot ${id} does not exist in workspace '${ws.name}' (it has ${ids.join(', ')})`, 404);
	if (f >= t) throw new FerryError(`compare an earlier snapshot with a later one: ${f} is not before ${t}`, 409);
	return { from: f, to: t };
}

/** md5 of the compared columns as text; NULL and '' stay distinct. */
function rowHash(columns: string[]): string {
	return `md5(concat_ws(chr(31), ${columns.map((c) => `coalesce(${ident(c)}, chr(0))`).join(', ')}))`;
}

/** Per key: one hash (duplicated keys hash all their rows, in order) and the row count. */
function keyed(schema: string, table: string, keys: string[], columns: string[]): string {
	return `select ${keyExpr(keys)} as k, md5(string_agg(h, ',' order by h)) as h from (select *, ${rowHash(columns)} as h from ${qualified(schema, table)}) where nullif(trim(${keyExpr(keys)}), '') is not null group by k`;
}

async function count(ws: Workspace, schema: string, table: string, where = 'true'): Promise<number> {
	return ws.count(`${qualified(schema, table)} where ${where}`);
}

async function compareTable(
	ws: Workspace,
	from: number,
	to: number,
	table: string,
	before: string[],
	after: string[],
	roles: TableRole[]
): Promise<TableDelta> {
	const [a, b] = [`snap_${from}`, `snap_${to}`];
	const common = after.filter((c) => before.includes(c));
	const { keys, note } = await keyColumns(ws, common, [a, b], table, roles);
	const base = {
		table,
		keyColumns: keys,
		addedColumns: after.filter((c) => !before.includes(c)),
		droppedColumns: before.filter((c) => !after.includes(c))
	};
	const rowsBefore = await count(ws, a, table);
	const rowsAfter = await count(ws, b, table);
	if (!keys.length) return { ...base, rowsBefore, rowsAfter, new: 0, changed: 0, vanished: 0, note };
	await ws.run(
		`insert into delta.records
		 select $1, $2, $3, coalesce(o.k, n.k), case when o.k is null then 'new' when n.k is null then 'vanished' else 'changed' end, o.h, n.h
		 from (${keyed(a, table, keys, common)}) o full join (${keyed(b, table, keys, common)}) n on o.k = n.k
		 where o.h is distinct from n.h`,
		[from, to, table]
	);
	const c = (await ws.one<{ new: number; changed: number; vanished: number }>(
		`select count(*) filter (change = 'new')::int as new, count(*) filter (change = 'changed')::int as changed, count(*) filter (change = 'vanished')::int as vanished
		 from delta.records where from_snapshot = $1 and to_snapshot = $2 and table_name = $3`,
		[from, to, table]
	))!;
	return { ...base, rowsBefore, rowsAfter, ...c, note: null };
}

async function save(ws: Workspace, from: number, to: number, t: TableDelta): Promise<void> {
	await ws.run(
		`insert into delta.tables values ($1, $2, $3, $4::json::varchar[], $5::json::varchar[], $6::json::varchar[], $7, $8, $9, $10, $11, $12)`,
		[
			from,
			to,
			t.table,
			JSON.stringify(t.keyColumns),
			JSON.stringify(t.addedColumns),
			JSON.stringify(t.droppedColumns),
			t.rowsBefore,
			t.rowsAfter,
			t.new,
			t.changed,
			t.vanished,
			t.note
		]
	);
}

/** Compares two snapshots (default: the newest with the one before) and keeps the result. */
export async function detectDelta(ws: Workspace, opts: { from?: number; to?: number } = {}): Promise<DeltaSummary> {
	await ws.ensure('delta', deltaStatements);
	const { from, to } = await snapshotPair(ws, opts.from, opts.to);
	await ws.run(`delete from delta.records where from_snapshot = $1 and to_snapshot = $2`, [from, to]);
	await ws.run(`delete from delta.tables where from_snapshot = $1 and to_snapshot = $2`, [from, to]);
	const [before, after] = [await snapshotTables(ws, from), await snapshotTables(ws, to)];
	// Records are found by the table roles' keys (the map's, else the proposer's), never by column names.
	const roles = await tableRoles(ws);
	const tables: TableDelta[] = [];
	for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
		const b = before.get(name);
		const a = after.get(name);
		const t = a && b ? await compareTable(ws, from, to, name, b, a, roles) : onlyInOne(name, b, a);
		await save(ws, from, to, t);
		tables.push(t);
	}
	const totals = { new: sum(tables, 'new'), changed: sum(tables, 'changed'), vanished: sum(tables, 'vanished') };
	await ws.audit('delta.detect', `snapshots ${from}→${to}`, { from, to, ...totals });
	return { from, to, tables, totals };
}

function onlyInOne(table: string, before?: string[], _after?: string[]): TableDelta {
	return {
		table,
		keyColumns: [],
		addedColumns: [],
		droppedColumns: [],
		rowsBefore: 0,
		rowsAfter: 0,
		new: 0,
		changed: 0,
		vanished: 0,
		note: before ? `only in snapshot before: the later export has no such table` : `new table: not in the earlier snapshot`
	};
}

function sum(ts: TableDelta[], k: 'new' | 'changed' | 'vanished'): number {
	return ts.reduce((n, t) => n + t[k], 0);
}
