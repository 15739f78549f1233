// The proposer for exports Ferry has never seen: first every table gets a role and a key
// (roles.ts), then each column the default map reads (the reference layout) is matched to a
// column of the table playing its role, by header similarity (normalised names,
// healthcare/practice synonyms) and by what the values look like (emails, phones, dates,
// money, pick-list values). The default map is then rewritten onto the matched tables and
// columns, each field carrying a confidence and a reason; nothing is confirmed.
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import { defaultMapping } from './defaults.js';
import type { FieldMap, Mapping, SourceMap, TableRole } from './model.js';
import { makeOptions, optionKey, unmatchedValues } from './options.js';
import { brokenJoins, inputOf, tableColumns, tableExists } from './sources.js';
import { canonical, nameScore } from './names.js';
import { headerScore, proposeTableRoles, roleOfReference, ROLE_SPECS } from './roles.js';

export { canonical, nameScore };

type Shape = 'email' | 'phone' | 'date' | 'time' | 'money' | 'boolean' | 'number' | 'id' | 'picklist' | 'text';

const RE: Record<Exclude<Shape, 'text' | 'picklist' | 'id'>, RegExp> = {
	email: /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i,
	phone: /^(?=(?:\D*\d){8,13}\D*$)[+(]?[\d ()\-.]{8,}(\s*(ext\.?|x)\s*\d+)?$/i,
	date: /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))([ T]\d{1,2}[:.]\d{2}.*)?$|^\d{5}(\.\d+)?$/,
	time: /^\d{1,2}[:.]\d{2}(:\d{2})?\s*([ap]\.?m\.?)?$/i,
	money: /^\(?-?(?:[A-Z]{3}\s?)?[$€£]?\s?-?[\d,]+\.\d{2}\)?$/,
	boolean: /^(yes|no|y|n|true|false|0|1)$/i,
	number: /^-?\d+(\.\d+)?$/
};

interface Profile {
	column: string;
	share: Record<Shape, number>;
	distinct: number;
	keys: Set<string>;
	/** The sampled values, trimmed, for later evidence (date order, time parts). */
	values: string[];
}

async function profile(ws: Workspace, table: string, columns: string[]): Promise<Profile[]> {
	const rows = await ws.all<Record<string, string | null>>(
		`select ${columns.map(ident).join(', ')} from raw.${ident(table)} using sample 2000 rows`
	);
	return columns.map((column) => {
		const values = rows
			.map((r) => r[column])
			.filter((v): v is string => v !== null && v.trim() !== '')
			.map((v) => v.trim());
		const n = values.length || 1;
		const share = { text: 1, picklist: 0, id: 0 } as Record<Shape, number>;
		for (const [k, re] of Object.entries(RE)) share[k as Shape] = values.filter((v) => re.test(v)).length / n;
		const keys = new Set(values.map(optionKey));
		share.picklist = values.length >= 5 && keys.size <= Math.max(12, values.length * 0.05) ? 1 : 0;
		share.id = values.length && keys.size / values.length > 0.3 && values.every((v) => /^[A-Za-z0-9-]{1,24}$/.test(v)) ? 1 : 0;
		return { column, share, distinct: keys.size, keys, values };
	});
}

/** What the reference column is expected to hold, from the transforms that read it. */
function expectedShape(fields: FieldMap[], column: string): { shape: Shape; options?: Set<string> } {
	const f = fields.find((x) => x.column === column);
	const byTransform: Partial<Record<FieldMap['transform'], Shape>> = {
		email: 'email',
		phone_e164: 'phone',
		date: 'date',
		datetime: 'date',
		money_micros: 'money',
		boolean: 'boolean',
		number: 'number',
		integer: 'number',
		relation: 'id',
		patient_ref: 'id',
		member_ref: 'id'
	};
	if (f?.transform === 'select_value')
		return { shape: 'picklist', options: new Set((f.options ?? []).flatMap((o) => [o.label, ...o.aliases].map(optionKey))) };
	if (f && byTransform[f.transform]) return { shape: byTransform[f.transform]! };
	if (/_id$/.test(column)) return { shape: 'id' };
	if (/(_at|date)$/.test(column)) return { shape: 'date' };
	if (/^(is_|arrived|did_not|archived|active)/.test(column)) return { shape: 'boolean' };
	return { shape: 'text' };
}

