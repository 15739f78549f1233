// A cell's result is its view; the grid reads it a page at a time as Arrow, with sort and
// filter pushed down to DuckDB so a million rows never leave the database at once.
import { ident, literal, queryArrow, type ArrowPage, type Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';
import { cleanSql, parseSelect } from './parse-sql.js';

export interface ViewQuery {
	offset?: number;
	limit?: number;
	sort?: string;
	desc?: boolean;
	/** Column → text it must contain (case-insensitive, on the value as text). */
	filters?: Record<string, string>;
}

export interface ColumnStats {
	name: string;
	type: string;
	nulls: number;
	/** approx_count_distinct: HyperLogLog, a few percent off on large columns. */
	distinct: number;
}

/** SQL cells' views, raw tables, and TS cells' lists of records (run.ts listTable). */
const SCHEMAS = new Set(['main', 'raw', 'cell_lists']);

async function columnsOf(ws: Workspace, schema: string, view: string): Promise<Array<{ name: string; type: string }>> {
	if (!SCHEMAS.has(schema)) throw new FerryError(`results are read from schema main, raw or cell_lists, not '${schema}'`);
	const rows = await ws.all<{ name: string; type: string }>(
		`select column_name as name, data_type as type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position`,
		[schema, view]
	);
	if (!rows.length) throw new FerryError(`there is no table or view ${schema}.${view}: run the cell that defines it`, 404);
	return rows;
}

export async function viewPage(ws: Workspace, schema: string, view: string, q: ViewQuery = {}): Promise<ArrowPage> {
	const cols = new Set((await columnsOf(ws, schema, view)).map((c) => c.name));
	const known = (c: string) => {
		if (!cols.has(c)) throw new FerryError(`${schema}.${view} has no column '${c}'`);
		return ident(c);
	};
	const filters = Object.entries(q.filters ?? {}).filter(([, v]) => v !== '');
	// Filter values are spliced as escaped literals: queryArrow wraps the text and takes no parameters.
	const where = filters.map(([c, v]) => `contains(lower(cast(${known(c)} as varchar)), lower(${literal(v)}))`);
	const order = q.sort ? ` order by ${known(q.sort)} ${q.desc ? 'desc' : 'asc'} nulls last` : '';
	const sql = `select * from ${ident(schema)}.${ident(view)}${where.length ? ` where ${where.join(' and ')}` : ''}${order}`;
	return ws.withConnection((conn) => queryArrow(conn, sql, { offset: q.offset ?? 0, limit: q.limit ?? 1000 }));
}

/** Type, null count and approximate distinct count per column, in one scan. */
export async function viewStats(ws: Workspace, schema: string, view: string): Promise<{ rows: number; columns: ColumnStats[] }> {
	const cols = await columnsOf(ws, schema, view);
	const aggs = cols.flatMap((c, i) => [`count(*) - count(${ident(c.name)}) as n${i}`, `approx_count_distinct(${ident(c.name)}) as d${i}`]);
	const row = (await ws.one(`select count(*) as rows, ${aggs.join(', ')} from ${ident(schema)}.${ident(view)}`))!;
	return {
		rows: Number(row.rows),
		columns: cols.map((c, i) => ({ name: c.name, type: c.type, nulls: Number(row[`n${i}`]), distinct: Number(row[`d${i}`]) }))
	};
}

/** Tables and views with their columns, for the editor's autocomplete. */
export async function workspaceSchema(ws: Workspace): Promise<Record<string, string[]>> {
	const rows = await ws.all<{ s: string; t: string; c: string }>(
		`select table_schema as s, table_name as t, column_name as c from information_schema.columns where table_schema in ('main', 'raw', 'stage') order by table_schema, table_name, ordinal_position`
	);
	const out: Record<string, string[]> = {};
	for (const r of rows) (out[r.s === 'main' ? r.t : `${r.s}.${r.t}`] ??= []).push(r.c);
	return out;
}

/**
 * One page of an ad-hoc SELECT (the query panel): DuckDB's own parser checks it is one SELECT
 * and nothing else, as for a cell. Any failure (not a SELECT, an unknown column) is the text's
 * fault: a 400 that quotes DuckDB.
 */
export async function selectPage(ws: Workspace, sql: string, page: { offset: number; limit: number }): Promise<ArrowPage> {
	return ws.withConnection(async (conn) => {
		try {
			await parseSelect(conn, sql);
			return await queryArrow(conn, cleanSql(sql), page);
		} catch (err) {
			throw new FerryError(`sql: ${(err as Error).message}`, 400, { cause: err });
		}
	});
}
