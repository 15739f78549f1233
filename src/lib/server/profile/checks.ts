// Cross-table checks that work on any export: keys are discovered from the tables
// themselves (a table's first column is its key when its name ends in id/no/number/ref),
// and a check whose tables or columns are absent is skipped with the reason.
import { ident, type Workspace } from '../db/index.js';
import { normaliseHeader } from '../ingest/headers.js';
import { currentMapping, dateSql } from '../mapping/index.js';
import { PROFILE_CONCURRENCY } from './columns.js';

export interface OrphanCheck {
	table: string;
	column: string;
	/** The table and key column the values should exist in. */
	target: string;
	targetColumn: string;
	orphans: number;
	/** Up to 20 source ids of orphan rows (ids only). */
	sample: string[];
}

export interface PicklistUse {
	field: string;
	table: string;
	column: string;
	values: Array<{ value: string; defined: boolean; active: boolean; used: number }>;
}

/** Values that parse but cannot be true: a birth date in the future or over 120 years ago, a 3-digit postcode. */
export interface ImplausibleCheck {
	table: string;
	column: string;
	/** The Twenty field the map writes it to. */
	field: string;
	kind: 'future_birth_date' | 'age_over_120' | 'short_postcode';
	count: number;
	/** Up to 20 row keys (ids only). */
	sample: string[];
}

export interface Checks {
	orphans: OrphanCheck[];
	implausible: ImplausibleCheck[];
	picklists: PicklistUse[];
	/** Location ids that reach themselves through their parent chain, per cycle. */
	cycles: string[][];
	skipped: string[];
}

const KEY = /^.+_(id|no|number|ref|code)$/;

async function tableColumns(ws: Workspace): Promise<Map<string, string[]>> {
	const rows = await ws.all<{ t: string; c: string }>(
		`select table_name as t, column_name as c from information_schema.columns where table_schema = 'raw' order by table_name, ordinal_position`
	);
	const out = new Map<string, string[]>();
	for (const r of rows) out.set(r.t, [...(out.get(r.t) ?? []), r.c]);
	return out;
}

/** Rows whose reference (a column named like another table's key) finds no row there. */
async function orphans(ws: Workspace, tables: Map<string, string[]>): Promise<OrphanCheck[]> {
	const pairs: Array<{ key: string; target: string; table: string; cols: string[] }> = [];
	for (const [key, target] of keyOwners(tables))
		for (const [table, cols] of tables) if (table !== target && cols.includes(key)) pairs.push({ key, target, table, cols });
	// Independent queries, run together (a few at a time): the small ones finish while a large anti-join runs.
	return Promise.all(
		pairs.map(({ key, target, table, cols }) =>
			ws.atMost('profile', PROFILE_CONCURRENCY, async (): Promise<OrphanCheck> => {
				const idCol = cols[0];
				const ref = `r.${ident(key)}`;
				// An exact anti-join finds the candidates cheaply (keys usually match as stored); only
				// those are compared again with surrounding spaces trimmed on both sides.
				const rows = await ws.all<{ n: bigint; sample: string[] | null }>(
					`with candidates as (
				select r.${ident(idCol)} as id, trim(${ref}) as k from raw.${ident(table)} r
				anti join raw.${ident(target)} t on t.${ident(key)} = ${ref}
				where ${ref} is not null and trim(${ref}) <> '')
			 select count(*) as n, min_by(id, id, 20) as sample from candidates c
			 where not exists (select 1 from raw.${ident(target)} t where trim(t.${ident(key)}) = c.k)`
				);
				return {
					table,
					column: key,
					target,
					targetColumn: key,
					orphans: Number(rows[0]?.n ?? 0),
					sample: (rows[0]?.sample ?? []).map(String).sort()
				};
			})
		)
	);
}

/**
 * Key column → the table it identifies. Several tables may start with the same key
 * (patients, patient_insurance): the owner is the one named after the key, else the shortest name.
 */
function keyOwners(tables: Map<string, string[]>): Map<string, string> {
	const owners = new Map<string, string>();
	const score = (t: string, key: string) => (t.startsWith(key.replace(/_(id|no|number|ref|code)$/, '')) ? 0 : 1000) + t.length;
	for (const [t, cols] of tables) {
		const key = cols[0];
		if (!KEY.test(key)) continue;
		const prior = owners.get(key);
		if (!prior || score(t, key) < score(prior, key)) owners.set(key, t);
	}
	return owners;
}

/** Pick-list field names ("Appointment Status") find their column: appointments.status or any table's appointment_status. */
function columnForField(field: string, tables: Map<string, string[]>): { table: string; column: string } | null {
	const norm = normaliseHeader(field);
	for (const [t, cols] of tables) if (cols.includes(norm) && !/picklist/.test(t)) return { table: t, column: norm };
	const [head, ...rest] = norm.split('_');
	const column = rest.join('_');
	for (const [t, cols] of tables) if (t.includes(head) && cols.includes(column) && !/picklist/.test(t)) return { table: t, column };
	return null;
}

async function picklists(ws: Workspace, tables: Map<string, string[]>, skipped: string[]): Promise<PicklistUse[]> {
	const list = [...tables].find(([t, cols]) => /pick_?list/.test(t) && cols.includes('field') && cols.includes('value'));
	if (!list) {
		skipped.push('pick-list inventory: no raw table like picklists with columns field and value');
		return [];
	}
	const [plTable, plCols] = list;
	const active = plCols.includes('active') ? `coalesce(lower(trim(active)) in ('yes', 'y', 'true', '1'), true)` : 'true';
	const defined = await ws.all<{ field: string; value: string; active: boolean }>(
		`select trim(field) as field, trim(value) as value, ${active} as active from raw.${ident(plTable)} where nullif(trim(field), '') is not null`
	);
	const fields = [...new Set(defined.map((d) => d.field))];
	const out: PicklistUse[] = [];
	for (const field of fields) {
		const where = columnForField(field, tables);
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
			const v = u.value.trim();
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

/** Locations whose parent chain comes back to themselves; one entry per cycle. */
async function cycles(ws: Workspace, tables: Map<string, string[]>, skipped: string[]): Promise<string[][]> {
	const found = [...tables].find(([t, cols]) => /location|clinic|site/.test(t) && cols.some((c) => /parent/.test(c)));
	if (!found) {
		skipped.push('circular location hierarchies: no location table with a parent column');
		return [];
	}
	const [t, cols] = found;
	const key = ident(cols[0]);
	const parent = ident(cols.find((c) => /parent/.test(c))!);
	const rows = await ws.all<{ path: string[] }>(
		`with recursive links as (select trim(${key}) as id, nullif(trim(${parent}), '') as parent from raw.${ident(t)}),
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
async function implausible(ws: Workspace, skipped: string[]): Promise<ImplausibleCheck[]> {
	const m = await currentMapping(ws);
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
	return {
		orphans: await orphans(ws, tables),
		implausible: await implausible(ws, skipped),
		picklists: await picklists(ws, tables, skipped),
		cycles: await cycles(ws, tables, skipped),
		skipped
	};
}
