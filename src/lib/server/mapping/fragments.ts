// Every piece of SQL a map carries is pasted into Ferry's query text (sources.ts, compile.ts):
// each is checked by DuckDB's parser as one SELECT (a join) or one expression (the rest) before
// the map is saved or used, so a map from a file cannot run a second statement.
import { parseFragment, type FragmentKind, type Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';
import type { Mapping } from './model.js';
import { sourceFrom, tableExists } from './sources.js';

/** Fragments already accepted, per open workspace (ws.state): a map is read often and parsed once. */
const accepted = (ws: Workspace) => ws.state('mapping.acceptedSql', () => new Set<string>());

export function mapFragments(m: Mapping): Array<{ text: string; kind: FragmentKind; what: string }> {
	const out: Array<{ text: string; kind: FragmentKind; what: string }> = [];
	for (const s of m.sources) {
		const at = `source ${s.id}`;
		if (s.where !== undefined) out.push({ text: s.where, kind: 'expression', what: `the where of ${at}` });
		if (s.keySql !== undefined) out.push({ text: s.keySql, kind: 'expression', what: `the keySql of ${at}` });
		if (s.rank !== undefined) out.push({ text: s.rank, kind: 'expression', what: `the rank of ${at}` });
		for (const j of s.joins) {
			out.push({ text: j.sql, kind: 'select', what: `the sql of join ${j.alias} in ${at}` });
			out.push({ text: j.on, kind: 'expression', what: `the on of join ${j.alias} in ${at}` });
		}
		for (const [name, sql] of Object.entries(s.extras)) out.push({ text: sql, kind: 'expression', what: `the extra ${name} of ${at}` });
		for (const f of s.fields)
			if (f.sql !== undefined) out.push({ text: f.sql, kind: 'expression', what: `the sql of field ${f.target} in ${at}` });
	}
	return out;
}

/** Refuses (400, naming the fragment) a map holding SQL that is not one SELECT or one expression. */
export async function assertMapSql(ws: Workspace, m: Mapping): Promise<void> {
	const seen = accepted(ws);
	const todo = mapFragments(m).filter((f) => !seen.has(`${f.kind}\u0000${f.text}`));
	if (!todo.length) return;
	await ws.withConnection(async (conn) => {
		for (const f of todo) {
			await parseFragment(conn, f.text, f.kind, f.what);
			seen.add(`${f.kind}\u0000${f.text}`);
		}
	});
}

/** Field SQL already seen running, per open workspace (table and text). */
const running = (ws: Workspace) => ws.state('mapping.runningSql', () => new Set<string>());

/**
 * Refuses (400, with DuckDB's own message) a field whose SQL parses but does not run on its
 * source (a column that is not there, a type that does not fit), so a broken override is refused
 * at save rather than at compile. A source whose own joins fail is left to validation, which names them.
 */
export async function assertFieldSqlRuns(ws: Workspace, m: Mapping): Promise<void> {
	const seen = running(ws);
	for (const s of m.sources) {
		const todo = s.fields.filter((f) => f.sql !== undefined && !seen.has(`${s.table}\u0000${sourceFrom(s)}\u0000${f.sql}`));
		if (!todo.length || !(await tableExists(ws, s.table))) continue;
		for (const f of todo) {
			try {
				await ws.all(`select (${f.sql}) as v ${sourceFrom(s)} limit 0`);
				seen.add(`${s.table}\u0000${sourceFrom(s)}\u0000${f.sql}`);
			} catch (err) {
				const own = await ws.all(`select 1 ${sourceFrom(s)} limit 0`).then(
					() => true,
					() => false
				);
				if (own)
					throw new FerryError(`the SQL of ${s.id}.${f.target} does not run on ${s.table}: ${(err as Error).message.split('\n')[0]}`, 400);
			}
		}
	}
}