function shapeScore(p: Profile, want: { shape: Shape; options?: Set<string> }): { score: number; why: string } {
	if (want.options && want.options.size) {
		const hit = [...p.keys].filter((k) => want.options!.has(k)).length / (p.keys.size || 1);
		return { score: hit, why: `${Math.round(hit * 100)}% of its distinct values are pick-list options` };
	}
	if (want.shape === 'text') {
		const special = Math.max(p.share.email, p.share.phone, p.share.date, p.share.money);
		// Free text says little about meaning: the header must carry a text match.
		return { score: 0.5 * (1 - special), why: 'free text' };
	}
	const s = p.share[want.shape];
	return { score: s, why: `${Math.round(s * 100)}% of sampled values look like ${want.shape === 'id' ? 'ids' : want.shape}` };
}

/** Columns of the reference layout a source reads: plain columns, `s.x` in SQL, key, left-out. */
function referenceColumns(s: SourceMap): string[] {
	const cols = new Set<string>([s.keyColumn]);
	for (const f of s.fields) {
		if (f.column && !f.column.includes('.')) cols.add(f.column);
		for (const m of (f.sql ?? '').matchAll(/\bs\.([a-z_][a-z0-9_]*)/g)) cols.add(m[1]);
	}
	for (const l of s.leftOut) cols.add(l.column);
	for (const sql of Object.values(s.extras)) for (const m of sql.matchAll(/\bs\.([a-z_][a-z0-9_]*)/g)) cols.add(m[1]);
	return [...cols];
}

export interface ColumnProposal {
	/** The export's table playing the role (the reference name when no table plays it). */
	table: string;
	role: TableRole['role'];
	reference: string;
	column: string | null;
	confidence: number;
	reason: string;
}

/** Columns of the reference layout each join reads, by the reference table it selects from: `from raw.staff x` … `x.first_name`. */
function joinColumns(m: Mapping): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	for (const s of m.sources)
		for (const j of s.joins)
			for (const [, table, alias] of j.sql.matchAll(/\braw\.([a-z_][a-z0-9_]*)\s+(?:as\s+)?([a-z][a-z0-9_]*)\b/g)) {
				const set = out.get(table) ?? new Set<string>();
				for (const c of j.sql.matchAll(new RegExp(`\\b${alias}\\.([a-z_][a-z0-9_]*)`, 'g'))) set.add(c[1]);
				out.set(table, set);
			}
	return out;
}

/** The shape a reference column has when no field of the map says (a role's own columns). */
function fallbackShape(column: string): Shape | null {
	if (/(^|_)email$/.test(column)) return 'email';
	if (/phone$/.test(column)) return 'phone';
	if (/^(amount|balance|outstanding)/.test(column)) return 'money';
	return null;
}

