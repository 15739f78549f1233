// SQL that a person, a map or a recipe supplies and Ferry pastes into its own query text: DuckDB's
// own parser decides that it is exactly one SELECT, or exactly one expression, before any of it
// runs. json_serialize_sql serialises SELECT statements only, so a COPY, CREATE, ATTACH, SET or
// a second statement smuggled in after a closing parenthesis is refused here.
import type { DuckDBConnection } from '@duckdb/node-api';
import { FerryError } from '../errors.js';

export type FragmentKind = 'select' | 'expression';

export class SqlFragmentError extends FerryError {
	constructor(
		message: string,
		/** DuckDB's own parser message, when the text does not parse at all. */
		readonly parserMessage?: string
	) {
		super(message, 400);
		this.name = 'SqlFragmentError';
	}
}

interface Tree {
	error: boolean;
	error_message?: string;
	statements?: Array<{ node: Record<string, unknown> }>;
}

async function serialise(conn: DuckDBConnection, text: string): Promise<Tree> {
	const reader = await conn.runAndReadAll(`select json_serialize_sql($1::varchar) as j`, [text]);
	return JSON.parse(String(reader.getColumnsJS()[0][0])) as Tree;
}

function refuse(what: string, why: string, parserMessage?: string): never {
	throw new SqlFragmentError(`${what} ${why}`, parserMessage);
}

/** Trailing semicolons and whitespace go: a fragment is one statement or one expression. */
export function cleanFragment(text: string): string {
	return text.trim().replace(/(\s*;\s*)+$/, '');
}

function explain(tree: Tree, kind: FragmentKind, what: string): never {
	const msg = tree.error_message ?? 'it could not be parsed';
	if (/only select/i.test(msg))
		refuse(
			what,
			`must be ${kind === 'select' ? 'one SELECT query' : 'one expression'}; it cannot create, change or drop tables, copy to files or attach databases`
		);
	refuse(what, `does not parse: ${msg.split('\n')[0]}`, msg);
}

/**
 * Parses `text` as exactly one SELECT (returns its tree, for the tables it reads) or exactly one
 * expression (checked as pasted: `select (<text>)` must hold nothing but that expression).
 * `what` names the fragment in the refusal ("join p of source patients").
 */
export async function parseFragment(conn: DuckDBConnection, text: string, kind: FragmentKind, what = 'the SQL'): Promise<unknown> {
	const clean = cleanFragment(text);
	if (!clean) refuse(what, kind === 'select' ? 'is empty: write one SELECT query' : 'is empty: write one expression');
	if (kind === 'select') {
		const alone = await serialise(conn, clean);
		if (alone.error) explain(alone, kind, what);
		if (alone.statements?.length !== 1)
			refuse(what, `must be exactly one SELECT query; this holds ${alone.statements?.length ?? 0} statements`);
		// As Ferry pastes it: a parenthesis closed inside the text must not reach out of the subquery.
		const pasted = await serialise(conn, `select * from (${clean}\n) as fragment`);
		if (pasted.error || pasted.statements?.length !== 1)
			refuse(what, 'must be one SELECT query that stands on its own (its parentheses must balance)');
		return alone.statements[0];
	}
	const tree = await serialise(conn, `select (${clean}\n)`);
	if (tree.error) explain(tree, kind, what);
	const node = tree.statements?.length === 1 ? tree.statements[0].node : undefined;
	const only =
		node?.type === 'SELECT_NODE' &&
		(node.select_list as unknown[]).length === 1 &&
		(node.from_table as { type?: string }).type === 'EMPTY' &&
		node.where_clause === null &&
		node.having === null &&
		node.qualify === null &&
		node.sample === null &&
		(node.group_expressions as unknown[]).length === 0 &&
		(node.modifiers as unknown[]).length === 0 &&
		((node.cte_map as { map?: unknown[] }).map ?? []).length === 0;
	if (!only) refuse(what, 'must be exactly one expression (a value, a condition or a function call), not more SQL around it');
	return node;
}
