// REST filter grammar [TWENTY.md §1.2]: `field[op]:value`, `and(...)`, `or(...)`, `not(x)`,
// a bare comma list meaning and(...), quoted values unquoted, `in`/`containsAny` lists.
import { badRequest } from '../http/errors.js';
import { isComparator, type Filter } from './filter.js';

const invalid = (part: string) => badRequest(`'filter' invalid for '${part}'. eg: price[gte]:10`);

export function parseRestFilter(source: string): Filter {
	const items = splitTopLevel(source.trim(), source);
	return items.length === 1 ? parseItem(items[0], source) : { kind: 'and', items: items.map((i) => parseItem(i, source)) };
}

function parseItem(item: string, whole: string): Filter {
	const m = /^(and|or|not)\((.*)\)$/s.exec(item);
	if (m) {
		const parts = splitTopLevel(m[2], whole).map((p) => parseItem(p, whole));
		if (m[1] === 'not') {
			if (parts.length !== 1) throw invalid(item);
			return { kind: 'not', item: parts[0] };
		}
		if (parts.length === 0) throw invalid(item);
		return { kind: m[1] as 'and' | 'or', items: parts };
	}
	return parseComparison(item);
}

function parseComparison(item: string): Filter {
	const m = /^([A-Za-z0-9_.]+)\[([A-Za-z]+)\]:(.*)$/s.exec(item);
	if (!m || !isComparator(m[2])) throw invalid(item);
	const op = m[2];
	const raw = m[3];
	const value = op === 'in' || op === 'containsAny' ? parseList(raw, item) : unquote(raw);
	return { kind: 'cmp', path: m[1].split('.'), op, value };
}

function parseList(raw: string, item: string): string[] {
	const m = /^\[(.*)\]$/s.exec(raw.trim());
	if (!m) throw invalid(item);
	return m[1].trim() === '' ? [] : splitTopLevel(m[1], item).map(unquote);
}

const unquote = (s: string): string => {
	const t = s.trim();
	return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
};

/** Splits on commas outside parentheses, brackets and double quotes. */
function splitTopLevel(s: string, whole: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quoted = false;
	let start = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c === '"') quoted = !quoted;
		else if (quoted) continue;
		else if (c === '(' || c === '[') depth++;
		else if (c === ')' || c === ']') depth--;
		else if (c === ',' && depth === 0) {
			out.push(s.slice(start, i).trim());
			start = i + 1;
		}
		if (depth < 0) throw invalid(whole);
	}
	if (depth !== 0 || quoted) throw invalid(whole);
	out.push(s.slice(start).trim());
	return out.filter((p) => p.length > 0);
}