/** Reference column → export column per role's table, one-to-one, best pairs first; the key is the role's key. */
export async function proposeColumns(ws: Workspace, m: Mapping, roles: TableRole[]): Promise<ColumnProposal[]> {
	const out: ColumnProposal[] = [];
	const viaJoins = joinColumns(m);
	const referenceTables = new Set([...m.sources.map((s) => s.table), ...viaJoins.keys()]);
	for (const refTable of referenceTables) {
		const role = roleOfReference(refTable);
		if (!role) continue;
		const spec = ROLE_SPECS[role];
		const sources = m.sources.filter((s) => s.table === refTable);
		const refs = [...new Set([spec.key, ...sources.flatMap(referenceColumns), ...(viaJoins.get(refTable) ?? []), ...spec.columns])];
		const t = roles.find((r) => r.role === role);
		if (!t || !(await tableExists(ws, t.table))) {
			out.push(
				...refs.map((reference) => ({
					table: refTable,
					role,
					reference,
					column: null,
					confidence: 0,
					reason: `no table of the export plays the role ${role}`
				}))
			);
			continue;
		}
		const profiles = await profile(ws, t.table, await tableColumns(ws, t.table));
		const fields = sources.flatMap((s) => s.fields);
		const usedRef = new Set<string>([spec.key]);
		const usedCol = new Set<string>([t.key]);
		out.push({
			table: t.table,
			role,
			reference: spec.key,
			column: t.key,
			confidence: t.confidence,
			reason: `the key of the ${role} table: ${t.reason.split('; key ').pop()}`
		});
		// Columns a person named for this role (`ferry map table … --column email=Work_Email`) stand as given.
		const tableCols = profiles.map((p) => p.column);
		for (const [reference, column] of Object.entries(t.confirmed ? t.columns : {})) {
			if (!refs.includes(reference) || usedRef.has(reference) || usedCol.has(column) || !tableCols.includes(column)) continue;
			usedRef.add(reference);
			usedCol.add(column);
			out.push({ table: t.table, role, reference, column, confidence: 1, reason: `set by a person: '${column}' is '${reference}'` });
		}
		const pairs = refs
			.filter((r) => r !== spec.key)
			.flatMap((reference) => {
				const known = expectedShape(fields, reference);
				const want =
					known.shape === 'text' && !fields.some((f) => f.column === reference) ? { shape: fallbackShape(reference) ?? 'text' } : known;
				return profiles.map((p) => {
					const name = headerScore(role, reference, p.column);
					const shape = shapeScore(p, want);
					// A date column also stands for a date-time when its time sits in a column of its own.
					const timeOnly = want.shape === 'date' && p.share.time >= 0.8 ? 0.8 : 0;
					const shapeValue = Math.max(shape.score, timeOnly);
					// Text and ids look alike everywhere: only distinctive shapes may stand in for a weak header.
					const plausible = name >= 0.5 || (want.shape !== 'text' && want.shape !== 'id' && shape.score >= 0.8);
					return {
						reference,
						column: p.column,
						score: plausible ? 0.65 * name + 0.35 * shapeValue : 0,
						name,
						shape: { ...shape, score: shapeValue }
					};
				});
			});
		pairs.sort((a, b) => b.score - a.score);
		for (const p of pairs) {
			if (usedRef.has(p.reference) || usedCol.has(p.column) || p.score < 0.45) continue;
			usedRef.add(p.reference);
			usedCol.add(p.column);
			const header =
				p.name === 1
					? `header '${p.column}' means '${p.reference}'`
					: `header '${p.column}' resembles '${p.reference}' (${Math.round(p.name * 100)}%)`;
			out.push({
				table: t.table,
				role,
				reference: p.reference,
				column: p.column,
				confidence: Math.round(p.score * 100) / 100,
				reason: `${header}; ${p.shape.why}`
			});
		}
		for (const r of refs.filter((x) => !usedRef.has(x)))
			out.push({ table: t.table, role, reference: r, column: null, confidence: 0, reason: `no column of ${t.table} looks like '${r}'` });
	}
	return out;
}

const TIME_PART = /[ T]\d{1,2}[:.]\d{2}/;

/** DMY or MDY from the values themselves: a first part over 12 is a day, a second part over 12 too. */
export function dateOrderEvidence(values: string[]): { order: 'DMY' | 'MDY'; reason: string } | null {
	let dmy = 0;
	let mdy = 0;
	let numeric = 0;
	for (const v of values) {
		const x = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b/.exec(v);
		if (!x) continue;
		numeric++;
		if (Number(x[1]) > 12) dmy++;
		if (Number(x[2]) > 12) mdy++;
	}
	if (!numeric) return null;
	if (dmy && !mdy) return { order: 'DMY', reason: `day first: ${dmy} of ${numeric} sampled dates start with a number over 12` };
	if (mdy && !dmy) return { order: 'MDY', reason: `month first: ${mdy} of ${numeric} sampled dates have a second number over 12` };
	if (dmy && mdy) return null;
	return null;
}

/** A per-row reference from the proposals of one role: `pick('patients', 'date_of_birth')`. */
type Pick = (role: string | null, reference: string) => ColumnProposal | undefined;

/** Renames `alias.col` in SQL; unmatched columns become null when `nullMissing` (and are reported), else stay. */
function renameSql(sql: string, alias: string, role: string | null, pick: Pick, missing: string[] = []): string {
	return sql.replace(new RegExp(`\\b${alias}\\.([a-z_][a-z0-9_]*)\\b`, 'g'), (all, c: string) => {
		const p = pick(role, c);
		if (p?.column) return `${alias}.${ident(p.column)}`;
		if (p) missing.push(c);
		return all;
	});
}

