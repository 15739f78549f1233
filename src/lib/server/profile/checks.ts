// Cross-table checks that work on any export: which column references which table, which table
// holds the pick-lists and which the locations come from the table roles and the map (never the
// reference layout's names); a check whose table or column is absent is skipped with the reason.
import { ident, type Workspace } from '../db/index.js';
import { normaliseHeader } from '../ingest/headers.js';
import { canonical, dateSql, mapAndRoles, ROLE_SPECS, sourceLinks } from '../mapping/index.js';
import type { Mapping, TableRole } from '../mapping/model.js';
import { PROFILE_CONCURRENCY } from './columns.js';
import type { Checks, ImplausibleCheck, OrphanCheck, PicklistUse } from '../../shared/contracts/profile.js';

export type { Checks, ImplausibleCheck, OrphanCheck, PicklistUse };

async function tableColumns(ws: Workspace): Promise<Map<string, string[]>> {
	const rows = await ws.all<{ t: string; c: string }>(
		`select table_name as t, column_name as c from information_schema.columns where table_schema = 'raw' order by table_name, ordinal_position`
	);
	const out = new Map<string, string[]>();
	for (const r of rows) out.set(r.t, [...(out.get(r.t) ?? []), r.c]);
	return out;
}

/** Rows whose reference (a link of the map, or a column named like another table's role key) finds no row there. */
async function orphans(ws: Workspace, tables: Map<string, string[]>, m: Mapping, roles: TableRole[]): Promise<OrphanCheck[]> {
	const links = await sourceLinks(ws, m, roles);
	// Independent queries, run together (a few at a time): the small ones finish while a large anti-join runs.
	return Promise.all(
		links.map(({ table, column, target, targetColumn }) =>
			ws.atMost('profile', PROFILE_CONCURRENCY, async (): Promise<OrphanCheck> => {
				const cols = tables.get(table) ?? [];
				const own = roles.find((r) => r.table === table)?.key;
				const idCol = own && cols.includes(own) ? own : cols[0];
				const ref = `r.${ident(column)}`;
				const key = `t.${ident(targetColumn)}`;
				// An exact anti-join finds the candidates cheaply (keys usually match as stored); only
				// those are compared again with surrounding spaces trimmed on both sides.
				const rows = await ws.all<{ n: bigint; sample: string[] | null }>(
					`with candidates as (
				select r.${ident(idCol)} as id, trim(${ref}) as k from raw.${ident(table)} r
				anti join raw.${ident(target)} t on ${key} = ${ref}
				where ${ref} is not null and trim(${ref}) <> '')
			 select count(*) as n, min_by(id, id, 20) as sample from candidates c
			 where not exists (select 1 from raw.${ident(target)} t where trim(${key}) = c.k)`
				);
				return {
					table,
					column,
					target,
					targetColumn,
					orphans: Number(rows[0]?.n ?? 0),
					sample: (rows[0]?.sample ?? []).map(String).sort()
				};
			})
		)
	);
}

/** A role's table and how it reads a reference column: the proposer's match, else the same name. */
function roleTable(roles: TableRole[], tables: Map<string, string[]>, role: TableRole['role']) {
	const r = roles.find((x) => x.role === role && tables.has(x.table));
	if (!r) return null;
	const cols = tables.get(r.table)!;
	const col = (ref: string) => (r.columns[ref] && cols.includes(r.columns[ref]) ? r.columns[ref] : cols.includes(ref) ? ref : null);
	return { role: r, cols, col };
}

/**
 * Pick-list field names ("Appointment Status") find their column through the roles: a role's
 * column matched to `appointment_status`, else the column matched to `status` in the table whose
 * role's records are called 'appointment', else a SELECT field of the map labelled so.
 */
async function columnForField(
	field: string,
	tables: Map<string, string[]>,
	roles: TableRole[],
	m: Mapping
): Promise<{ table: string; column: string } | null> {
	const norm = normaliseHeader(field);
	const live = roles.filter((r) => r.role !== 'picklists' && r.role !== 'other' && r.role !== 'automations' && tables.has(r.table));
	for (const r of live) {
		const c = roleTable(roles, tables, r.role)!.col(norm);
		if (c) return { table: r.table, column: c };
	}
	const [head, ...rest] = norm.split('_');
	for (const r of live) {
		const spec = ROLE_SPECS[r.role as keyof typeof ROLE_SPECS];
		if (!spec.entity.includes(head) && r.role !== head) continue;
		const c = roleTable(roles, tables, r.role)!.col(rest.join('_'));
		if (c) return { table: r.table, column: c };
	}
	for (const s of m.sources)
		for (const f of s.fields)
			if (f.type === 'SELECT' && f.column && !f.column.includes('.') && f.label && canonical(f.label) === canonical(field))
				if (tables.get(s.table)?.includes(f.column)) return { table: s.table, column: f.column };
	return null;
}

