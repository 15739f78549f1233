// The mapping lives in the workspace (schema `mapping`): one JSON document, validated by
// zod on every read and write, plus the lookup table of TS-computed values and the staff →
// workspace member matches.
import type { Workspace } from '../db/index.js';
import { defaultMapping } from './defaults.js';
import { assertMapSql } from './fragments.js';
import { Mapping } from './model.js';

export const MAPPING_DDL = [
	`create schema if not exists mapping`,
	`create table if not exists mapping.document (id integer primary key, body json not null, updated_at timestamptz not null default now())`,
	`create table if not exists mapping.lookup (kind varchar not null, input varchar not null, output varchar, primary key (kind, input))`,
	`create table if not exists mapping.staff_members (staff_id varchar primary key, email varchar, member_id varchar)`,
	`create table if not exists mapping.function_runs (hash varchar not null, scope varchar not null, ok boolean not null, error varchar, line integer, at_key varchar, ran_at timestamptz not null, primary key (hash, scope))`
];

export const ensureMapping = (ws: Workspace) => ws.ensure('mapping', MAPPING_DDL);

export async function loadMapping(ws: Workspace): Promise<Mapping> {
	await ensureMapping(ws);
	const row = await ws.one<{ body: string }>(`select body::varchar as body from mapping.document where id = 1`);
	if (row) {
		const m = Mapping.parse(JSON.parse(row.body));
		await assertMapSql(ws, m); // a map saved before the check, or written around it, is refused at use
		return m;
	}
	const m = await defaultMapping(ws);
	await saveMapping(ws, m, 'mapping.default');
	return m;
}

export async function saveMapping(ws: Workspace, input: unknown, action = 'mapping.save', detail: Record<string, number> = {}): Promise<Mapping> {
	await ensureMapping(ws);
	const m = Mapping.parse(input);
	await assertMapSql(ws, m);
	await ws.run(`insert or replace into mapping.document (id, body, updated_at) values (1, $1::json, now())`, [JSON.stringify(m)]);
	// A saved map runs its functions afresh: a failure (a time limit on a busy machine?) is retried.
	await ws.run(`delete from mapping.function_runs where not ok`);
	const fields = m.sources.flatMap((s) => s.fields);
	await ws.audit(action, null, { sources: m.sources.length, fields: fields.length, confirmed: fields.filter((f) => f.confirmed).length, ...detail });
	return m;
}

/** Back to the default map (pick-list options re-read from the current snapshot). */
export async function resetMapping(ws: Workspace): Promise<Mapping> {
	return saveMapping(ws, await defaultMapping(ws), 'mapping.reset');
}

/** Confirms (or unconfirms) fields: one field, a whole source, or a whole Twenty object. */
export async function confirmFields(ws: Workspace, sel: { source?: string; object?: string; target?: string; confirmed: boolean }): Promise<{ changed: number }> {
	const m = await loadMapping(ws);
	let changed = 0;
	for (const s of m.sources) {
		if (sel.source && s.id !== sel.source) continue;
		if (sel.object && s.object !== sel.object && s.plural !== sel.object) continue;
		for (const f of s.fields) {
			if (sel.target && f.target !== sel.target) continue;
			if (f.confirmed !== sel.confirmed) changed++;
			f.confirmed = sel.confirmed;
		}
	}
	await saveMapping(ws, m, sel.confirmed ? 'mapping.confirm' : 'mapping.unconfirm');
	return { changed };
}
