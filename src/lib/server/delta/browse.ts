// Reading a computed delta back: counts per table, and pages of records with their values
// before and after and the columns that differ (for a person to look at, vanished ones included).
import type { Workspace } from '../db/index.js';
import { qualified } from '../db/index.js';
import { detectDelta, snapshotPair, type DeltaSummary, type TableDelta } from './detect.js';
import { keyExpr } from './keys.js';
import { deltaStatements } from './schema.js';
import { FerryError } from '../errors.js';

export type Change = 'new' | 'changed' | 'vanished';

export interface DeltaRecord {
	sourceId: string;
	change: Change;
	before: Record<string, string | null> | null;
	after: Record<string, string | null> | null;
	/** Columns whose value differs (changed records only). */
	differs: string[];
}

interface TableRow {
	table_name: string;
	key_columns: string[];
	added_columns: string[];
	dropped_columns: string[];
	rows_before: number;
	rows_after: number;
	new: number;
	changed: number;
	vanished: number;
	note: string | null;
}

function toDelta(r: TableRow): TableDelta {
	return {
		table: r.table_name,
		keyColumns: r.key_columns,
		addedColumns: r.added_columns,
		droppedColumns: r.dropped_columns,
		rowsBefore: Number(r.rows_before),
		rowsAfter: Number(r.rows_after),
		new: Number(r.new),
		changed: Number(r.changed),
		vanished: Number(r.vanished),
		note: r.note
	};
}

/** The kept delta of two snapshots (default: the newest two), computed first if it never was. */
export async function deltaSummary(ws: Workspace, opts: { from?: number; to?: number } = {}): Promise<DeltaSummary> {
	await ws.ensure('delta', deltaStatements);
	const { from, to } = await snapshotPair(ws, opts.from, opts.to);
	const rows = await ws.all<TableRow>(`select * from delta.tables where from_snapshot = $1 and to_snapshot = $2 order by table_name`, [
		from,
		to
	]);
	if (!rows.length) return detectDelta(ws, { from, to });
	const tables = rows.map(toDelta);
	const sum = (k: Change) => tables.reduce((n, t) => n + t[k], 0);
	return { from, to, tables, totals: { new: sum('new'), changed: sum('changed'), vanished: sum('vanished') } };
}

async function tableDelta(ws: Workspace, from: number, to: number, table: string): Promise<TableDelta> {
	const r = await ws.one<TableRow>(`select * from delta.tables where from_snapshot = $1 and to_snapshot = $2 and table_name = $3`, [
		from,
		to,
		table
	]);
	if (!r) throw new FerryError(`no table '${table}' in the delta of snapshots ${from}→${to}`, 404);
	return toDelta(r);
}

/** One page of a table's delta records with their values; keys repeated in a snapshot show their first row. */
export async function deltaRecords(
	ws: Workspace,
	opts: { table: string; change?: Change; from?: number; to?: number; offset?: number; limit?: number }
): Promise<{ total: number; records: DeltaRecord[] }> {
	const summary = await deltaSummary(ws, opts);
	const { from, to } = summary;
	const t = await tableDelta(ws, from, to, opts.table);
	const filter = `from_snapshot = $1 and to_snapshot = $2 and table_name = $3 and ($4::varchar is null or change = $4)`;
	const params = [from, to, opts.table, opts.change ?? null];
	const total = await ws.count(`delta.records where ${filter}`, params);
	if (!t.keyColumns.length) return { total, records: [] };
	const k = keyExpr(t.keyColumns);
	const side = (schema: string) => `(select ${k} as k, first(to_json(x)::varchar) as j from ${qualified(schema, opts.table)} x group by k)`;
	const rows = await ws.all<{ source_id: string; change: Change; before: string | null; after: string | null }>(
		`select r.source_id, r.change, b.j as before, a.j as after
		 from (select * from delta.records where ${filter} order by change, source_id limit $5 offset $6) r
		 left join ${side(`snap_${from}`)} b on b.k = r.source_id and r.change <> 'new'
		 left join ${side(`snap_${to}`)} a on a.k = r.source_id and r.change <> 'vanished'
		 order by r.change, r.source_id`,
		[...params, opts.limit ?? 100, opts.offset ?? 0]
	);
	return { total, records: rows.map(record) };
}

function record(r: { source_id: string; change: Change; before: string | null; after: string | null }): DeltaRecord {
	const before = r.before ? (JSON.parse(r.before) as Record<string, string | null>) : null;
	const after = r.after ? (JSON.parse(r.after) as Record<string, string | null>) : null;
	const differs = before && after ? Object.keys(after).filter((c) => c in before && before[c] !== after[c]) : [];
	return { sourceId: r.source_id, change: r.change, before, after, differs };
}
