// A tolerant, streaming CSV record reader for files DuckDB's reader cannot take whole
// (mixed line ends, unterminated quotes, preambles). Every physical line ends up either
// in a record or in a reject with its line number: this reader is what makes
// "rows read = rows staged + rows rejected" hold for damaged files.

export interface GoodRecord {
	kind: 'record';
	fields: string[];
	line: number;
}

export interface BadRecord {
	kind: 'reject';
	line: number;
	reason: string;
	raw: string;
}

export type ReadResult = GoodRecord | BadRecord;

interface Parsed {
	fields: string[];
	/** Index just past the record's line ending. */
	end: number;
	/** Physical lines the record spans. */
	lines: number;
	error?: string;
}

/** Parses one record at `p`; null means the buffer ends inside it and more text is needed. */
function parseRecord(buf: string, p: number, delimiter: string, eof: boolean): Parsed | null {
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	let wasQuoted = false;
	let lines = 1;
	let error: string | undefined;
	let i = p;
	for (;;) {
		if (i >= buf.length) {
			if (!eof) return null;
			if (quoted) return { fields, end: i, lines, error: 'unterminated quote: a quoted field never closes' };
			fields.push(field);
			return { fields, end: i, lines, error };
		}
		const ch = buf[i];
		if (quoted) {
			if (ch === '"') {
				if (buf[i + 1] === '"') ((field += '"'), (i += 2));
				else if (i + 1 >= buf.length && !eof) return null;
				else ((quoted = false), i++);
				continue;
			}
			if (ch === '\n' || (ch === '\r' && buf[i + 1] !== '\n')) lines++;
			field += ch;
			i++;
			continue;
		}
		if (ch === delimiter) {
			fields.push(field);
			field = '';
			wasQuoted = false;
			i++;
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && i + 1 >= buf.length && !eof) return null;
			fields.push(field);
			return { fields, end: i + (ch === '\r' && buf[i + 1] === '\n' ? 2 : 1), lines, error };
		} else if (ch === '"' && field === '' && !wasQuoted) {
			quoted = true;
			wasQuoted = true;
			i++;
		} else {
			if (wasQuoted && !error) error = `stray character '${ch}' after a closing quote`;
			field += ch;
			i++;
		}
	}
}

function firstLine(text: string): { raw: string; end: number; found: boolean } {
	const m = /\r\n|\n|\r/.exec(text);
	return m ? { raw: text.slice(0, m.index), end: m.index + m[0].length, found: true } : { raw: text, end: text.length, found: false };
}

export class RecordReader {
	private buf = '';
	private line = 1;
	/** Inside an over-long line whose start was already quarantined. */
	private skipping = false;

	constructor(
		private readonly delimiter: string,
		private readonly width: number,
		private readonly maxRecordChars: number
	) {}

	/** Feeds decoded text; returns what could be read. Call with eof=true at the end. */
	push(text: string, eof = false): ReadResult[] {
		this.buf += text;
		const out: ReadResult[] = [];
		let p = 0;
		while (p < this.buf.length) {
			if (this.skipping) {
				const nl = firstLine(this.buf.slice(p));
				p += nl.end;
				if (!nl.found) break;
				this.skipping = false;
				this.line++;
				continue;
			}
			const parsed = parseRecord(this.buf, p, this.delimiter, eof);
			if (!parsed) {
				if (this.buf.length - p <= this.maxRecordChars) break;
				p = this.rejectFirstLine(p, `record longer than ${this.maxRecordChars} characters`, out);
				continue;
			}
			const text = this.buf.slice(p, parsed.end);
			if (isBlank(text)) {
				this.line += parsed.lines;
				p = parsed.end;
				continue;
			}
			if (parsed.error && parsed.lines > 1) {
				// A quote that swallowed following lines: quarantine the first line and read the
				// rest again, so one stray quote costs one row, not the rest of the file. A record
				// whose quotes are sound but whose width is wrong is one bad record, kept whole.
				p = this.rejectFirstLine(p, parsed.error, out);
				continue;
			}
			const error = parsed.error ?? this.widthError(parsed.fields.length) ?? this.sizeError(text.length) ?? nulError(text);
			if (error) out.push({ kind: 'reject', line: this.line, reason: error, raw: stripEol(text).replaceAll('\0', '\u2400') });
			else out.push({ kind: 'record', fields: parsed.fields, line: this.line });
			this.line += parsed.lines;
			p = parsed.end;
		}
		this.buf = this.buf.slice(p);
		return out;
	}

	private rejectFirstLine(p: number, reason: string, out: ReadResult[]): number {
		const { raw, end, found } = firstLine(this.buf.slice(p, p + this.maxRecordChars + 2));
		out.push({ kind: 'reject', line: this.line, reason, raw });
		if (found) this.line++;
		else this.skipping = true; // the rest of this line belongs to the same reject
		return p + end;
	}

	private widthError(found: number): string | undefined {
		return found === this.width ? undefined : `expected ${this.width} fields, found ${found}`;
	}

	private sizeError(chars: number): string | undefined {
		return chars > this.maxRecordChars ? `record longer than ${this.maxRecordChars} characters` : undefined;
	}
}

/** A NUL byte is binary damage inside a text file; the raw text shows it as ␀. */
function nulError(text: string): string | undefined {
	return text.includes('\0') ? 'holds a NUL byte (binary damage in a text file; shown as ␀)' : undefined;
}

function isBlank(text: string): boolean {
	return /^[\r\n]*$/.test(text);
}

function stripEol(text: string): string {
	return text.replace(/(\r\n|\n|\r)$/, '');
}