/** Join SQL over reference tables → the tables playing their roles, with their columns. */
function renameJoin(sql: string, roles: TableRole[], pick: Pick): string {
	let out = sql;
	for (const [, table, alias] of sql.matchAll(/\braw\.([a-z_][a-z0-9_]*)\s+(?:as\s+)?([a-z][a-z0-9_]*)\b/g)) {
		const role = roleOfReference(table);
		const t = roles.find((r) => r.role === role);
		if (!t) continue;
		const missing: string[] = [];
		out = renameSql(out, alias, role, pick, missing);
		for (const c of new Set(missing)) out = out.replace(new RegExp(`\\b${alias}\\.${c}\\b`, 'g'), 'null::varchar');
		out = out.replace(new RegExp(`\\braw\\.${table}(\\s+(?:as\\s+)?${alias}\\b)`), `raw.${ident(t.table)}$1`);
	}
	return out;
}

/**
 * The default map rewritten onto the export's tables and columns; unknown columns are listed
 * as left out. `fixed` roles (a person's choice) are kept; the others are proposed.
 */
export async function proposeMapping(
	ws: Workspace,
	fixed: TableRole[] = []
): Promise<{ mapping: Mapping; columns: ColumnProposal[]; roles: TableRole[] }> {
	const roles = mergeRoles(await proposeTableRoles(ws), fixed);
	const m = await defaultMapping(ws, roles);
	const columns = await proposeColumns(ws, m, roles);
	const pick: Pick = (role, ref) => columns.find((c) => c.role === role && c.reference === ref);
	const tableOf = (refTable: string) => roles.find((r) => r.role === roleOfReference(refTable))?.table;
	for (const s of m.sources) {
		const role = roleOfReference(s.table);
		const profiles = (await tableExists(ws, tableOf(s.table) ?? s.table))
			? await profile(ws, tableOf(s.table)!, await tableColumns(ws, tableOf(s.table)!))
			: [];
		s.table = tableOf(s.table) ?? s.table;
		const key = pick(role, s.keyColumn);
		if (key?.column) s.keyColumn = key.column;
		if (s.where) s.where = renameSql(s.where, 's', role, pick);
		if (s.keySql) s.keySql = renameSql(s.keySql, 's', role, pick);
		for (const k of Object.keys(s.extras)) s.extras[k] = renameSql(s.extras[k], 's', role, pick);
		for (const j of s.joins) {
			j.sql = renameJoin(j.sql, roles, pick);
			j.on = renameSql(j.on, 's', role, pick);
		}
		for (const f of s.fields) {
			f.confirmed = false;
			if (f.relation?.table) {
				const rrole = roleOfReference(f.relation.table);
				const rt = roles.find((r) => r.role === rrole);
				if (rt && rrole) {
					f.relation.column =
						f.relation.column === ROLE_SPECS[rrole].key ? rt.key : (pick(rrole, f.relation.column ?? '')?.column ?? f.relation.column);
					f.relation.table = rt.table;
				}
			}
			if (f.sql) {
				const missing: string[] = [];
				const renamed = renameSql(f.sql, 's', role, pick, missing);
				const absent = [...new Set(missing)];
				const reads = new Set([...f.sql.matchAll(/\bs\.([a-z_][a-z0-9_]*)/g)].map((x) => x[1]));
				// Some of its columns are here: the expression runs with the absent ones as null.
				if (absent.length && absent.length < reads.size) {
					f.sql = absent.reduce((sql, c) => sql.replace(new RegExp(`\\bs\\.${c}\\b`, 'g'), 'null::varchar'), renamed);
					f.reason = [f.reason, `not in this export, read as empty: ${absent.join(', ')}`].filter(Boolean).join('; ');
				} else f.sql = renamed;
			}
			if (f.column && !f.column.includes('.')) {
				const p = pick(role, f.column);
				f.confidence = p?.confidence ?? 0;
				f.reason = p?.reason ?? 'not matched';
				f.column = p?.column ?? f.column;
			}
			if (f.transform === 'date' || f.transform === 'datetime') datePolicy(f, profiles);
		}
		s.leftOut = s.leftOut.map((l) => ({ ...l, column: pick(role, l.column)?.column ?? l.column }));
	}
	// A source whose role no table plays is left out of the proposal (the proposals say why).
	const absent: string[] = [];
	for (const s of m.sources) if (!(await tableExists(ws, s.table))) absent.push(s.id);
	m.sources = m.sources.filter((s) => !absent.includes(s.id));
	for (const s of m.sources) await setAsideMissing(ws, s, columns);
	for (const s of m.sources) if (await tableExists(ws, s.table)) await addDataOptions(ws, s);
	for (const table of new Set(m.sources.map((s) => s.table))) {
		if (!(await tableExists(ws, table))) continue;
		const matched = new Set(columns.filter((c) => c.table === table && c.column).map((c) => c.column));
		for (const s of m.sources.filter((x) => x.table === table)) for (const f of s.fields) for (const c of readsOf(f)) matched.add(c);
		const first = m.sources.find((s) => s.table === table)!;
		for (const c of await tableColumns(ws, table))
			if (!matched.has(c) && !first.leftOut.some((l) => l.column === c))
				first.leftOut.push({ column: c, why: 'unknown column: no Twenty field proposed' });
	}
	for (const r of roles)
		r.columns = Object.fromEntries(
			columns.filter((c) => c.role === r.role && c.column && c.table === r.table).map((c) => [c.reference, c.column!])
		);
	m.tables = roles;
	return { mapping: m, columns, roles };
}

