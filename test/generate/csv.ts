// A strict RFC 4180 reader for the generator's tests: reports every record with the
// physical line it starts on, and flags stray quotes. Independent of the generator.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import type { GroundTruth } from '../../src/lib/server/generate/index.js';

export interface CsvRecord {
	fields: string[];
	line: number;
	error: 'stray_quote' | 'unterminated' | null;
}

export function parseCsv(text: string, delim: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	let i = 0;
	let line = 1;
	const n = text.length;
	const atEol = (k: number) => text[k] === '\n' || (text[k] === '\r' && text[k + 1] === '\n');
	while (i < n) {
		const start = line;
		const fields: string[] = [];
		let error: CsvRecord['error'] = null;
		for (;;) {
			let field = '';
			if (text[i] === '"') {
				i++;
				for (;;) {
					if (i >= n) {
						error = 'unterminated';
						break;
					}
					const c = text[i];
					if (c === '"') {
						if (text[i + 1] === '"') {
							field += '"';
							i += 2;
							continue;
						}
						i++;
						break;
					}
					if (c === '\n') line++;
					field += c;
					i++;
				}
				if (i < n && text[i] !== delim && !atEol(i)) {
					error = 'stray_quote';
					while (i < n && text[i] !== delim && !atEol(i)) field += text[i++];
				}
			} else {
				while (i < n && text[i] !== delim && !atEol(i)) {
					if (text[i] === '"') error = 'stray_quote';
					field += text[i++];
				}
			}
			fields.push(field);
			if (i >= n) break;
			if (text[i] === delim) {
				i++;
				continue;
			}
			if (text[i] === '\r') i++;
			i++;
			line++;
			break;
		}
		records.push({ fields, line: start, error });
	}
	return records;
}

export function readTable(dir: string, file: string, truth: GroundTruth): { header: string[]; rows: CsvRecord[]; bytes: Buffer } {
	const meta = truth.files[file];
	const bytes = fs.readFileSync(path.join(dir, file));
	let text = meta.encoding === 'windows-1252' ? iconv.decode(bytes, 'win1252') : bytes.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const [head, ...rows] = parseCsv(text, meta.delimiter);
	return { header: head.fields, rows, bytes };
}

/** Records as objects keyed by header, for well-formed rows only. */
export function objects(dir: string, file: string, truth: GroundTruth): Array<Record<string, string>> {
	const { header, rows } = readTable(dir, file, truth);
	return rows
		.filter((r) => !r.error && r.fields.length === header.length)
		.map((r) => Object.fromEntries(header.map((h, k) => [h, r.fields[k]])));
}

export function hashTree(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (d: string) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
		}
	};
	walk(dir);
	return out;
}

export const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
