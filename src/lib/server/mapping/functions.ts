// The `ts_function` transform: the analyst's TypeScript function runs in the TS cell's worker
// (time and memory limits) over the DISTINCT input values (one parameter) or over the rows
// (two parameters), and its outputs land in mapping.lookup, which the compiled view joins.
// Set-based: the view never calls TypeScript; a new function (new hash) or new values run
// again, known ones never. A failed run is kept in mapping.function_runs with the input it
// failed on and the function's line, so validation reports it without running it again.
import { createHash } from 'node:crypto';
// The notebooks' store and function runner, not the notebook runner (cells/run.ts reads the
// profile, whose checks read the map): importing cells/index.js here would close a loop.
import { functionHash, runFunction, type FunctionInput } from '../cells/function.js';
import { readNotebook } from '../cells/store.js';
import type { Workspace } from '../db/index.js';
import { ident, literal, textList } from '../db/index.js';
import { type FieldMap, type FunctionRef, type Mapping, type SourceMap } from './model.js';
import { inputOf, rowKeySql, sourceFrom } from './sources.js';
import { FerryError } from '../errors.js';

const BATCH = 2000;

/** The body of the notebook's TS cell a field's function names, as the file has it now. */
function cellSource(f: FieldMap): string {
	const fn = f.fn!;
	let nb;
	try {
		nb = readNotebook(fn.notebook!);
	} catch (err) {
		throw new FerryError(`${f.target}: ${(err as Error).message}`);
	}
	if (!nb.notebook) throw new FerryError(`${f.target}: notebook '${fn.notebook}' cannot be read: ${nb.error}`);
	const cell = nb.notebook.blocks.find((b) => b.kind === 'cell' && b.name === fn.cell);
	if (!cell || cell.kind !== 'cell') throw new FerryError(`${f.target}: notebook '${fn.notebook}' has no cell '${fn.cell}'`);
	if (cell.lang !== 'ts') throw new FerryError(`${f.target}: cell '${fn.cell}' is ${cell.lang}, not a TypeScript cell`);
	return cell.source;
}

const cellHash = (source: string) => createHash('sha256').update(source).digest('hex');

/**
 * The function's source text: inline, or the body of a notebook's TS cell exactly as it was when
 * a person chose it for this field. A cell changed since (a notebook file replaced on disk, or
 * edited) runs nothing until a person chooses it again.
 */
export function functionSource(f: FieldMap): string {
	if (!f.fn) throw new FerryError(`${f.target}: the ts_function transform needs a function (fn.code, or fn.notebook and fn.cell)`);
	if (f.fn.code?.trim()) return f.fn.code;
	const source = cellSource(f);
	const again = `review the cell, then choose it again for the field (mapping page, or ferry map set <source>.${f.target} --cell ${f.fn.notebook}/${f.fn.cell})`;
	if (!f.fn.sha256)
		throw new FerryError(
			`${f.target}: cell '${f.fn.cell}' of notebook '${f.fn.notebook}' has not been chosen for this field by a person here: ${again}`,
			409
		);
	if (f.fn.sha256 !== cellHash(source))
		throw new FerryError(
			`${f.target}: cell '${f.fn.cell}' of notebook '${f.fn.notebook}' changed since it was chosen for this field, so it does not run: ${again}`,
			409
		);
	return source;
}

/** Why the field's function would not run now (a cell changed since chosen, or gone), or null. */
export function functionProblem(f: FieldMap): string | null {
	try {
		functionSource(f);
		return null;
	} catch (err) {
		return (err as Error).message;
	}
}

/** A person chooses a function for a field: a notebook cell is pinned to its body as it is now. */
export function chooseFunction(f: FieldMap, fn: FunctionRef): void {
	f.fn = fn.code?.trim() ? { code: fn.code } : { notebook: fn.notebook, cell: fn.cell, sha256: cellHash(cellSource({ ...f, fn })) };
	f.transform = 'ts_function';
}

/**
 * Pins the notebook functions not pinned yet to their cells as they are now. Called when a map is
 * saved, which a person does (an edit, a confirmation) or a recipe replay does once its code is
 * trusted; a function already pinned keeps its pin, so a changed cell stays refused.
 */
export function pinFunctions(m: Mapping, o: { again?: boolean } = {}): void {
	for (const s of m.sources)
		for (const f of s.fields) {
			if (!f.fn?.notebook || (f.fn.sha256 && !o.again)) continue;
			try {
				f.fn = { ...f.fn, sha256: cellHash(cellSource(f)) };
			} catch {
				f.fn = { ...f.fn, sha256: undefined }; // no such cell now: validation names it
			}
		}
}

/** Lookup kinds: per distinct value (shared by every source using the same function), per row of one source. */
export function functionKinds(f: FieldMap, s: Pick<SourceMap, 'id'>): { hash: string; value: string; row: string } {
	const hash = functionHash(functionSource(f));
	return { hash, value: `fn:${hash}`, row: `fn:${hash}:${s.id}` };
}

/** The source's key as text (what a row-mode output is stored under). */

export interface FunctionFailure {
	error: string;
	line?: number;
	/** The source key of a row the function failed on (`patient:100123`). */
	at?: string;
}

