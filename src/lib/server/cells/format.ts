import { FerryError } from '../errors.js';
// Notebook files: Markdown with prose between fenced cells. A fence whose info string carries
// `name=` is a cell (```sql name=patients_clean); every other fence is prose. Parsing keeps
// each block's exact text so an unchanged notebook serialises back byte for byte.

export type CellLang = 'sql' | 'ts';

import { CELL_NAME, CHART_TYPES as CHARTS, type ChartSpec } from '../../shared/contracts/notebook.js';

export { CELL_NAME, type ChartSpec };

export interface Cell {
	kind: 'cell';
	lang: CellLang;
	name: string;
	source: string;
	chart?: ChartSpec;
	/** 1-based line of the opening fence in the file. */
	line: number;
	/** The fence as written (``` or ~~~, three or more). */
	fence: string;
	/** The info string as written; kept when the cell's lang/name/chart are unchanged. */
	info?: string;
}

export interface Prose {
	kind: 'prose';
	text: string;
}

export type Block = Cell | Prose;

export interface Notebook {
	blocks: Block[];
	/** Line ending of the file ('\r\n' files stay CRLF). */
	eol?: '\n' | '\r\n';
}

/** A notebook file that does not parse (a 400); its own class because the store keeps such a file readable. */
export class NotebookError extends FerryError {
	constructor(
		message: string,
		readonly line?: number
	) {
		super(line ? `line ${line}: ${message}` : message, 400);
		this.name = 'NotebookError';
	}
}

const LANGS: Record<string, CellLang> = { sql: 'sql', ts: 'ts', typescript: 'ts' };
const CHART_TYPES = new Set<string>(CHARTS);
const OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

interface InfoFields {
	lang: CellLang;
	name: string;
	chart?: ChartSpec;
}

/** `sql name=x chart={"type":"bar","x":"a"}`: chart= takes the rest of the line (JSON may hold spaces). */
export function parseInfo(info: string, line: number): InfoFields | null {
	const chartAt = info.search(/(^|\s)chart=/);
	const head = chartAt >= 0 ? info.slice(0, chartAt) : info;
	const words = head.trim().split(/\s+/).filter(Boolean);
	const nameWord = words.find((w) => w.startsWith('name='));
	if (!nameWord) return null;
	const lang = LANGS[(words[0] ?? '').toLowerCase()];
	if (!lang) throw new NotebookError(`cell language '${words[0]}' is not known: use sql or ts`, line);
	const name = nameWord.slice(5);
	if (!CELL_NAME.test(name)) {
		throw new NotebookError(`cell name '${name}' is invalid: use lower-case letters, digits and _ (start with a letter or _)`, line);
	}
	const chart = chartAt >= 0 ? parseChart(info.slice(chartAt).trim().slice(6), line) : undefined;
	return { lang, name, chart };
}

export function parseChart(text: string, line?: number): ChartSpec {
	let spec: unknown;
	try {
		spec = JSON.parse(text);
	} catch {
		throw new NotebookError(`chart= must be JSON like {"type":"bar","x":"col","y":"col"}`, line);
	}
	const s = spec as Partial<ChartSpec>;
	if (
		!s ||
		typeof s !== 'object' ||
		!CHART_TYPES.has(String(s.type)) ||
		typeof s.x !== 'string' ||
		(s.y !== undefined && typeof s.y !== 'string')
	) {
		throw new NotebookError(`chart= needs type (bar, line, dot or histogram), x and optionally y as column names`, line);
	}
	return s.y === undefined ? { type: s.type!, x: s.x } : { type: s.type!, x: s.x, y: s.y };
}

export function formatInfo(cell: Pick<Cell, 'lang' | 'name' | 'chart'>): string {
	return `${cell.lang} name=${cell.name}${cell.chart ? ` chart=${JSON.stringify(cell.chart)}` : ''}`;
}

function closes(line: string, fence: string): boolean {
	const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
	return !!m && m[1][0] === fence[0] && m[1].length >= fence.length;
}

/** Parses a notebook; a fence that never closes is an error naming its line. */
export function parseNotebook(text: string): Notebook {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const lines = text.split(/\r?\n/);
	const blocks: Block[] = [];
	let prose: string[] = [];
	const flushProse = () => {
		if (prose.length) blocks.push({ kind: 'prose', text: prose.join('\n') });
		prose = [];
	};
	for (let i = 0; i < lines.length; i++) {
		const open = OPEN.exec(lines[i]);
		if (!open || (open[1][0] === '`' && open[2].includes('`'))) {
			prose.push(lines[i]);
			continue;
		}
		const fence = open[1];
		let end = i + 1;
		while (end < lines.length && !closes(lines[end], fence)) end++;
		if (end >= lines.length)
			throw new NotebookError(`the fence ${fence} opened here is never closed: add a line with ${fence} after the cell`, i + 1);
		const info = open[2];
		const fields = parseInfo(info, i + 1);
		if (!fields || lines[i] !== `${fence}${info}` || lines[end] !== fence) {
			// Not a cell (or an indented/odd fence we keep verbatim): prose, byte for byte.
			if (fields) throw new NotebookError(`a cell's fences must start at the line's beginning and close with exactly ${fence}`, i + 1);
			prose.push(...lines.slice(i, end + 1));
		} else {
			flushProse();
			blocks.push({ kind: 'cell', ...fields, source: lines.slice(i + 1, end).join('\n'), line: i + 1, fence, info });
		}
		i = end;
	}
	flushProse();
	// Between two adjacent blocks there is always exactly one '\n' joining them (see serialise).
	return { blocks, eol };
}

function cellText(cell: Cell): string {
	const same = cell.info !== undefined && sameFields(cell.info, cell);
	const fence = cell.fence && !cell.source.split('\n').some((l) => closes(l, cell.fence)) ? cell.fence : longerFence(cell.source);
	return `${fence}${same ? cell.info : formatInfo(cell)}\n${cell.source.length ? cell.source + '\n' : ''}${fence}`;
}

function sameFields(info: string, cell: Cell): boolean {
	try {
		const f = parseInfo(info, 0);
		return !!f && f.lang === cell.lang && f.name === cell.name && JSON.stringify(f.chart) === JSON.stringify(cell.chart);
	} catch {
		return false;
	}
}

/** A fence longer than any backtick run inside the source, so the cell cannot close early. */
function longerFence(source: string): string {
	const longest = Math.max(2, ...(source.match(/`{3,}/g) ?? []).map((s) => s.length));
	return '`'.repeat(longest + 1);
}

export function serialiseNotebook(nb: Notebook): string {
	const eol = nb.eol ?? '\n';
	const text = nb.blocks.map((b) => (b.kind === 'prose' ? b.text : cellText(b))).join('\n');
	return eol === '\n' ? text : text.replaceAll('\n', eol);
}

export function cellsOf(nb: Notebook): Cell[] {
	return nb.blocks.filter((b): b is Cell => b.kind === 'cell');
}
