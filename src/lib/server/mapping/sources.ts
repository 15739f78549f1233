// SQL pieces shared by the compiler, lookups, validation and preview: a source's FROM clause
// (its table as `s`, its joins, its filter) and a field's input expression.
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import type { FieldMap, SourceMap } from './model.js';

/** `ins.plan_name` reads a join's column; a bare name reads the source row `s`. */
export function columnRef(column: string): string {
	const dot = column.indexOf('.');
	return dot > 0 ? `${column.slice(0, dot)}.${ident(column.slice(dot + 1))}` : `s.${ident(column)}`;
}

export function inputOf(f: FieldMap): string {
	if (f.sql) return `(${f.sql})`;
	if (f.column) return columnRef(f.column);
	return 'null';
}

/** The id part of a source row's key: the source's key SQL, else its key column trimmed. */
export const rowKeySql = (s: SourceMap) => s.keySql ?? `trim(cast(s.${ident(s.keyColumn)} as varchar))`;

/** FROM … WHERE …: always ends in a WHERE so callers can append `and …`. */
export function sourceFrom(s: SourceMap, extraJoins: string[] = []): string {
	const joins = s.joins.map((j) => `left join (${j.sql}) ${j.alias} on ${j.on}`);
	return `from raw.${ident(s.table)} s ${[...joins, ...extraJoins].join(' ')} where ${s.where ? `(${s.where})` : 'true'}`;
}

/** Joins whose SQL does not run on this snapshot (most often a table the export lacks), with DuckDB's reason. */
export async function brokenJoins(ws: Workspace, s: SourceMap): Promise<Array<{ alias: string; message: string }>> {
	const out: Array<{ alias: string; message: string }> = [];
	for (const j of s.joins) {
		try {
			await ws.all(`select * from (${j.sql}) limit 0`);
		} catch (err) {
			out.push({ alias: j.alias, message: `${s.id}: join ${j.alias} cannot be read: ${(err as Error).message.split('\n')[0]}` });
		}
	}
	return out;
}

export async function tableExists(ws: Workspace, table: string): Promise<boolean> {
	return ws.exists('raw', table, 'view');
}

export async function tableColumns(ws: Workspace, table: string): Promise<string[]> {
	const rows = await ws.all<{ column_name: string }>(
		`select column_name from duckdb_columns() where schema_name = 'raw' and table_name = $1 order by column_index`,
		[table]
	);
	return rows.map((r) => r.column_name);
}
