// Query results leave the server as Arrow IPC, one page at a time: a page is the only
// part of a result that ever becomes Arrow buffers, so a million-row result costs one page.
//
// Vectors are built column by column from DuckDB's own data chunks. Text columns (every raw
// column is VARCHAR) never become JS strings: their UTF-8 bytes are copied from DuckDB's
// string slots straight into Arrow's data buffer, and a column whose page holds few distinct
// values (status, type, a patient id repeated per appointment) is dictionary-encoded, so each
// value travels once and rows carry a 1-, 2- or 4-byte index.
import {
	DuckDBTypeId,
	JSDuckDBValueConverter,
	JsonDuckDBValueConverter,
	type DuckDBConnection,
	type DuckDBDataChunk
} from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { countRows } from './count.js';
import { readItems, readSlots, type SlotReader } from './duckdb-strings.js';

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

const decoder = new TextDecoder();

/** A page's share of text values that are distinct, above which a dictionary does not pay. */
const DICTIONARY_RATIO = 0.5;
/** Rows looked at before deciding whether a column is worth a dictionary. */
const SAMPLE_ROWS = 2048;

/** Growable byte buffer for a Utf8 column's data. */
class Bytes {
	buf: Uint8Array;
	length = 0;
	constructor(capacity: number) {
		this.buf = new Uint8Array(Math.max(64, capacity));
	}
	reserve(n: number) {
		if (this.length + n <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < this.length + n) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buf.subarray(0, this.length));
		this.buf = next;
	}
	push(src: Uint8Array, start: number, len: number) {
		this.reserve(len);
		const b = this.buf;
		let at = this.length;
		if (len <= 16) for (let k = 0; k < len; k++) b[at++] = src[start + k];
		else b.set(src.subarray(start, start + len), at);
		this.length += len;
	}
}

interface TextCursor {
	/** Calls `visit(row, bytes, start, length)` for each non-null value; returns the null rows. */
	each(visit: (row: number, bytes: Uint8Array, start: number, len: number) => void, onNull: (row: number) => void): void;
}

/**
 * Iterates the text of one column across chunks, as bytes: DuckDB's string slots when the pinned
 * fast path is on (db/duckdb-strings.ts), else the node-api's values. `safe` forces the latter.
 */
function textCursor(chunks: DuckDBDataChunk[], column: number, safe = false): TextCursor {
	return {
		each(visit, onNull) {
			let row = 0;
			for (const chunk of chunks) {
				const n = chunk.rowCount;
				const vector = chunk.getColumnVector(column);
				const base = row;
				const at: Parameters<SlotReader>[2] = (i, bytes, start, len) => visit(base + i, bytes, start, len);
				const none = (i: number) => onNull(base + i);
				if (safe || !readSlots(vector, n, at, none)) readItems(vector, n, at, none);
				row += n;
			}
		}
	};
}

/** A key for a value's bytes: short values by their char codes, long ones as text. */
function keyOf(bytes: Uint8Array, start: number, len: number): string {
	if (len <= 24) {
		let k = '';
		for (let i = 0; i < len; i++) k += String.fromCharCode(bytes[start + i]);
		return k;
	}
	return `\u0100${decoder.decode(bytes.subarray(start, start + len))}`;
}

function nullBitmap(rows: number): Uint8Array {
	const b = new Uint8Array(((rows + 63) >> 6) << 3);
	b.fill(0xff);
	return b;
}

/** Dictionary-encodes a text column, or returns null when the page's values are too varied. */
function dictionaryColumn(cursor: TextCursor, rows: number): arrow.Data | null {
	const limit = Math.max(16, Math.floor(rows * DICTIONARY_RATIO));
	const ids = new Map<string, number>();
	const dict = new Bytes(1024);
	const dictOffsets: number[] = [0];
	const indices = new Int32Array(rows);
	const valid = nullBitmap(rows);
	let nulls = 0;
	let seen = 0;
	let tooMany = false;
	try {
		cursor.each(
			(row, bytes, start, len) => {
				const key = keyOf(bytes, start, len);
				let id = ids.get(key);
				if (id === undefined) {
					id = ids.size;
					if (id >= limit || (seen >= SAMPLE_ROWS && id > seen * DICTIONARY_RATIO)) throw (tooMany = true);
					ids.set(key, id);
					dict.push(bytes, start, len);
					dictOffsets.push(dict.length);
				}
				seen++;
				indices[row] = id;
			},
			(row) => {
				nulls++;
				valid[row >> 3] &= ~(1 << (row & 7));
			}
		);
	} catch (err) {
		if (tooMany) return null;
		throw err;
	}
	const size = ids.size;
	const indexType = size <= 127 ? new arrow.Int8() : size <= 32_767 ? new arrow.Int16() : new arrow.Int32();
	const narrowed = size <= 127 ? Int8Array.from(indices) : size <= 32_767 ? Int16Array.from(indices) : indices;
	const dictionary = arrow.makeVector(
		arrow.makeData({
			type: new arrow.Utf8(),
			length: size,
			nullCount: 0,
			valueOffsets: Int32Array.from(dictOffsets),
			data: dict.buf.subarray(0, dict.length)
		})
	);
	const type = new arrow.Dictionary(new arrow.Utf8(), indexType);
	return arrow.makeData({
		type,
		length: rows,
		nullCount: nulls,
		nullBitmap: nulls ? valid : undefined,
		data: narrowed,
		dictionary
	} as never);
}