/**
 * Pick-list values the export's data holds beyond the options (the default map read them from the
 * reference tables): kept verbatim as options, flagged for admin review in the reason.
 */
export async function addDataOptions(
	ws: Workspace,
	s: SourceMap
): Promise<Array<{ target: string; values: Array<{ value: string; count: number }> }>> {
	const widened: Array<{ target: string; values: Array<{ value: string; count: number }> }> = [];
	for (const f of s.fields) {
		if (f.transform !== 'select_value' || !f.options?.length || !/\bs\./.test(inputOf(f))) continue;
		let extra: Array<{ value: string; count: number }>;
		try {
			extra = await unmatchedValues(ws, s.table, inputOf(f), f.options);
		} catch {
			continue; // validation names a broken input
		}
		if (!extra.length) continue;
		const added = makeOptions([...f.options.map((o) => o.label), ...extra.map((e) => e.value)]).slice(f.options.length);
		f.options.push(
			...added.map((o, i) => ({
				...o,
				color: o.color ?? 'gray',
				aliases: [],
				value: f.options!.some((x) => x.value === o.value) ? `${o.value}_${i}` : o.value
			}))
		);
		f.reason = [
			f.reason,
			`not in the export's pick-list, kept verbatim for admin review: ${extra.map((e) => `${e.value} (${e.count})`).join(', ')}`
		]
			.filter(Boolean)
			.join('; ');
		widened.push({ target: f.target, values: extra });
	}
	return widened;
}

/** Export columns a field reads: its column and the `s."…"` / `s.x` of its SQL. */
function readsOf(f: FieldMap): string[] {
	const out = f.column && !f.column.includes('.') ? [f.column] : [];
	for (const x of (f.sql ?? '').matchAll(/\bs\.(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_]*))/g)) out.push(x[1]?.replaceAll('""', '"') ?? x[2]);
	return out;
}

function mergeRoles(proposed: TableRole[], fixed: TableRole[]): TableRole[] {
	const out = proposed.map((p) => fixed.find((f) => f.table === p.table) ?? p);
	// A role a person gave one table is taken from any other table the proposer gave it.
	for (const f of fixed)
		if (f.role !== 'other' && f.role !== 'automations')
			for (const o of out)
				if (o.table !== f.table && o.role === f.role && !fixed.includes(o))
					Object.assign(o, { role: 'other', reason: `role ${f.role} was given to ${f.table}`, confidence: 0 });
	return out;
}

/**
 * Dates and date-times: the order of numeric dates from the column's own values (said in the
 * reason), and a date column whose time sits in a column of its own combined with that one.
 */
