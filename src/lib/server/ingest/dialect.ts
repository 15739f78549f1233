// Dialect sniffing on the decoded head of a file: delimiter, line ending, header row.
// DuckDB's own sniffer gives up on the dirt clinic exports carry (one stray quote is
// enough), so Ferry sniffs itself and hands DuckDB explicit options.

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed';

export interface Dialect {
	delimiter: Delimiter;
	lineEnding: LineEnding;
	/** 0-based index of the header record among the head's records, or -1 when there is none. */
	headerIndex: number;
	/** Records before the header (report titles and the like). */
	preamble: number;
	header: string[];
	columnCount: number;
}

/** Splits text into records of fields, RFC 4180 style, tolerant of damage. Enough for sniffing. */
export function splitRecords(text: string, delimiter: string, maxRecords = 50): string[][] {
	const records: string[][] = [];
	let field = '';
	let fields: string[] = [];
	let quoted = false;
	let i = 0;
	const endRecord = () => {
		fields.push(field);
		if (!(fields.length === 1 && fields[0] === '')) records.push(fields);
		fields = [];
		field = '';
	};
	while (i < text.length && records.length < maxRecords) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') ((field += '"'), (i += 2));
			else if (ch === '"') ((quoted = false), i++);
			else ((field += ch), i++);
		} else if (ch === '"' && field === '') ((quoted = true), i++);
		else if (ch === delimiter) (fields.push(field), (field = ''), i++);
		else if (ch === '\r' || ch === '\n') {
			i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
			endRecord();
		} else ((field += ch), i++);
	}
	if (records.length < maxRecords && (field !== '' || fields.length)) endRecord();
	return records;
}

/** Record separators only: a line break inside a quoted field is data, not a line ending. */
export function detectLineEnding(text: string): LineEnding {
	let crlf = 0;
	let lf = 0;
	let cr = 0;
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) quoted = !quoted;
		else if (quoted) continue;
		else if (c === 13) {
			if (text.charCodeAt(i + 1) === 10) (crlf++, i++);
			else cr++;
		} else if (c === 10) lf++;
	}
	const kinds = [crlf, lf, cr].filter((n) => n > 0).length;
	if (kinds > 1) return 'mixed';
	return cr ? 'cr' : crlf ? 'crlf' : 'lf';
}

function mode(values: number[]): { value: number; count: number } {
	const counts = new Map<number, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	let best = { value: 1, count: 0 };
	for (const [value, count] of counts) if (count > best.count || (count === best.count && value > best.value)) best = { value, count };
	return best;
}

export function detectDelimiter(text: string): Delimiter {
	let best: { delimiter: Delimiter; score: number; width: number } = { delimiter: ',', score: -1, width: 1 };
	for (const delimiter of DELIMITERS) {
		const widths = splitRecords(text, delimiter, 30).map((r) => r.length);
		const m = mode(widths);
		const score = m.value > 1 ? m.count : 0;
		if (score > best.score || (score === best.score && m.value > best.width)) best = { delimiter, score, width: m.value };
	}
	return best.delimiter;
}

const DATA_LIKE = [
	/^[-+]?\d+([.,]\d+)?([eE][-+]?\d+)?$/, // numbers, ids
	/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/, // dates
	/@.+\./, // emails
	/^\$/ // money
];

const dataLike = (c: string) => DATA_LIKE.some((re) => re.test(c.trim()));

/** `body`: the records after it, the evidence when the candidate has many blank cells. */
function headerLike(record: string[], body: string[][] = []): boolean {
	const cells = record.map((c) => c.trim());
	const named = cells.filter((c) => c !== '');
	const blanks = cells.length - named.length;
	if (new Set(named.map((c) => c.toLowerCase())).size < named.length / 2) return false;
	if (named.filter(dataLike).length > cells.length * 0.2) return false;
	if (blanks <= Math.max(1, cells.length / 4)) return true;
	// More blank names than usual (`,First Name,,Email`): still the header when none of its names
	// looks like data and the rows below do; a data row with gaps has rows like it below.
	return blanks * 2 <= cells.length && !named.some(dataLike) && body.some((r) => r.some(dataLike));
}

/** Which of the first records is the header, and how wide the body is. */
export function pickHeader(
	records: string[][],
	{ ragged = false } = {}
): { headerIndex: number; preamble: number; header: string[]; width: number } {
	// Sheets drop trailing blank cells, so their rows are ragged by nature: there the
	// header is the first header-like row at least half as wide as the widest.
	if (ragged) {
		const widest = Math.max(1, ...records.map((r) => r.length));
		const at = records.findIndex((r, i) => r.length * 2 >= widest && headerLike(r, records.slice(i + 1)));
		const header = at >= 0 ? records[at] : Array.from({ length: widest }, (_, i) => `column_${i + 1}`);
		return { headerIndex: at, preamble: Math.max(at, 0), header, width: Math.max(widest, header.length) };
	}
	const width = mode(records.slice(1).map((r) => r.length)).value || records[0]?.length || 1;
	// The header is the first record as wide as the body; anything before it is a preamble.
	let first = records.findIndex((r) => r.length === width);
	if (first < 0) first = 0;
	const candidate = records[first] ?? [];
	const hasHeader = headerLike(candidate, records.slice(first + 1)) || (records.length === 1 && candidate.length > 0);
	return {
		headerIndex: hasHeader ? first : -1,
		preamble: first,
		header: hasHeader ? candidate : candidate.map((_, i) => `column_${i + 1}`),
		width: Math.max(width, candidate.length)
	};
}

export function sniffDialect(text: string): Dialect {
	const lineEnding = detectLineEnding(text.slice(0, 1 << 16));
	const delimiter = detectDelimiter(text);
	const { headerIndex, preamble, header, width } = pickHeader(splitRecords(text, delimiter, 40));
	return { delimiter, lineEnding, headerIndex, preamble, header, columnCount: width };
}
