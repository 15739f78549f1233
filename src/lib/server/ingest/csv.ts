// Delimited text (CSV, TSV, semicolon, pipe) into a raw table. The fast path is DuckDB's
// own reader with explicit options; files it cannot read whole (mixed line ends, a
// preamble, a quote that swallows lines) go through RecordReader instead.
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import type { DuckDBConnection } from '@duckdb/node-api';
import { importLimits } from '../config.js';
import { ident, literal, qualified } from '../db/sql.js';
import { countRows } from '../db/count.js';
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
	/** The folder DuckDB may read (Workspace.readDir): transcoded copies and links go here. */
	tmpDir: string;
}

export async function loadDelimited(file: string, scan: FileScan, encoding: TextEncoding, target: CsvTarget): Promise<TableLoad> {
	// A UTF-8 byte-order mark before Windows-1252 bytes would decode as 'ï»¿' glued to the first header.
	const head = encoding === 'windows-1252' && hasUtf8Bom(scan.head) ? scan.head.subarray(3) : scan.head;
	const headText = iconv.decode(head, iconvName(encoding)).replace(/^\uFEFF/, '');
	if (looksBinaryText(headText)) throw new NotTextError('is binary: it is full of control characters, not text');
	if (headText.trim() === '') throw new NotTextError('is empty: it holds no header and no rows');
	const dialect = sniffDialect(headText);
	const { columns, warnings } = normaliseHeaders(dialect.header);
	const transcoded = encoding === 'utf-8' || encoding === 'utf-8-bom' ? null : await transcode(file, encoding, target.tmpDir);
	const utf8File = transcoded?.file ?? file;
	let label: string = encoding;
	if (transcoded && transcoded.utf8Lines > 0) {
		label = 'utf-8+windows-1252';
		warnings.push(
			`mixed encodings: ${transcoded.utf8Lines} line(s) read as UTF-8 and ${transcoded.otherLines} as Windows-1252, each line in the encoding it is valid in`
		);
	} else if (encoding === 'windows-1252' && hasUtf8Bom(scan.head)) {
		warnings.push('starts with a UTF-8 byte-order mark but is not UTF-8: read as Windows-1252');
	}
	// DuckDB's reader is fast for clean files; damage it handles badly goes to the tolerant
	// reader: NUL bytes, a character cut off at the end, and very long lines (DuckDB records one
	// reject per extra field, so a line of 100 000 fields takes it minutes).
	const tolerant =
		dialect.lineEnding === 'mixed' ||
		dialect.preamble > 0 ||
		scan.nulBytes > 0 ||
		scan.truncatedUtf8 ||
		(scan.maxLineBytes > LONG_LINE_BYTES && scan.maxLineBytes <= importLimits.maxRecordBytes);
	try {
		const fast = tolerant ? null : await tryDuckDB(utf8File, dialect, columns, target);
		const load = fast ?? (await readTolerant(utf8File, dialect, columns, target, scan.truncatedUtf8));
		if (dialect.lineEnding === 'mixed') warnings.push('line endings are mixed (CRLF and LF)');
		if (scan.truncatedUtf8) warnings.push('the file ends in the middle of a character: it was cut short, and its last row is quarantined');
		if (dialect.headerIndex < 0) warnings.push('no header row found; columns are named by position');
		if (load.rowsStaged === 0 && load.rejects.length === 0) warnings.push('header only: the file has no data rows');
		return {
			...load,
			columns,
			warnings,
			encoding: label,
			delimiter: dialect.delimiter,
			lineEnding: dialect.lineEnding,
			headerRow: dialect.headerIndex + 1
		};
	} finally {
		if (utf8File !== file) fs.rmSync(utf8File, { force: true });
	}
}

/** Lines longer than this skip DuckDB's reader (see loadDelimited). */
const LONG_LINE_BYTES = 64 * 1024;

