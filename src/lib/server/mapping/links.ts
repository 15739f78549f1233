// Which raw table's column references which table's key, as the confirmed map says (its relation
// fields) and the table roles say (a column named like another table's role key): what the
// profile's orphan checks, dedupe's child records and delta read instead of source names.
import type { Workspace } from '../db/index.js';
import { Mapping, type TableRole, type TableRoleName } from './model.js';
import { proposeTableRoles, referenceTableRoles } from './roles.js';
import { currentMapping, ensureMapping } from './store.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';

export interface SourceLink {
	table: string;
	column: string;
	/** The table and key column the values should exist in. */
	target: string;
	targetColumn: string;
}

type Known = { stamp: string; value: Promise<{ mapping: Mapping; roles: TableRole[] }> } | null;
/** The last answer, kept on the workspace (ws.state). */
const known = (ws: Workspace) => ws.state('mapping.mapAndRoles', () => ({ last: null as Known }));

/**
 * The map (saved, else the one a first look would propose) with every raw table's role. Kept
 * per workspace until the map is saved again or another snapshot becomes current: proposing
 * the first look's map costs seconds, and the review screen asks once per cluster.
 */
export async function mapAndRoles(ws: Workspace): Promise<{ mapping: Mapping; roles: TableRole[] }> {
	await ensureMapping(ws);
	const r = await ws.one<{ stamp: string }>(
		`select concat_ws('|', ${CURRENT_SNAPSHOT_SQL}, (select epoch_us(updated_at) from mapping.document where id = 1)) as stamp`
	);
	const stamp = r?.stamp ?? '';
	const held = known(ws);
	if (held.last?.stamp === stamp) return held.last.value;
	const value = (async () => {
		const mapping = await currentMapping(ws);
		// A map without roles is the default map or one saved before roles: the reference layout's (as tableRoles).
		return { mapping, roles: mapping.tables.length ? mapping.tables : await referenceTableRoles(ws) };
	})();
	const last = (held.last = { stamp, value });
	value.catch(() => {
		if (held.last === last) held.last = null;
	});
	return value;
}

async function rawColumns(ws: Workspace): Promise<Map<string, Set<string>>> {
	const rows = await ws.all<{ t: string; c: string }>(
		`select table_name as t, column_name as c from information_schema.columns where table_schema = 'raw'`
	);
	const out = new Map<string, Set<string>>();
	for (const r of rows) out.set(r.t, (out.get(r.t) ?? new Set()).add(r.c));
	return out;
}

/** Roles whose key identifies a record another table can point at (a link table's or a pick-list's key does not). */
const RECORD_ROLES = new Set<TableRoleName>([
	'patients',
	'appointments',
	'notes',
	'invoices',
	'locations',
	'insurers',
	'physicians',
	'staff',
	'attachments'
]);

/**
 * Every reference between raw tables: the map's relation fields that read a plain column (a
 * record's own key pointing at itself is not a reference), then columns named like another
 * table's role key (a link table read through a join). Only columns the export has.
 */
export async function sourceLinks(ws: Workspace, mapping: Mapping, roles: TableRole[], byKeyName = true): Promise<SourceLink[]> {
	const cols = await rawColumns(ws);
	const has = (t: string, c: string) => cols.get(t)?.has(c) ?? false;
	const out = new Map<string, SourceLink>();
	const add = (l: SourceLink) => {
		if (has(l.table, l.column) && has(l.target, l.targetColumn) && !(l.table === l.target && l.column === l.targetColumn))
			out.set(`${l.table}\0${l.column}\0${l.target}`, l);
	};
	for (const s of mapping.sources)
		for (const f of s.fields)
			if (f.relation?.table && f.relation.column && f.column && !f.column.includes('.'))
				add({ table: s.table, column: f.column, target: f.relation.table, targetColumn: f.relation.column });
	if (byKeyName)
		for (const owner of roles.filter((r) => RECORD_ROLES.has(r.role) && r.key))
			for (const [table, c] of cols)
				if (table !== owner.table && c.has(owner.key)) add({ table, column: owner.key, target: owner.table, targetColumn: owner.key });
	return [...out.values()];
}

/**
 * Tables whose rows belong to one patient (appointments, notes, invoices, documents, whatever the
 * export calls them): those the map links to the patient, with the column naming the patient,
 * labelled by their role. A patient's insurance plans (read through a join) are not children.
 */
export async function patientChildren(
	ws: Workspace,
	patientTable: string
): Promise<Array<{ table: string; column: string; label: string }>> {
	const { mapping, roles } = await mapAndRoles(ws);
	const seen = new Set<string>();
	const out: Array<{ table: string; column: string; label: string }> = [];
	for (const l of await sourceLinks(ws, mapping, roles, false)) {
		if (l.target !== patientTable || l.table === patientTable || seen.has(l.table)) continue;
		seen.add(l.table);
		const role = roles.find((r) => r.table === l.table)?.role;
		out.push({ table: l.table, column: l.column, label: role && role !== 'other' ? role : l.table });
	}
	return out.sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The table playing a role, cheaply (for overviews): the saved map's roles, else the proposer's
 * roles from names and content alone (no map is proposed or saved); null when none plays it.
 */
export async function tablePlaying(ws: Workspace, role: TableRoleName): Promise<string | null> {
	const row = (await ws.exists('mapping', 'document'))
		? await ws.one<{ body: string }>(`select body::varchar as body from mapping.document where id = 1`)
		: null;
	const saved = row ? Mapping.parse(JSON.parse(row.body)).tables : [];
	const roles = saved.length ? saved : await proposeTableRoles(ws);
	const t = roles.find((r) => r.role === role)?.table;
	return t && (await ws.exists('raw', t, 'view')) ? t : null;
}
