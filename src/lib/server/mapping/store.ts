// The mapping lives in the workspace (schema `mapping`): one JSON document, validated by
// zod on every read and write, plus the lookup table of TS-computed values and the staff →
// workspace member matches.
import { createHash } from 'node:crypto';
import type { Workspace } from '../db/index.js';
import { CONFIRMED_MAP_SETTING } from '../loader/index.js';
import { defaultMapping } from './defaults.js';
import { assertFieldSqlRuns, assertMapSql } from './fragments.js';
import { Mapping, TableRoleName, type SourceMap, type TableRole } from './model.js';
import { proposeMapping } from './propose.js';
import { proposeTableRoles, referenceTableRoles, ROLE_SPECS } from './roles.js';
import { tableColumns, tableExists } from './sources.js';
import { pinFunctions } from './functions.js';
import { FerryError } from '../errors.js';

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
	// The reference layout takes the default map; any other layout the proposer's.
	if (await isReferenceLayout(ws)) {
		const m = await defaultMapping(ws);
		await saveMapping(ws, m, 'mapping.default');
		return m;
	}
	const { mapping } = await proposeMapping(ws);
	await saveMapping(ws, mapping, 'mapping.propose');
	return mapping;
}

async function isReferenceLayout(ws: Workspace): Promise<boolean> {
	const roles = await proposeTableRoles(ws);
	return roles.every((r) => r.role === 'other' || r.role === 'automations' || ROLE_SPECS[r.role].reference === r.table);
}

/** The saved map, else the one a first look would propose (nothing is saved): for read-only checks. */
export async function currentMapping(ws: Workspace): Promise<Mapping> {
	await ensureMapping(ws);
	const row = await ws.one<{ body: string }>(`select body::varchar as body from mapping.document where id = 1`);
	if (row) return Mapping.parse(JSON.parse(row.body));
	return (await isReferenceLayout(ws)) ? defaultMapping(ws) : (await proposeMapping(ws)).mapping;
}

/**
 * Every raw table's role and key: the saved map's; before a map is saved, the reference names
 * for the reference layout and the proposer's roles for any other (nothing is saved).
 */
export async function tableRoles(ws: Workspace): Promise<TableRole[]> {
	await ensureMapping(ws);
	const row = await ws.one<{ body: string }>(`select body::varchar as body from mapping.document where id = 1`);
	const m = row ? Mapping.parse(JSON.parse(row.body)) : null;
	if (m?.tables.length) return m.tables;
	if (m || (await isReferenceLayout(ws))) return referenceTableRoles(ws);
	return (await proposeMapping(ws)).roles;
}

/** The table playing a role (its name, key column and matched columns), or null when the export has none. */
export async function tableWithRole(ws: Workspace, role: TableRoleName): Promise<TableRole | null> {
	const t = (await tableRoles(ws)).find((r) => r.role === role);
	return t && (await tableExists(ws, t.table)) ? t : null;
}

/**
 * A person gives a table a role (and a key): the map is proposed again with that role fixed.
 * Sources that neither read the table nor link to it keep their fields and confirmations.
 */
export async function setTableRole(
	ws: Workspace,
	input: { table: string; role: string; key?: string; columns?: Record<string, string> }
): Promise<{ mapping: Mapping; role: TableRole; changedSources: string[] }> {
	const role = TableRoleName.safeParse(input.role);
	if (!role.success) throw new FerryError(`role '${input.role}' is not one of: ${TableRoleName.options.join(', ')}`);
	if (!(await tableExists(ws, input.table))) throw new FerryError(`table '${input.table}' is not in the export (raw.${input.table})`, 404);
	const cols = await tableColumns(ws, input.table);
	if (input.key !== undefined && !cols.includes(input.key))
		throw new FerryError(`key '${input.key}' is not a column of ${input.table}: ${cols.join(', ')}`);
	const named = personColumns(role.data, input.table, cols, input.columns ?? {});
	const old = await loadMapping(ws);
	const roles = old.tables.length ? old.tables : await referenceTableRoles(ws);
	const before = roles.find((r) => r.table === input.table);
	const proposed = (await proposeTableRoles(ws)).find((r) => r.table === input.table);
	const key =
		input.key ??
		(proposed?.role === role.data
			? proposed.key
			: before?.role === role.data
				? before.key
				: ROLE_SPECS[role.data as Exclude<TableRoleName, 'other'>]?.key);
	const chosen: TableRole = {
		table: input.table,
		role: role.data,
		key: key && cols.includes(key) ? key : (cols[0] ?? ''),
		confidence: 1,
		reason: 'set by a person',
		confirmed: true,
		columns: {}
	};
	// A role a person set before keeps the columns they saw; the ones named now are checked.
	const kept = before?.role === role.data && before.confirmed ? before.columns : {};
	chosen.columns = Object.fromEntries(Object.entries({ ...kept, ...named }).filter(([, c]) => cols.includes(c) && c !== chosen.key));
	const fixed = [...roles.filter((r) => r.confirmed && r.table !== input.table && r.role !== role.data), chosen];
	const { mapping } = await proposeMapping(ws, fixed);
	const changed = new Set([input.table, ...roles.filter((r) => r.role === role.data || r.table === input.table).map((r) => r.table)]);
	const touches = (s: SourceMap) =>
		changed.has(s.table) ||
		s.fields.some((f) => f.relation?.table && changed.has(f.relation.table)) ||
		s.joins.some((j) => [...changed].some((t) => j.sql.includes(`raw.${t} `) || j.sql.includes(`raw."${t}"`)));
	const changedSources: string[] = [];
	mapping.sources = mapping.sources.map((s) => {
		const was = old.sources.find((o) => o.id === s.id);
		if (was && !touches(was) && !touches(s) && was.table === s.table) return was;
		changedSources.push(s.id);
		return s;
	});
	await saveMapping(ws, mapping, 'mapping.table_role', { changedSources: changedSources.length });
	return { mapping, role: mapping.tables.find((r) => r.table === input.table)!, changedSources };
}