function plainTextColumn(cursor: TextCursor, rows: number): arrow.Data {
	const data = new Bytes(rows * 16);
	const offsets = new Int32Array(rows + 1);
	const valid = nullBitmap(rows);
	let nulls = 0;
	cursor.each(
		(row, bytes, start, len) => {
			data.push(bytes, start, len);
			offsets[row + 1] = data.length;
		},
		(row) => {
			nulls++;
			valid[row >> 3] &= ~(1 << (row & 7));
			offsets[row + 1] = data.length;
		}
	);
	return arrow.makeData({
		type: new arrow.Utf8(),
		length: rows,
		nullCount: nulls,
		nullBitmap: nulls ? valid : undefined,
		valueOffsets: offsets,
		data: data.buf.subarray(0, data.length)
	});
}

/** Any other column: JS values per chunk (JSON text for nested types), then one Arrow vector. */
function valueColumn(chunks: DuckDBDataChunk[], column: number, typeId: DuckDBTypeId): arrow.Vector {
	const type = arrowType(typeId);
	const values: unknown[] = [];
	const asText = type instanceof arrow.Utf8 && !TEXT.has(typeId);
	for (const chunk of chunks) {
		if (asText) {
			for (const v of chunk.convertColumnValues(column, JsonDuckDBValueConverter))
				values.push(v == null ? null : typeof v === 'string' ? v : JSON.stringify(v));
			continue;
		}
		const js = chunk.convertColumnValues(column, JSDuckDBValueConverter);
		if (typeId === DuckDBTypeId.DECIMAL || typeId === DuckDBTypeId.UINTEGER) for (const v of js) values.push(v == null ? null : Number(v));
		else if (typeId === DuckDBTypeId.DATE || TIMESTAMP.has(typeId)) for (const v of js) values.push(v == null ? null : new Date(v as Date));
		else for (const v of js) values.push(v);
	}
	return arrow.vectorFromArray(values, type);
}

/** Builds an Arrow table from a result's chunks (a page), column by column; `safe` skips the string fast path. */
export function chunksToArrow(chunks: DuckDBDataChunk[], names: string[], typeIds: DuckDBTypeId[], { safe = false } = {}): arrow.Table {
	const rows = chunks.reduce((n, c) => n + c.rowCount, 0);
	const vectors: Record<string, arrow.Vector> = {};
	names.forEach((name, i) => {
		if (typeIds[i] === DuckDBTypeId.VARCHAR) {
			const cursor = textCursor(chunks, i, safe);
			vectors[name] = arrow.makeVector(dictionaryColumn(cursor, rows) ?? plainTextColumn(cursor, rows));
		} else vectors[name] = valueColumn(chunks, i, typeIds[i]);
	});
	return new arrow.Table(vectors);
}

/** Runs `sql` and returns rows [offset, offset + limit) as Arrow IPC with the total count. */
export async function queryArrow(conn: DuckDBConnection, sql: string, { offset = 0, limit = 1000 } = {}): Promise<ArrowPage> {
	const inner = sql.trim().replace(/;+\s*$/, '');
	const total = await countRows(conn, `(${inner}) as q`);
	const result = await conn.run(`select * from (${inner}) as q limit $1 offset $2`, [limit, offset]);
	const names = result.deduplicatedColumnNames();
	const typeIds = names.map((_, i) => result.columnTypeId(i));
	const chunks = await result.fetchAllChunks();
	const table = chunksToArrow(chunks, names, typeIds);
	return { ipc: arrow.tableToIPC(table, 'stream'), total, offset, rows: table.numRows };
}
