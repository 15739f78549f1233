// What a TypeScript cell reads through `sql`…``: the tagged templates' static text is the
// whole query (every ${…} becomes a bound parameter $n, never SQL text), so DuckDB's parser
// finds its tables exactly as it does for a SQL cell. TypeScript's own parser finds the
// templates, so comments, strings, regular expressions and nested templates are never mistaken
// for one.
import { createRequire } from 'node:module';
import type ts from 'typescript';

// The compiler (~9 MB of JavaScript, over a CPU second to load) is read on the first TS cell, not by
// every process that imports cells: each CLI command, the server, every test file. Required at run
// time, so the server build never bundles it.
let compiler: typeof ts | undefined;
const tsc = (): typeof ts => (compiler ??= createRequire(import.meta.url)('typescript') as typeof ts);

/**
 * Query texts of every sql`…` template in a cell (tagged by the bare identifier `sql`, not
 * `db.sql`), in source order, with ${…} replaced by $1, $2, … and escapes cooked as the tag
 * sees them in strings[].
 */
export function sqlTemplates(source: string): string[] {
	const ts = tsc();
	const file = ts.createSourceFile('cell.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
	const out: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') out.push(queryText(node.template));
		ts.forEachChild(node, visit);
	};
	visit(file);
	return out;
}

function queryText(t: ts.TemplateLiteral): string {
	if (tsc().isNoSubstitutionTemplateLiteral(t)) return t.text;
	return t.templateSpans.reduce((text, span, i) => `${text}$${i + 1}${span.literal.text}`, t.head.text);
}