/**
 * The columns a person names for a role's reference columns (`email=Work_Email`), checked
 * against the role and the table (the key is set with --key).
 */
function personColumns(role: TableRoleName, table: string, cols: string[], given: Record<string, string>): Record<string, string> {
	const spec = role === 'other' ? null : ROLE_SPECS[role];
	const out: Record<string, string> = {};
	for (const [ref, col] of Object.entries(given)) {
		if (!spec) throw new FerryError(`a table without a role has no columns to name: give ${table} a role first`);
		if (ref === spec.key) continue;
		if (!spec.columns.includes(ref))
			throw new FerryError(
				`'${ref}' is not a column of the ${role} role: name one of ${spec.columns.filter((c) => c !== spec.key).join(', ')}`
			);
		if (!cols.includes(col)) throw new FerryError(`'${col}' (for ${ref}) is not a column of ${table}: ${cols.join(', ')}`);
		out[ref] = col;
	}
	return out;
}

export async function saveMapping(
	ws: Workspace,
	input: unknown,
	action = 'mapping.save',
	detail: Record<string, number> = {}
): Promise<Mapping> {
	await ensureMapping(ws);
	const m = Mapping.parse(input);
	await assertMapSql(ws, m);
	await assertFieldSqlRuns(ws, m);
	pinFunctions(m);
	await ws.run(`insert or replace into mapping.document (id, body, updated_at) values (1, $1::json, now())`, [JSON.stringify(m)]);
	// A saved map runs its functions afresh: a failure (a time limit on a busy machine?) is retried.
	await ws.run(`delete from mapping.function_runs where not ok`);
	await publishConfirmation(ws, m);
	const fields = m.sources.flatMap((s) => s.fields);
	await ws.audit(action, null, {
		sources: m.sources.length,
		fields: fields.length,
		confirmed: fields.filter((f) => f.confirmed).length,
		...detail
	});
	return m;
}

/** Fields of the sources whose table is in the snapshot that a person has not confirmed, as `plural.target`. */
export async function unconfirmedFields(ws: Workspace, m: Mapping): Promise<string[]> {
	const pending: string[] = [];
	for (const s of m.sources) {
		if (!(await tableExists(ws, s.table))) continue;
		for (const f of s.fields) if (!f.confirmed) pending.push(`${s.plural}.${f.target}`);
	}
	return pending;
}

/** A map's identity: the confirmed map's stamp, and what the stage views were compiled from. */
export const mapHash = (m: Mapping): string => createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 32);

/**
 * What the loader stamps on each frozen batch and checks before sending (loader/confirmation.ts):
 * the map's hash when every field is confirmed, else ''. Written on every save and compile, so
 * a change that unconfirms a field, or an import that brings a table with unconfirmed fields,
 * stops the next push until a person confirms again.
 */
export async function publishConfirmation(ws: Workspace, m: Mapping): Promise<void> {
	const hash = (await unconfirmedFields(ws, m)).length ? '' : mapHash(m);
	await ws.run(`insert or replace into ferry.settings values ($1, $2)`, [CONFIRMED_MAP_SETTING, hash]);
}

/** Back to the default map (pick-list options re-read from the current snapshot). */
export async function resetMapping(ws: Workspace): Promise<Mapping> {
	return saveMapping(ws, await defaultMapping(ws), 'mapping.reset');
}

/** Confirms (or unconfirms) fields: one field, a whole source, or a whole Twenty object. */
export async function confirmFields(
	ws: Workspace,
	sel: { source?: string; object?: string; target?: string; confirmed: boolean }
): Promise<{ changed: number }> {
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
