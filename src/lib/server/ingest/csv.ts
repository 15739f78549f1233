// Delimited text (CSV, TSV, semicolon, pipe) into a raw table. The fast path is DuckDB's
// own reader with explicit options; files it cannot read whole (mixed line ends, a
// preamble, a quote that swallows lines) go through RecordReader instead.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { DuckDBConnection } from '@duckdb/node-api';
import { importLimits } from '../config.js';
import { ident, literal, qualified } from '../db/sql.js';
import { sniffDialect, type Dialect } from './dialect.js';
import { iconvName, looksBinaryText, NotTextError, type TextEncoding } from './encoding.js';
import { normaliseHeaders, type ColumnName } from './headers.js';
import { RecordReader } from './records.js';
import type { FileScan } from './scan.js';
import type { Reject, TableLoad } from './types.js';

interface CsvTarget {
	conn: DuckDBConnection;
	schema: string;
	table: string;
	tmpDir: string;
}

export async function loadDelimited(file: string, scan: FileScan, encoding: TextEncoding, target: CsvTarget): Promise<TableLoad> {
	const headText = iconv.decode(scan.head, iconvName(encoding)).replace(/^\uFEFF/, '');
	if (looksBinaryText(headText)) throw new NotTextError('is binary: it is full of control characters, not text');
	if (headText.trim() === '') throw new NotTextError('is empty: it holds no header and no rows');
	const dialect = sniffDialect(headText);
	const { columns, warnings } = normaliseHeaders(dialect.header);
	const utf8File = encoding === 'utf-8' || encoding === 'utf-8-bom' ? file : await transcode(file, encoding, target.tmpDir);
	try {
		const fast = dialect.lineEnding !== 'mixed' && dialect.preamble === 0 ? await tryDuckDB(utf8File, dialect, columns, target) : null;
		const load = fast ?? (await readTolerant(utf8File, dialect, columns, target));
		if (dialect.lineEnding === 'mixed') warnings.push('line endings are mixed (CRLF and LF)');
		if (dialect.headerIndex < 0) warnings.push('no header row found; columns are named by position');
		if (load.rowsStaged === 0 && load.rejects.length === 0) warnings.push('header only: the file has no data rows');
		return { ...load, columns, warnings, delimiter: dialect.delimiter, lineEnding: dialect.lineEnding, headerRow: dialect.headerIndex + 1 };
	} finally {
		if (utf8File !== file) fs.rmSync(utf8File, { force: true });
	}
}

async function transcode(file: string, encoding: TextEncoding, tmpDir: string): Promise<string> {
	fs.mkdirSync(tmpDir, { recursive: true });
	const out = path.join(tmpDir, `${path.basename(file)}.${process.pid}.${Date.now()}.utf8`);
	await new Promise<void>((resolve, reject) => {
		fs.createReadStream(file)
			.pipe(iconv.decodeStream(iconvName(encoding)))
			.pipe(iconv.encodeStream('utf-8'))
			.pipe(fs.createWriteStream(out))
			.on('finish', resolve)
			.on('error', reject);
	});
	return out;
}

type Loaded = Pick<TableLoad, 'rowsStaged' | 'rejects'>;

function columnsSpec(columns: ColumnName[]): string {
	return `{${columns.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ')}}`;
}

/** DuckDB's reader; null when the file needs the tolerant reader instead. */
async function tryDuckDB(file: string, dialect: Dialect, columns: ColumnName[], t: CsvTarget): Promise<Loaded | null> {
	const rejectsTable = `ferry_rejects_${t.table}`;
	const scanTable = `ferry_scans_${t.table}`;
	const options = [
		'auto_detect = false',
		`header = ${dialect.headerIndex >= 0}`,
		`columns = ${columnsSpec(columns)}`,
		`delim = ${literal(dialect.delimiter)}`,
		`quote = '"'`,
		`escape = '"'`,
		dialect.lineEnding === 'cr' ? `new_line = '\\r'` : '',
		`max_line_size = ${importLimits.maxRecordBytes}`,
		'store_rejects = true',
		`rejects_table = ${literal(rejectsTable)}`,
		`rejects_scan = ${literal(scanTable)}`
	].filter(Boolean);
	const target = qualified(t.schema, t.table);
	try {
		await t.conn.run(`create table ${target} as select * from read_csv(${literal(file)}, ${options.join(', ')})`);
	} catch {
		await t.conn.run(`drop table if exists ${target}`);
		return null;
	}
	const rows = await t.conn.runAndReadAll(
		`select line_byte_position as pos, list(distinct error_type) as types, any_value(csv_line) as raw,
		   min(try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) as int)) filter (where error_type = 'MISSING COLUMNS') as short,
		   max(try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) as int)) filter (where error_type = 'TOO MANY COLUMNS') as long,
		   bool_and(error_type in ('MISSING COLUMNS', 'TOO MANY COLUMNS')) as width_only
		 from ${ident(rejectsTable)} group by line_byte_position order by pos`
	);
	const found = (rows.getRowObjectsJS() as Array<{ pos: bigint; types: string[]; short: number | null; long: number | null; raw: string | null; width_only: boolean }>).map(
		(r) => ({ ...r, reason: rejectReason(r.types, r.short ?? r.long, columns.length) })
	);
	await t.conn.run(`drop table if exists ${ident(rejectsTable)}; drop table if exists ${ident(scanTable)}`);
	for (const r of found) r.raw = r.raw?.replace(/^[\r\n]+|[\r\n]+$/g, '') ?? '';
	if (found.some((r) => !r.width_only && /[\r\n]/.test(r.raw ?? ''))) {
		// A quote problem that spans lines may have swallowed good rows: read the file line by line.
		await t.conn.run(`drop table ${target}`);
		return null;
	}
	const lines = await lineNumbersAt(file, found.map((r) => Number(r.pos)), dialect.lineEnding === 'cr' ? 13 : 10);
	const staged = await t.conn.runAndReadAll(`select count(*)::bigint from ${target}`);
	return {
		rowsStaged: Number(staged.getColumnsJS()[0][0]),
		rejects: found.map((r, i) => ({ line: lines[i], reason: r.reason, raw: r.raw ?? '' }))
	};
}