async function failureOf(ws: Workspace, hash: string, scope: string): Promise<FunctionFailure | null> {
	const r = await ws.one<{ error: string; line: number | null; at: string | null }>(
		`select error, line, at_key as at from mapping.function_runs where hash = $1 and scope = $2 and not ok`,
		[hash, scope]
	);
	return r ? { error: r.error, line: r.line ?? undefined, at: r.at ?? undefined } : null;
}

/** `the function failed on patient:100123 (line 3): …`: the row's key, never its value. */
export const failureMessage = (x: FunctionFailure) =>
	`the TypeScript function failed${x.at ? ` on ${x.at}` : ''}${x.line ? ` (line ${x.line} of the function)` : ''}: ${x.error}`;

/** Runs the function over the inputs not converted yet. Returns the failure, or null. */
export async function fillFunction(ws: Workspace, s: SourceMap, f: FieldMap): Promise<{ added: number; failure: FunctionFailure | null }> {
	const source = functionSource(f);
	const kinds = functionKinds(f, s);
	const known = await failureOf(ws, kinds.hash, s.id);
	if (known) return { added: 0, failure: known };
	const t = `nullif(trim(cast(${inputOf(f)} as varchar)), '')`;
	const key = rowKeySql(s);
	const pending = `mapping.${ident(`fn_pending_${process.pid}_${Math.random().toString(36).slice(2, 10)}`)}`;
	let kind = kinds.value;
	let rowMode = false;
	let from = 0;
	let last: string[] = [];
	let added = 0;
	try {
		const r = await runFunction(source, {
			async mode(arity) {
				rowMode = arity >= 2;
				kind = rowMode ? kinds.row : kinds.value;
				// One scan collects what is not converted yet; batches then read that list.
				await ws.run(
					rowMode
						? `create table ${pending} as select k, v, row, row_number() over (order by k) as rn from (
						select ${key} as k, any_value(${t}) as v, any_value(to_json(s)::varchar) as row ${sourceFrom(s)} and ${key} is not null group by 1) p
						where k not in (select input from mapping.lookup where kind = ${literal(kind)})`
						: `create table ${pending} as select k, row_number() over (order by k) as rn from (
						select distinct ${t} as k ${sourceFrom(s)} and ${t} is not null) p
						where k not in (select input from mapping.lookup where kind = ${literal(kind)})`
				);
			},
			async next(): Promise<FunctionInput[]> {
				const rows = await ws.all<{ k: string; v?: string | null; row?: string }>(
					`select * exclude (rn) from ${pending} where rn > ${from} and rn <= ${from + BATCH} order by rn`
				);
				from += BATCH;
				last = rows.map((x) => x.k);
				return rows.map((x) => (rowMode ? { key: x.k, value: x.v ?? null, row: JSON.parse(x.row!) } : { key: x.k, value: x.k }));
			},
			async put(outputs) {
				if (outputs.length !== last.length) throw new Error('the function answered a batch with the wrong number of values');
				// No nulls in the bound list (a leading null makes its type unknown): '' stands for none.
				await ws.run(`insert or ignore into mapping.lookup select $1, unnest($2::varchar[]), nullif(unnest($3::varchar[]), '')`, [
					kind,
					textList(last),
					textList(outputs.map((o) => o ?? ''))
				]);
				added += last.length;
			}
		});
		if (r.ok) {
			await ws.run(`insert or replace into mapping.function_runs values ($1, $2, true, null, null, null, now())`, [kinds.hash, s.id]);
			return { added, failure: null };
		}
		let at: string | undefined;
		if (r.failedKey !== undefined) {
			// In value mode the failed key is the value itself: name a row holding it, not the value.
			const k = rowMode
				? r.failedKey
				: (await ws.one<{ k: string }>(`select ${key} as k ${sourceFrom(s)} and ${t} = $1 limit 1`, [r.failedKey]))?.k;
			if (k) at = `${s.entity}:${k}`;
		}
		const failure: FunctionFailure = { error: r.error ?? 'the function failed', line: r.line, at };
		await ws.run(`insert or replace into mapping.function_runs values ($1, $2, false, $3, $4, $5, now())`, [
			kinds.hash,
			s.id,
			failure.error,
			failure.line ?? null,
			at ?? null
		]);
		await ws.audit('mapping.function_failed', null, { source: s.id, target: f.target, line: failure.line ?? null });
		return { added, failure };
	} finally {
		await ws.run(`drop table if exists ${pending}`);
	}
}

/** The function's output (JSON text) as the SQL value its field type wants. */
export function functionValue(f: FieldMap, alias: string, s?: SourceMap): { text: string; joins: string[]; json: string } {
	const kinds = functionKinds(f, s ?? { id: '' });
	const t = `nullif(trim(cast(${inputOf(f)} as varchar)), '')`;
	const joins = [`left join mapping.lookup ${alias}v on ${alias}v.kind = ${literal(kinds.value)} and ${alias}v.input = ${t}`];
	let json = `${alias}v.output`;
	if (s) {
		joins.push(`left join mapping.lookup ${alias}r on ${alias}r.kind = ${literal(kinds.row)} and ${alias}r.input = ${rowKeySql(s)}`);
		json = `coalesce(${alias}r.output, ${alias}v.output)`;
	}
	// A returned string is JSON "…": json_extract_string gives its text, other values their JSON text.
	return { text: `json_extract_string(${json}, '$')`, joins, json };
}
