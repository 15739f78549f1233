// What a TypeScript cell reads through `sql`…``: the tagged templates' static text is the
// whole query (every ${…} becomes a bound parameter $n, never SQL text), so DuckDB's parser
// finds its tables exactly as it does for a SQL cell.

/**
 * Query texts of every sql`…` template in a cell, with ${…} replaced by $1, $2, … as the worker
 * does. One pass over the code that steps over comments, strings and other templates, so `sql`
 * inside them is not a tag.
 */
export function sqlTemplates(source: string): string[] {
	const out: string[] = [];
	let i = 0;
	while (i < source.length) {
		const ch = source[i];
		if (ch === '/' && source[i + 1] === '/') {
			const nl = source.indexOf('\n', i);
			i = nl < 0 ? source.length : nl + 1;
		} else if (ch === '/' && source[i + 1] === '*') {
			const close = source.indexOf('*/', i + 2);
			i = close < 0 ? source.length : close + 2;
		} else if (ch === "'" || ch === '"') {
			i++;
			while (i < source.length && source[i] !== ch && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
			i++;
		} else if (ch === '`') {
			const parsed = readTemplate(source, i + 1);
			if (!parsed) break;
			if (isSqlTag(source, i)) out.push(parsed.text);
			i = parsed.end;
		} else i++;
	}
	return out;
}

/** The backtick at `at` follows the identifier sql (not obj.sql, not mysql). */
function isSqlTag(src: string, at: number): boolean {
	let j = at - 1;
	while (j >= 0 && /\s/.test(src[j])) j--;
	if (src.slice(j - 2, j + 1) !== 'sql') return false;
	const before = src[j - 3];
	return before === undefined || !/[\w$.]/.test(before);
}

/** Reads a template literal's parts from just after its opening backtick; null when unterminated. */
function readTemplate(src: string, from: number): { text: string; end: number } | null {
	let text = '';
	let n = 0;
	let i = from;
	while (i < src.length) {
		const ch = src[i];
		if (ch === '\\') {
			text += src.slice(i, i + 2);
			i += 2;
		} else if (ch === '`') {
			return { text: cookEscapes(text), end: i + 1 };
		} else if (ch === '$' && src[i + 1] === '{') {
			const close = skipExpression(src, i + 2);
			if (close < 0) return null;
			text += `$${++n}`;
			i = close + 1;
		} else {
			text += ch;
			i++;
		}
	}
	return null;
}

/** Index of the `}` closing an expression that starts at `from`, skipping strings and nested templates. */
function skipExpression(src: string, from: number): number {
	let depth = 0;
	let i = from;
	while (i < src.length) {
		const ch = src[i];
		if (ch === '{') depth++;
		else if (ch === '}') {
			if (depth === 0) return i;
			depth--;
		} else if (ch === "'" || ch === '"') {
			i++;
			while (i < src.length && src[i] !== ch) i += src[i] === '\\' ? 2 : 1;
		} else if (ch === '`') {
			const inner = readTemplate(src, i + 1);
			if (!inner) return -1;
			i = inner.end;
			continue;
		}
		i++;
	}
	return -1;
}

/** The template's cooked text, as the tag sees it in strings[] (the common escapes). */
function cookEscapes(raw: string): string {
	return raw.replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}