function datePolicy(f: FieldMap, profiles: Profile[]): void {
	const byName = new Map(profiles.map((p) => [p.column, p]));
	const col = f.column && byName.get(f.column);
	if (!col) return;
	const isTime = col.share.time >= 0.8;
	const dateOnly = col.share.date >= 0.8 && !col.values.some((v) => TIME_PART.test(v));
	if (f.transform === 'datetime' && (isTime || dateOnly)) {
		// The partner: the best-named column of the other kind (a time for a date, a date for a time).
		const partner = profiles
			.filter(
				(p) => p.column !== f.column && (isTime ? p.share.date >= 0.8 && !p.values.some((v) => TIME_PART.test(v)) : p.share.time >= 0.8)
			)
			.map((p) => ({
				p,
				s:
					nameScore(f.column!.replaceAll('_', ' '), p.column.replaceAll('_', ' ')) +
					(/start|appt|appointment|begin|booked|visit|^date$|^time$/.test(p.column) ? 0.3 : 0)
			}))
			.sort((a, b) => b.s - a.s)[0]?.p;
		if (partner) {
			const [d, t] = isTime ? [partner, col] : [col, partner];
			f.sql = `nullif(concat_ws(' ', nullif(trim(s.${ident(d.column)}), ''), nullif(trim(s.${ident(t.column)}), '')), '')`;
			f.reason = [f.reason, `date in '${d.column}' and time in '${t.column}' combined`].filter(Boolean).join('; ');
			const ev = dateOrderEvidence(d.values);
			if (ev) {
				f.dateOrder = ev.order;
				f.reason += `; ${ev.reason}`;
			}
			return;
		}
	}
	const ev = dateOrderEvidence(col.values);
	if (ev) {
		f.dateOrder = ev.order;
		f.reason = [f.reason, ev.reason].filter(Boolean).join('; ');
	}
}

/**
 * What this export cannot feed leaves the proposal, with why, so the proposal validates: a join
 * over a table the export lacks (and the fields reading it), and fields whose column matched
 * nothing. The key column stays: without it the source cannot be staged, and validation says so.
 */
async function setAsideMissing(ws: Workspace, s: SourceMap, _columns: ColumnProposal[]): Promise<void> {
	const broken = new Map((await brokenJoins(ws, s)).map((b) => [b.alias, b.message]));
	const present = new Set(await tableColumns(ws, s.table));
	// A join on a column this table lacks cannot be made either.
	for (const j of s.joins) {
		const lacking = [...j.on.matchAll(/\bs\.(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_]*))/g)]
			.map((x) => x[1] ?? x[2])
			.filter((c) => !present.has(c));
		if (lacking.length && !broken.has(j.alias))
			broken.set(j.alias, `${s.id}: join ${j.alias} cannot be made: no column of ${s.table} looks like '${lacking[0]}'`);
	}
	s.joins = s.joins.filter((j) => !broken.has(j.alias));
	for (const f of s.fields)
		for (const [alias, message] of broken)
			if (f.zone && new RegExp(`\\b${alias}\\.`).test(f.zone)) {
				f.zone = undefined;
				f.reason = [f.reason, `read in the map's time zone: ${message.replace(`${s.id}: `, '')}`].filter(Boolean).join('; ');
			}
	const tables = new Set(
		(await ws.all<{ t: string }>(`select view_name as t from duckdb_views() where schema_name = 'raw'`)).map((r) => r.t)
	);
	const why = (f: FieldMap): string | null => {
		const reads = [f.column ?? '', f.sql ?? ''].join(' ');
		for (const [alias, message] of broken) if (new RegExp(`\\b${alias}\\.`).test(reads)) return message.replace(`${s.id}: `, '');
		if (f.relation?.table && !tables.has(f.relation.table)) return `links to ${f.relation.table}, which this export does not have`;
		const missing = readsOf(f).filter((c) => !present.has(c));
		return missing.length ? `no column of ${s.table} looks like '${missing[0]}'` : null;
	};
	const kept: FieldMap[] = [];
	for (const f of s.fields) {
		const reason = why(f);
		if (reason) s.notInExport.push({ target: f.target, why: reason });
		else kept.push(f);
	}
	s.fields = kept;
}
