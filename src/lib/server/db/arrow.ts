// Query results leave the server as Arrow IPC, one page at a time: a page is the only
// part of a result that ever becomes JS values, so a million-row result costs one page.
import { DuckDBTypeId, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';

export interface ArrowPage {
	/** Arrow IPC stream bytes of the page. */
	ipc: Uint8Array;
	/** Rows in the whole result, not just the page. */
	total: number;
	offset: number;
	rows: number;
}

const INT32 = new Set([DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT]);
const FLOAT = new Set([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL, DuckDBTypeId.UINTEGER]);
const TIMESTAMP = new Set([
	DuckDBTypeId.TIMESTAMP,
	DuckDBTypeId.TIMESTAMP_S,
	DuckDBTypeId.TIMESTAMP_MS,
	DuckDBTypeId.TIMESTAMP_NS,
	DuckDBTypeId.TIMESTAMP_TZ
]);
const TEXT = new Set([DuckDBTypeId.VARCHAR, DuckDBTypeId.UUID, DuckDBTypeId.ENUM]);

function arrowType(typeId: DuckDBTypeId): arrow.DataType {
	if (typeId === DuckDBTypeId.BOOLEAN) return new arrow.Bool();
	if (INT32.has(typeId)) return new arrow.Int32();
	if (typeId === DuckDBTypeId.BIGINT) return new arrow.Int64();
	if (FLOAT.has(typeId)) return new arrow.Float64();
	if (typeId === DuckDBTypeId.DATE) return new arrow.DateMillisecond();
	if (TIMESTAMP.has(typeId)) return new arrow.TimestampMillisecond();
	return new arrow.Utf8();
}

function columnValues(reader: DuckDBResultReader, index: number, jsColumns: unknown[][], jsonColumns: () => unknown[][]): unknown[] {
	const typeId = reader.columnTypeId(index);
	const values = jsColumns[index];
	if (typeId === DuckDBTypeId.DECIMAL || typeId === DuckDBTypeId.UINTEGER) return values.map((v) => (v == null ? null : Number(v)));
	if (typeId === DuckDBTypeId.DATE || TIMESTAMP.has(typeId)) return values.map((v) => (v == null ? null : new Date(v as Date)));
	if (arrowType(typeId) instanceof arrow.Utf8 && !TEXT.has(typeId)) {
		return jsonColumns()[index].map((v) => (v == null ? null : typeof v === 'string' ? v : JSON.stringify(v)));
	}
	return values;
}

/** Builds an Arrow table from a materialised reader (a page). */
export function readerToArrow(reader: DuckDBResultReader): arrow.Table {
	const js = reader.getColumnsJS() as unknown[][];
	let json: unknown[][] | undefined;
	const jsonColumns = () => (json ??= reader.getColumnsJson() as unknown[][]);
	const names = reader.deduplicatedColumnNames();
	const vectors: Record<string, arrow.Vector> = {};
	names.forEach((name, i) => {
		vectors[name] = arrow.vectorFromArray(columnValues(reader, i, js, jsonColumns), arrowType(reader.columnTypeId(i)));
	});
	return new arrow.Table(vectors);
}

/** Runs `sql` and returns rows [offset, offset + limit) as Arrow IPC with the total count. */
export async function queryArrow(conn: DuckDBConnection, sql: string, { offset = 0, limit = 1000 } = {}): Promise<ArrowPage> {
	const inner = sql.trim().replace(/;+\s*$/, '');
	const countReader = await conn.runAndReadAll(`select count(*)::bigint as n from (${inner}) as q`);
	const total = Number(countReader.getColumnsJS()[0][0]);
	const reader = await conn.runAndReadAll(`select * from (${inner}) as q limit $1 offset $2`, [limit, offset]);
	const table = readerToArrow(reader);
	return { ipc: arrow.tableToIPC(table, 'stream'), total, offset, rows: table.numRows };
}
