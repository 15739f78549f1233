// Fixing the map without JSON: one field at a time by name (`patients.dateOfBirth`, or
// `person.dateOfBirth` when one source of that object has the field), to a column of the
// source's table with a transform, or set aside. Each change is checked against the export
// (the column exists, the SQL runs) before it is saved; the field is then unconfirmed.
import type { Workspace } from '../db/index.js';
import { defaultMapping } from './defaults.js';
import { chooseFunction } from './functions.js';
import { FieldMap, FunctionRef, Transform, Unresolved, type Mapping, type SourceMap } from './model.js';
import { inputOf, sourceFrom, tableColumns } from './sources.js';
import { loadMapping, saveMapping } from './store.js';
import { FerryError } from '../errors.js';

/** `<source or object>.<field path>` → the source and the field's target. */
export function resolveFieldRef(m: Mapping, ref: string): { source: SourceMap; target: string } {
	const dot = ref.indexOf('.');
	if (dot < 1) throw new FerryError(`'${ref}': name a field as <source or object>.<field>, e.g. patients.dateOfBirth`);
	const [head, target] = [ref.slice(0, dot), ref.slice(dot + 1)];
	const has = (s: SourceMap) => s.fields.some((f) => f.target === target) || s.notInExport.some((n) => n.target === target);
	const byId = m.sources.find((s) => s.id === head);
	if (byId) return { source: byId, target };
	const byObject = m.sources.filter((s) => (s.object === head || s.plural === head) && has(s));
	if (byObject.length === 1) return { source: byObject[0], target };
	if (byObject.length > 1) throw new FerryError(`'${ref}' is ambiguous: ${byObject.map((s) => `${s.id}.${target}`).join(' or ')}`);
	throw new FerryError(
		`'${head}' is neither a source (${m.sources.map((s) => s.id).join(', ')}) nor an object with a field ${target}`,
		404
	);
}

/** Runs the field's input over the source once, so a broken column or SQL is refused now, with DuckDB's message. */
async function checkInput(ws: Workspace, s: SourceMap, f: FieldMap): Promise<void> {
	try {
		await ws.all(`select ${inputOf(f)} as v ${sourceFrom(s)} limit 1`);
	} catch (err) {
		throw new FerryError(`${s.id}.${f.target}: ${(err as Error).message.split('\n')[0]}`);
	}
}

export interface FieldEdit {
	field: string;
	column?: string;
	sql?: string;
	transform?: string;
	/** A TypeScript function for the field (ts_function): inline code, or `<notebook>/<cell>`. */
	code?: string;
	cell?: string;
	/** An optional relation whose record is missing at the push: `hold` the record back, or `send-without` the link. */
	unresolved?: string;
}

/** Points a field at a column (or SQL over the source row `s`), optionally with another transform; a set-aside field comes back. */
export async function setField(ws: Workspace, edit: FieldEdit): Promise<{ source: string; field: FieldMap }> {
	if (!edit.column && !edit.sql && !edit.code && !edit.cell && !edit.unresolved)
		throw new FerryError(
			'give --column <column>, --sql <expression>, --code <function>, --cell <notebook>/<cell> or --unresolved send-without|hold'
		);
	if (edit.code && edit.cell) throw new FerryError('give --code or --cell, not both');
	const m = await loadMapping(ws);
	const { source: s, target } = resolveFieldRef(m, edit.field);
	let f = s.fields.find((x) => x.target === target);
	if (!f) {
		// Set aside by the proposer (or unset): the default map's definition of the field comes back.
		const def = (await defaultMapping(ws)).sources.find((x) => x.id === s.id)?.fields.find((x) => x.target === target);
		if (!def) throw new FerryError(`${s.id} has no field ${target}: its fields are ${s.fields.map((x) => x.target).join(', ')}`, 404);
		f = { ...def, sql: undefined };
		s.fields.push(f);
		s.notInExport = s.notInExport.filter((n) => n.target !== target);
	}
	if (edit.column) {
		const cols = await tableColumns(ws, s.table);
		if (!cols.includes(edit.column)) throw new FerryError(`'${edit.column}' is not a column of ${s.table}: ${cols.join(', ')}`);
		f.column = edit.column;
		f.sql = undefined;
	}
	if (edit.sql) f.sql = edit.sql;
	if (edit.transform) {
		const t = Transform.safeParse(edit.transform);
		if (!t.success) throw new FerryError(`transform '${edit.transform}' is not one of: ${Transform.options.join(', ')}`);
		if (t.data === 'ts_function' && !f.fn)
			throw new FerryError(`${target}: the ts_function transform needs a function; set it in the mapping page`);
		f.transform = t.data;
	}
	if (edit.code || edit.cell) chooseFunction(f, functionRef(edit));
	if (edit.unresolved) setUnresolved(s, f, edit.unresolved);
	f.confirmed = false;
	f.confidence = 1;
	f.reason = 'set by a person';
	FieldMap.parse(f);
	await checkInput(ws, s, f);
	s.leftOut = s.leftOut.filter((l) => l.column !== edit.column);
	await saveMapping(ws, m, 'mapping.field_set');
	return { source: s.id, field: f };
}

