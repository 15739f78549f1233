// Where rows go: a CSV file in one dialect (delimiter, line end, encoding, BOM),
// or — for --format xlsx — a JSON-lines spool that becomes one sheet of export.xlsx.
import fs from 'node:fs';
import readline from 'node:readline';
import iconv from 'iconv-lite';
import type ExcelJS from 'exceljs';
import type { FileTruth } from './truth.js';

export interface Dialect {
	delimiter: ',' | ';' | '\t' | '|';
	eol: '\n' | '\r\n';
	encoding: 'utf-8' | 'windows-1252';
	bom: boolean;
}

export interface TableSink {
	readonly file: string;
	/** Records written. */
	rows: number;
	/** Writes one record; returns the physical line it starts on (header = 1). */
	row(values: readonly string[]): number;
	/** Writes a record exactly as given (deliberately malformed); returns its line. */
	raw(text: string): number;
	/** Field separator, for callers building raw rows. */
	readonly delimiter: string;
	/** Quotes one field the way this sink does. */
	field(value: string): string;
	close(): Promise<void>;
}

const FLUSH_CHARS = 1 << 20;

export class CsvSink implements TableSink {
	rows = 0;
	private line = 2;
	private parts: string[] = [];
	private size = 0;
	private readonly fd: number;
	private readonly needsQuote: RegExp;
	readonly delimiter: string;

	constructor(
		readonly file: string,
		path: string,
		header: readonly string[],
		private readonly dialect: Dialect
	) {
		this.delimiter = dialect.delimiter;
		this.needsQuote = new RegExp(`["\\r\\n${dialect.delimiter === '|' ? '\\|' : dialect.delimiter}]`);
		this.fd = fs.openSync(path, 'w');
		if (dialect.bom) fs.writeSync(this.fd, Buffer.from([0xef, 0xbb, 0xbf]));
		this.push(header.map((h) => this.field(h)).join(this.delimiter) + dialect.eol);
	}

	field(value: string): string {
		if (!this.needsQuote.test(value)) return value;
		return '"' + value.replace(/"/g, '""') + '"';
	}

	row(values: readonly string[]): number {
		let text = '';
		for (let i = 0; i < values.length; i++) {
			if (i) text += this.delimiter;
			text += this.field(values[i]);
		}
		return this.raw(text);
	}

	raw(text: string): number {
		const start = this.line;
		let nl = text.indexOf('\n');
		while (nl !== -1) {
			this.line++;
			nl = text.indexOf('\n', nl + 1);
		}
		this.line++;
		this.rows++;
		this.push(text + this.dialect.eol);
		return start;
	}

	private push(text: string): void {
		this.parts.push(text);
		this.size += text.length;
		if (this.size >= FLUSH_CHARS) this.flush();
	}

	private flush(): void {
		if (!this.parts.length) return;
		const text = this.parts.join('');
		this.parts = [];
		this.size = 0;
		const buf = this.dialect.encoding === 'windows-1252' ? iconv.encode(text, 'win1252') : Buffer.from(text, 'utf8');
		fs.writeSync(this.fd, buf);
	}

	async close(): Promise<void> {
		this.flush();
		fs.closeSync(this.fd);
	}

	meta(): Omit<FileTruth, 'rows' | 'malformed' | 'damaged'> {
		const d = this.dialect;
		return {
			encoding: d.encoding === 'windows-1252' ? 'windows-1252' : d.bom ? 'utf-8-bom' : 'utf-8',
			delimiter: d.delimiter,
			lineEnding: d.eol === '\r\n' ? 'CRLF' : 'LF'
		};
	}
}

/** Spools rows as JSON lines; `toSheet` later copies them into a worksheet in one go. */
export class SheetSpool implements TableSink {
	rows = 0;
	readonly delimiter = ',';
	private parts: string[] = [];
	private size = 0;
	private readonly fd: number;

	constructor(
		readonly file: string,
		readonly sheet: string,
		private readonly path: string,
		private readonly header: readonly string[]
	) {
		this.fd = fs.openSync(path, 'w');
	}

	field(value: string): string {
		return value;
	}

	row(values: readonly string[]): number {
		this.rows++;
		const text = JSON.stringify(values) + '\n';
		this.parts.push(text);
		this.size += text.length;
		if (this.size >= FLUSH_CHARS) this.flush();
		return this.rows + 1;
	}

	raw(): number {
		throw new Error('xlsx sheets cannot hold a malformed CSV row');
	}

	private flush(): void {
		if (!this.parts.length) return;
		fs.writeSync(this.fd, this.parts.join(''));
		this.parts = [];
		this.size = 0;
	}

	async close(): Promise<void> {
		this.flush();
		fs.closeSync(this.fd);
	}

	async toSheet(book: ExcelJS.stream.xlsx.WorkbookWriter): Promise<void> {
		const sheet = book.addWorksheet(this.sheet);
		sheet.addRow([...this.header]).commit();
		const lines = readline.createInterface({ input: fs.createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
		for await (const line of lines) {
			if (!line) continue;
			const values = (JSON.parse(line) as string[]).map(cellValue);
			sheet.addRow(values).commit();
		}
		sheet.commit();
		fs.rmSync(this.path, { force: true });
	}
}

/** Short plain numbers become number cells, as Excel would store them; everything else stays text. */
function cellValue(v: string): string | number {
	return /^-?(0|[1-9]\d{0,10})(\.\d{1,2})?$/.test(v) ? Number(v) : v;
}
