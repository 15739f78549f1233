// What a TypeScript cell reads through `sql`…``: the tagged templates' static text is the
// whole query (every ${…} becomes a bound parameter $n, never SQL text), so DuckDB's parser
// finds its tables exactly as it does for a SQL cell. TypeScript's own parser finds the
// templates, so comments, strings, regular expressions and nested templates are never mistaken
// for one.
import ts from 'typescript';

/**
 * Query texts of every sql`…` template in a cell (tagged by the bare identifier `sql`, not
 * `db.sql`), in source order, with ${…} replaced by $1, $2, … and escapes cooked as the tag
 * sees them in strings[].
 */
export function sqlTemplates(source: string): string[] {
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
	if (ts.isNoSubstitutionTemplateLiteral(t)) return t.text;
	return t.templateSpans.reduce((text, span, i) => `${text}$${i + 1}${span.literal.text}`, t.head.text);
}