async function picklists(
	ws: Workspace,
	tables: Map<string, string[]>,
	roles: TableRole[],
	m: Mapping,
	skipped: string[]
): Promise<PicklistUse[]> {
	const list = roleTable(roles, tables, 'picklists');
	const [fieldCol, valueCol, activeCol] = list ? [list.col('field'), list.col('value'), list.col('active')] : [];
	if (!list || !fieldCol || !valueCol) {
		skipped.push(
			list
				? `pick-list inventory: the picklists table ${list.role.table} has no column matched to field and value: set them on the Mapping page`
				: 'pick-list inventory: no table plays the picklists role (set one with ferry map table <table> --role picklists, or on the Mapping page)'
		);
		return [];
	}
	const [f, v] = [ident(fieldCol), ident(valueCol)];
	const active = activeCol ? `coalesce(lower(trim(${ident(activeCol)})) in ('yes', 'y', 'true', '1'), true)` : 'true';
	const defined = await ws.all<{ field: string; value: string; active: boolean }>(
		`select trim(${f}) as field, trim(${v}) as value, ${active} as active from raw.${ident(list.role.table)} where nullif(trim(${f}), '') is not null`
	);
	const fields = [...new Set(defined.map((d) => d.field))];
	const out: PicklistUse[] = [];
	for (const field of fields) {
		const where = await columnForField(field, tables, roles, m);
		if (!where) {
			skipped.push(`pick-list field '${field}': no column found for it`);
			continue;
		}
		// Grouped as stored, trimmed per distinct value here (a string function per row costs a scan).
		const used = await ws.all<{ value: string; n: bigint }>(
			`select ${ident(where.column)} as value, count(*) as n from raw.${ident(where.table)} where ${ident(where.column)} is not null group by 1`
		);
		const usedMap = new Map<string, number>();
		for (const u of used) {
			const v = String(u.value).trim();
			if (v) usedMap.set(v, (usedMap.get(v) ?? 0) + Number(u.n));
		}
		const defs = defined.filter((d) => d.field === field);
		const values = defs.map((d) => ({ value: d.value, defined: true, active: d.active, used: usedMap.get(d.value) ?? 0 }));
		for (const [value, n] of usedMap)
			if (!defs.some((d) => d.value === value)) values.push({ value, defined: false, active: false, used: n });
		out.push({ field, ...where, values: values.sort((a, b) => b.used - a.used) });
	}
	return out;
}

/** Locations (the locations role's table) whose parent chain comes back to themselves; one entry per cycle. */
async function cycles(ws: Workspace, tables: Map<string, string[]>, roles: TableRole[], skipped: string[]): Promise<string[][]> {
	const loc = roleTable(roles, tables, 'locations');
	const parentCol = loc && (loc.col('parent_location_id') ?? loc.cols.find((c) => /parent/.test(c)));
	if (!loc || !parentCol || !loc.cols.includes(loc.role.key)) {
		skipped.push(
			loc
				? `circular location hierarchies: the locations table ${loc.role.table} has no parent column`
				: 'circular location hierarchies: no table plays the locations role (set one with ferry map table <table> --role locations, or on the Mapping page)'
		);
		return [];
	}
	const key = ident(loc.role.key);
	const parent = ident(parentCol);
	const rows = await ws.all<{ path: string[] }>(
		`with recursive links as (select trim(${key}) as id, nullif(trim(${parent}), '') as parent from raw.${ident(loc.role.table)}),
		walk(start, cur, path) as (
			select id, parent, [id] from links where parent is not null
			union all
			select w.start, l.parent, list_append(w.path, w.cur) from walk w join links l on l.id = w.cur
			where w.cur <> w.start and len(w.path) < 100 and l.parent is not null and not list_contains(w.path[2:], w.cur))
		select path from walk where cur = start order by start`
	);
	const seen = new Set<string>();
	const out: string[][] = [];
	for (const r of rows) {
		const key = [...r.path].sort().join('|');
		if (!seen.has(key)) (seen.add(key), out.push(r.path));
	}
	return out;
}

/**
 * Implausible values, found through the map (whatever the export calls its columns): birth
 * dates read as the map reads them, postcodes Excel shortened (0800 → 800).
 */
async function implausible(ws: Workspace, m: Mapping, skipped: string[]): Promise<ImplausibleCheck[]> {
	const out: ImplausibleCheck[] = [];
	for (const s of m.sources) {
		const key = s.keySql ?? `trim(cast(s.${ident(s.keyColumn)} as varchar))`;
		for (const f of s.fields) {
			if (!f.column || f.column.includes('.')) continue;
			const v = `nullif(trim(cast(s.${ident(f.column)} as varchar)), '')`;
			const kinds: Array<[ImplausibleCheck['kind'], string]> = [];
			if (f.transform === 'date' && /birth/i.test(f.target)) {
				const d = `try_cast(${dateSql(v, f.dateOrder ?? m.dateOrder)} as date)`;
				kinds.push(['future_birth_date', `${d} > current_date`], ['age_over_120', `${d} < current_date - interval 120 year`]);
			}
			if (/addressPostcode$/.test(f.target) && m.region === 'AU') kinds.push(['short_postcode', `regexp_full_match(${v}, '\\d{3}')`]);
			for (const [kind, cond] of kinds) {
				try {
					const r = await ws.one<{ n: bigint; sample: string[] | null }>(
						`select count(*) as n, min_by(k, k, 20) as sample from (select ${key} as k from raw.${ident(s.table)} s where ${cond})`
					);
					if (r && Number(r.n))
						out.push({
							table: s.table,
							column: f.column,
							field: `${s.object}.${f.target}`,
							kind,
							count: Number(r.n),
							sample: r.sample ?? []
						});
				} catch (err) {
					skipped.push(`${kind} on ${s.table}.${f.column}: ${(err as Error).message.split('\n')[0]}`);
				}
			}
		}
	}
	return out;
}

export async function runChecks(ws: Workspace): Promise<Checks> {
	const tables = await tableColumns(ws);
	const skipped: string[] = [];
	const { mapping: m, roles } = await mapAndRoles(ws);
	return {
		orphans: await orphans(ws, tables, m, roles),
		implausible: await implausible(ws, m, skipped),
		picklists: await picklists(ws, tables, roles, m, skipped),
		cycles: await cycles(ws, tables, roles, skipped),
		skipped
	};
}