function hasUtf8Bom(head: Buffer): boolean {
	return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

interface Transcoded {
	file: string;
	/** Windows-1252 files only: lines with non-ASCII bytes that are valid UTF-8, kept as UTF-8. */
	utf8Lines: number;
	otherLines: number;
}

async function transcode(file: string, encoding: TextEncoding, tmpDir: string): Promise<Transcoded> {
	fs.mkdirSync(tmpDir, { recursive: true });
	const out = path.join(tmpDir, `${randomBytes(6).toString('hex')}.${process.pid}.utf8`);
	try {
		if (encoding === 'windows-1252') return { file: out, ...(await transcodeLines(file, out)) };
		await new Promise<void>((resolve, reject) => {
			fs.createReadStream(file)
				.pipe(iconv.decodeStream(iconvName(encoding)))
				.pipe(iconv.encodeStream('utf-8'))
				.pipe(fs.createWriteStream(out))
				.on('finish', resolve)
				.on('error', reject);
		});
		return { file: out, utf8Lines: 0, otherLines: 0 };
	} catch (err) {
		fs.rmSync(out, { force: true }); // a half-converted copy of the rows never stays behind
		throw err;
	}
}

/**
 * A file that is not UTF-8 is Windows-1252, except that exports appended to by two systems
 * hold both: each LF-ended line is read in the encoding it is valid in, so José written as
 * UTF-8 and José written as Windows-1252 both arrive as José.
 */
async function transcodeLines(file: string, out: string): Promise<{ utf8Lines: number; otherLines: number }> {
	const counts = { utf8Lines: 0, otherLines: 0 };
	const parts: Buffer[] = [];
	let carry: Buffer = Buffer.alloc(0);
	const fd = fs.openSync(out, 'w');
	let first = true;
	const convert = (line: Buffer) => {
		// A byte-order mark is not UTF-8 text: the first line counts by what follows it.
		const text = first && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf ? line.subarray(3) : line;
		first = false;
		if (!text.some((b) => b >= 0x80)) return parts.push(line);
		if (isUtf8(text)) {
			counts.utf8Lines++;
			return parts.push(line);
		}
		counts.otherLines++;
		parts.push(Buffer.from(iconv.decode(text, 'win1252'), 'utf8'));
	};
	const flush = () => {
		if (parts.length) fs.writeSync(fd, Buffer.concat(parts.splice(0)));
	};
	try {
		for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
			const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
			let from = 0;
			for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, from)) {
				convert(data.subarray(from, nl + 1));
				from = nl + 1;
			}
			carry = Buffer.from(data.subarray(from));
			flush();
		}
		if (carry.length) convert(carry);
		flush();
	} finally {
		fs.closeSync(fd);
	}
	return counts;
}

type Loaded = Pick<TableLoad, 'rowsStaged' | 'rejects'>;

function columnsSpec(columns: ColumnName[]): string {
	return `{${columns.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ')}}`;
}

/**
 * DuckDB reads files only in the workspace's read folder (analyst SQL must not reach the disk):
 * a file elsewhere is hard-linked there for the read, or copied when it lives on another disk.
 */
async function readableCopy(file: string, dir: string): Promise<string> {
	if (path.dirname(path.resolve(file)) === path.resolve(dir)) return file;
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	const copy = path.join(dir, `${randomBytes(6).toString('hex')}.${process.pid}.csv`);
	try {
		fs.linkSync(file, copy);
	} catch {
		await fs.promises.copyFile(file, copy);
	}
	return copy;
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
	const readable = await readableCopy(file, t.tmpDir);
	try {
		await t.conn.run(`create table ${target} as select * from read_csv(${literal(readable)}, ${options.join(', ')})`);
	} catch {
		await t.conn.run(`drop table if exists ${target}`);
		return null;
	} finally {
		if (readable !== file) fs.rmSync(readable, { force: true });
	}
	const rows = await t.conn.runAndReadAll(
		`select line_byte_position as pos, list(distinct error_type) as types, any_value(csv_line) as raw,
		   min(try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) as int)) filter (where error_type = 'MISSING COLUMNS') as short,
		   max(try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) as int)) filter (where error_type = 'TOO MANY COLUMNS') as long,
		   bool_and(error_type in ('MISSING COLUMNS', 'TOO MANY COLUMNS')) as width_only
		 from ${ident(rejectsTable)} group by line_byte_position order by pos`
	);
	const found = (
		rows.getRowObjectsJS() as Array<{
			pos: bigint;
			types: string[];
			short: number | null;
			long: number | null;
			raw: string | null;
			width_only: boolean;
		}>
	).map((r) => ({ ...r, reason: rejectReason(r.types, r.short ?? r.long, columns.length) }));
	await t.conn.run(`drop table if exists ${ident(rejectsTable)}; drop table if exists ${ident(scanTable)}`);
	for (const r of found) r.raw = r.raw?.replace(/^[\r\n]+|[\r\n]+$/g, '') ?? '';
	if (found.some((r) => !r.width_only && /[\r\n]/.test(r.raw ?? ''))) {
		// A quote problem that spans lines may have swallowed good rows: read the file line by line.
		await t.conn.run(`drop table ${target}`);
		return null;
	}
	const lines = await lineNumbersAt(
		file,
		found.map((r) => Number(r.pos)),
		dialect.lineEnding === 'cr' ? 13 : 10
	);
	return {
		rowsStaged: await countRows(t.conn, target),
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
	for await (const chunk of fs.createReadStream(file, {
		end: sorted[sorted.length - 1],
		highWaterMark: 1 << 20
	}) as AsyncIterable<Buffer>) {
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
async function readTolerant(file: string, dialect: Dialect, columns: ColumnName[], t: CsvTarget, truncated = false): Promise<Loaded> {
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
				rejects.push({
					line: r.line,
					reason: 'before the header row (report title or notes)',
					raw: r.kind === 'record' ? r.fields.join(dialect.delimiter) : r.raw
				});
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
	const last = reader.push(decoder.decode(), true);
	// A file cut inside a character ends inside its last row: that row is not whole.
	const cut = truncated ? last.pop() : undefined;
	take(last);
	if (cut)
		take([
			{
				kind: 'reject',
				line: cut.line,
				reason: 'the file ends in the middle of this row (cut inside a character): the export looks truncated',
				raw: cut.kind === 'record' ? cut.fields.join(dialect.delimiter) : cut.raw
			}
		]);
	appender.flushSync();
	appender.closeSync();
	return { rowsStaged, rejects };
}
