// DuckDB's own parser decides what a SQL cell reads and whether it is a single SELECT:
// json_serialize_sql serialises SELECT statements only, so anything that writes fails here.
import type { DuckDBConnection } from '@duckdb/node-api';
import { cleanFragment, parseFragment, SqlFragmentError } from '../db/fragment.js';
import { FerryError } from '../errors.js';

export interface TableRef {
	schema: string;
	name: string;
}

/** A cell that is not one SELECT (a 400); its own class because a notebook run reports it per cell. */
export class CellSqlError extends FerryError {
	constructor(message: string) {
		super(message, 400);
		this.name = 'CellSqlError';
	}
}

/** Strips trailing semicolons and whitespace: a cell holds one statement. */
export const cleanSql = cleanFragment;

/** One SELECT and nothing else, by DuckDB's own parser (db/fragment.ts); the cell's own words on refusal. */
export async function parseSelect(conn: DuckDBConnection, sql: string): Promise<unknown> {
	try {
		return await parseFragment(conn, sql, 'select', 'a cell');
	} catch (err) {
		if (!(err instanceof SqlFragmentError)) throw err;
		if (err.parserMessage) throw new CellSqlError(err.parserMessage);
		if (/^a cell is empty/.test(err.message)) throw new CellSqlError('the cell is empty: write one SELECT query');
		const protectedSchemas = /cannot create/.test(err.message) ? " (Ferry's schemas ferry, raw, snap_* and stage are protected)" : '';
		throw new CellSqlError(`${err.message}${protectedSchemas}`);
	}
}

/** Tables and views a parsed statement reads, CTE names excluded. */
export function tableRefs(statement: unknown): TableRef[] {
	const ctes = new Set<string>();
	const refs: TableRef[] = [];
	const walk = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(walk);
		if (!node || typeof node !== 'object') return;
		const n = node as Record<string, unknown>;
		const map = (n.cte_map as { map?: Array<{ key: string }> } | undefined)?.map;
		if (Array.isArray(map)) for (const m of map) ctes.add(m.key.toLowerCase());
		if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string') {
			refs.push({ schema: String(n.schema_name ?? '').toLowerCase(), name: n.table_name.toLowerCase() });
		}
		for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
	};
	walk(statement);
	const seen = new Set<string>();
	return refs.filter((r) => {
		const key = `${r.schema}.${r.name}`;
		if ((r.schema === '' && ctes.has(r.name)) || seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
