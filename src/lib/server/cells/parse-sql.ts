// DuckDB's own parser decides what a SQL cell reads and whether it is a single SELECT:
// json_serialize_sql serialises SELECT statements only, so anything that writes fails here.
import type { DuckDBConnection } from '@duckdb/node-api';

export interface TableRef {
	schema: string;
	name: string;
}

export class CellSqlError extends Error {}

interface Tree {
	error: boolean;
	error_message?: string;
	error_type?: string;
	statements?: unknown[];
}

/** Strips trailing semicolons and whitespace: a cell holds one statement. */
export function cleanSql(sql: string): string {
	return sql.trim().replace(/(;\s*)+$/, '');
}

export async function parseSelect(conn: DuckDBConnection, sql: string): Promise<unknown> {
	const text = cleanSql(sql);
	if (!text) throw new CellSqlError('the cell is empty: write one SELECT query');
	const reader = await conn.runAndReadAll(`select json_serialize_sql($1::varchar) as j`, [text]);
	const tree = JSON.parse(String(reader.getColumnsJS()[0][0])) as Tree;
	if (tree.error) {
		if (/only select/i.test(tree.error_message ?? '')) {
			throw new CellSqlError('a cell holds one SELECT query; it cannot create, change or drop tables (Ferry\'s schemas ferry, raw, snap_* and stage are protected)');
		}
		throw new CellSqlError(tree.error_message ?? 'the query could not be parsed');
	}
	if ((tree.statements?.length ?? 0) !== 1) throw new CellSqlError(`a cell holds exactly one SELECT query; this one has ${tree.statements?.length ?? 0}`);
	return tree.statements![0];
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