/** DuckDB's error kinds in the words the rest of Ferry uses for the same damage. */
function rejectReason(types: string[], found: number | null, width: number): string {
	const reasons = types.map((t) => {
		if (t === 'MISSING COLUMNS' || t === 'TOO MANY COLUMNS') return `expected ${width} fields, found ${found ?? '?'}`;
		if (t === 'UNQUOTED VALUE') return 'a quote in the wrong place: a quoted field does not close, or text follows its closing quote';
		if (t === 'LINE SIZE OVER MAXIMUM') return `record longer than ${importLimits.maxRecordBytes} bytes`;
		if (t === 'INVALID UNICODE') return 'bytes that are not valid UTF-8';
		return t.toLowerCase();
	});
	return [...new Set(reasons)].join('; ');
}

/** 1-based physical line numbers of byte offsets, in one pass that stops at the last offset. */
async function lineNumbersAt(file: string, offsets: number[], eol: number): Promise<number[]> {
	if (offsets.length === 0) return [];
	const sorted = [...new Set(offsets)].sort((a, b) => a - b);
	const at = new Map<number, number>();
	let line = 1;
	let base = 0;
	let k = 0;
	for await (const chunk of fs.createReadStream(file, { end: sorted[sorted.length - 1], highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
		// Line breaks are found with indexOf (memchr), not a byte loop: files run to gigabytes.
		// DuckDB may point at the break that ends the previous line, so a break at an offset counts.
		let from = 0;
		while (k < sorted.length && sorted[k] < base + chunk.length) {
			const target = sorted[k] - base;
			for (let nl = chunk.indexOf(eol, from); nl !== -1 && nl <= target; nl = chunk.indexOf(eol, nl + 1)) {
				line++;
				from = nl + 1;
			}
			at.set(sorted[k++], line);
		}
		for (let nl = chunk.indexOf(eol, from); nl !== -1; nl = chunk.indexOf(eol, nl + 1)) line++;
		base += chunk.length;
	}
	while (k < sorted.length) at.set(sorted[k++], line);
	return offsets.map((o) => at.get(o) ?? line);
}

/** The tolerant path: RecordReader over the decoded stream, rows appended to the table. */
async function readTolerant(file: string, dialect: Dialect, columns: ColumnName[], t: CsvTarget): Promise<Loaded> {
	const target = qualified(t.schema, t.table);
	await t.conn.run(`drop table if exists ${target}`);
	await t.conn.run(`create table ${target} (${columns.map((c) => `${ident(c.name)} varchar`).join(', ')})`);
	const appender = await t.conn.createAppender(t.table, t.schema);
	const reader = new RecordReader(dialect.delimiter, columns.length, importLimits.maxRecordBytes);
	const rejects: Reject[] = [];
	let seen = 0;
	let rowsStaged = 0;
	const take = (results: ReturnType<RecordReader['push']>) => {
		for (const r of results) {
			const index = seen++;
			if (index < dialect.preamble) {
				rejects.push({ line: r.line, reason: 'before the header row (report title or notes)', raw: r.kind === 'record' ? r.fields.join(dialect.delimiter) : r.raw });
				continue;
			}
			if (index === dialect.preamble && dialect.headerIndex >= 0) continue; // the header itself
			if (r.kind === 'reject') {
				rejects.push({ line: r.line, reason: r.reason, raw: r.raw });
				continue;
			}
			for (const value of r.fields) value === '' ? appender.appendNull() : appender.appendVarchar(value);
			appender.endRow();
			rowsStaged++;
		}
	};
	const decoder = new TextDecoder('utf-8');
	let first = true;
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
		let text = decoder.decode(chunk, { stream: true });
		if (first) text = text.replace(/^\uFEFF/, '');
		first = false;
		take(reader.push(text));
	}
	take(reader.push(decoder.decode(), true));
	appender.flushSync();
	appender.closeSync();
	return { rowsStaged, rejects };
}