/**
 * What happens to a record whose optional relation points at a record that was excluded, refused or
 * held back: held back whole (the default), or sent without that link, which is then recorded as
 * unresolved. Only an optional relation can go without its record.
 */
function setUnresolved(s: SourceMap, f: FieldMap, value: string): void {
	const u = Unresolved.safeParse(value);
	if (!u.success) throw new FerryError(`unresolved '${value}' is not one of: ${Unresolved.options.join(', ')}`);
	if (f.type !== 'RELATION')
		throw new FerryError(`${s.id}.${f.target} is a ${f.type} field: only a relation can be sent without its record (--unresolved)`);
	if (f.required && u.data === 'send-without')
		throw new FerryError(
			`${s.id}.${f.target} is required: a record cannot be sent without it, so it is held back when its record is missing`
		);
	f.unresolved = u.data === 'hold' ? undefined : u.data;
}

function functionRef(edit: FieldEdit): FunctionRef {
	if (edit.code) return FunctionRef.parse({ code: edit.code });
	const [notebook, cell, ...rest] = (edit.cell ?? '').split('/');
	const r = FunctionRef.safeParse({ notebook, cell });
	if (rest.length || !r.success)
		throw new FerryError(`--cell '${edit.cell}': name a TypeScript cell as <notebook>/<cell>, e.g. mapfns/initials`);
	return r.data;
}

/** Takes a field out of the map: nothing is written to it; the map says so (not in this export, by a person). */
export async function unsetField(ws: Workspace, ref: string): Promise<{ source: string; target: string }> {
	const m = await loadMapping(ws);
	const { source: s, target } = resolveFieldRef(m, ref);
	const f = s.fields.find((x) => x.target === target);
	if (!f) throw new FerryError(`${s.id}.${target} is not mapped`, 404);
	s.fields = s.fields.filter((x) => x !== f);
	s.notInExport.push({ target, why: 'unset by a person' });
	if (f.column && !f.column.includes('.') && !s.fields.some((x) => x.column === f.column))
		s.leftOut.push({ column: f.column, why: `was ${target}; unset by a person` });
	await saveMapping(ws, m, 'mapping.field_unset');
	return { source: s.id, target };
}

/** What the mapping page changes on one field (PATCH /mapping/field): each key given replaces that part; null clears it. */
export interface FieldOverride {
	source: string;
	target: string;
	column?: string | null;
	sql?: string | null;
	transform?: Transform;
	/** The TS function of the ts_function transform: inline code, or a notebook's TS cell. */
	fn?: FunctionRef | null;
	/** An optional relation whose record is missing at the push: hold the record back, or send it without the link. */
	unresolved?: 'hold' | 'send-without';
}

/** Overrides one field of a source (another column, a SQL expression, another transform or function) and unconfirms it. */
export async function overrideField(ws: Workspace, o: FieldOverride): Promise<Mapping> {
	const m = await loadMapping(ws);
	const s = m.sources.find((x) => x.id === o.source);
	const f = s?.fields.find((x) => x.target === o.target);
	if (!s || !f) throw new FerryError(`no field ${o.target} in mapping source ${o.source}`, 404);
	if (o.unresolved) setUnresolved(s, f, o.unresolved);
	if (o.column !== undefined) f.column = o.column ?? undefined;
	if (o.sql !== undefined) f.sql = o.sql?.trim() ? o.sql : undefined;
	if (o.transform) f.transform = o.transform;
	// A function chosen here is pinned to its cell as it is now (functions.ts).
	if (o.fn) chooseFunction(f, o.fn);
	else if (o.fn === null) f.fn = undefined;
	if (f.transform === 'ts_function' && !f.fn)
		throw new FerryError(`${o.target}: the ts_function transform needs a function: fn.code, or fn.notebook and fn.cell`);
	f.confirmed = false;
	FieldMap.parse(f);
	return saveMapping(ws, m, 'mapping.override');
}
