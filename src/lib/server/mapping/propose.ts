// The proposer for exports Ferry has never seen: each column the default map reads (the
// reference layout) is matched to a column of the new export by header similarity (normalised
// names, healthcare/practice synonyms) and by what the values look like (emails, phones,
// dates, money, pick-list values). The default map is then rewritten onto the matched
// columns, each field carrying a confidence and a reason; nothing is confirmed.
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import { defaultMapping } from './defaults.js';
import type { FieldMap, Mapping, SourceMap } from './model.js';
import { optionKey } from './options.js';
import { brokenJoins, tableColumns, tableExists } from './sources.js';

type Shape = 'email' | 'phone' | 'date' | 'money' | 'boolean' | 'number' | 'id' | 'picklist' | 'text';

/** Words practice systems use for the same thing, folded onto the reference wording. */
const SYNONYMS: Array<[RegExp, string]> = [
	[/\b(dob|birth ?date|date of birth|birthday|born)\b/g, 'date of birth'],
	[/\b(surname|family name|last ?name|lname)\b/g, 'last name'],
	[/\b(given name|forename|first ?name|fname|given)\b/g, 'first name'],
	[/\b(other names?|second name|middle ?name)\b/g, 'middle name'],
	[/\b(known as|nickname|preferred ?name|goes by)\b/g, 'preferred name'],
	[/\b(salutation|honorific|prefix)\b/g, 'title'],
	[/\b(gender|sex)\b/g, 'sex'],
	[/\b(e ?mail( address)?|email)\b/g, 'email'],
	[/\b(cell( phone)?|mobile( phone| number| no)?|mob)\b/g, 'mobile phone'],
	[/\b(phone home|home phone|home tel(ephone)?|landline|home number)\b/g, 'home phone'],
	[/\b(telephone|tel|phone number|contact number)\b/g, 'phone'],
	[/\b(street( address)?( 1)?|address( line)? 1|address1)\b/g, 'address line 1'],
	[/\b(street 2|address( line)? 2|address2|unit)\b/g, 'address line 2'],
	[/\b(suburb|town|city|locality)\b/g, 'city'],
	[/\b(region|province|state|territory)\b/g, 'state'],
	[/\b(post ?code|zip( code)?|postal code)\b/g, 'postcode'],
	[/\b(nation|country)\b/g, 'country'],
	[/\b(client|patient) (id|number|no|ref)\b/g, 'patient id'],
	[/\b(home clinic|site|branch|clinic|location)( id)?\b/g, 'clinic location id'],
	[/\b(referrer|referring (doctor|gp|physician)|referred by)( id)?\b/g, 'referring physician id'],
	[/\b(account status|billing status|payment status)\b/g, 'billing status'],
	[/\b(balance owing|amount owing|outstanding( balance)?|balance due|owing)\b/g, 'outstanding balance'],
	[/\b(next of kin|nok|emergency contact)( name)?\b/g, 'emergency contact name'],
	[/\b(emergency contact name|emergency contact) (phone|tel|number)\b/g, 'emergency contact phone'],
	[/\b(emergency contact name|emergency contact) (relationship|relation)\b/g, 'emergency contact relationship'],
	[/\b(date created|created( on| date)?|creation date)\b/g, 'created at'],
	[/\b(last modified|modified( on| date)?|updated( on| date)?|last updated)\b/g, 'updated at'],
	[/\b(start( time| date)?|begins?( at)?|appointment (time|date))\b/g, 'starts at'],
	[/\b(end( time)?|finish(es)?( at)?)\b/g, 'ends at'],
	[/\b(length|duration)( mins?| minutes| min)?\b/g, 'duration min'],
	[/\b(service|visit type|appointment type|appt type)\b/g, 'appointment type'],
	[/\b(provider|practitioner|clinician|doctor)( id)?\b/g, 'practitioner id'],
	[/\b(appointment state|appointment status|state of appointment)\b/g, 'status'],
	[/\b(cancel(lation)? reason|reason for cancel(lation)?)\b/g, 'cancellation reason'],
	[/\b(comments?|remarks?)\b/g, 'notes'],
	[/\b(note text|content|text|body)\b/g, 'body'],
	[/\b(subject|heading)\b/g, 'title'],
	[/\b(invoice (no|num|#)|invoice number)\b/g, 'invoice number'],
	[/\b(invoice date|date issued|issued( on)?)\b/g, 'issue date'],
	[/\b(total|amount billed|invoice total|fee)\b/g, 'amount billed'],
	[/\b(paid|amount paid|amount received)\b/g, 'amount paid'],
	[/\b(date paid|paid on|payment date)\b/g, 'payment date'],
	[/\b(paid by|payment method|payment type|tender)\b/g, 'payment method']
];

export function canonical(header: string): string {
	let s = ` ${header.toLowerCase().replace(/[_\-./#()]+/g, ' ').replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
	for (const [re, to] of SYNONYMS) s = s.replace(re, to);
	return s.replace(/\s+/g, ' ').trim();
}

function bigrams(s: string): Set<string> {
	const out = new Set<string>();
	const t = s.replace(/ /g, '');
	for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
	return out;
}

/** Header similarity in [0, 1]: 1 when both name the same thing after synonyms. */
export function nameScore(reference: string, candidate: string): number {
	const a = canonical(reference);
	const b = canonical(candidate);
	if (a === b) return 1;
	const ta = new Set(a.split(' '));
	const tb = new Set(b.split(' '));
	const tokens = [...ta].filter((x) => tb.has(x)).length / new Set([...ta, ...tb]).size;
	const ba = bigrams(a);
	const bb = bigrams(b);
	const dice = ba.size + bb.size ? (2 * [...ba].filter((x) => bb.has(x)).length) / (ba.size + bb.size) : 0;
	return Math.max(tokens, dice) * 0.9;
}

const RE: Record<Exclude<Shape, 'text' | 'picklist' | 'id'>, RegExp> = {
	email: /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i,
	phone: /^(?=(?:\D*\d){8,13}\D*$)[+(]?[\d ()\-.]{8,}(\s*(ext\.?|x)\s*\d+)?$/i,
	date: /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})([ T]\d{1,2}:\d{2}.*)?$|^\d{5}$/,
	money: /^-?\$?\s?-?[\d,]+\.\d{2}$/,
	boolean: /^(yes|no|y|n|true|false|0|1)$/i,
	number: /^-?\d+(\.\d+)?$/
};

interface Profile {
	column: string;
	share: Record<Shape, number>;
	distinct: number;
	keys: Set<string>;
}

async function profile(ws: Workspace, table: string, columns: string[]): Promise<Profile[]> {
	const rows = await ws.all<Record<string, string | null>>(`select ${columns.map(ident).join(', ')} from raw.${ident(table)} using sample 2000 rows`);
	return columns.map((column) => {
		const values = rows.map((r) => r[column]).filter((v): v is string => v !== null && v.trim() !== '').map((v) => v.trim());
		const n = values.length || 1;
		const share = { text: 1, picklist: 0, id: 0 } as Record<Shape, number>;
		for (const [k, re] of Object.entries(RE)) share[k as Shape] = values.filter((v) => re.test(v)).length / n;
		const keys = new Set(values.map(optionKey));
		share.picklist = values.length >= 5 && keys.size <= Math.max(12, values.length * 0.05) ? 1 : 0;
		share.id = values.length && keys.size / values.length > 0.3 && values.every((v) => /^[A-Za-z0-9-]{1,24}$/.test(v)) ? 1 : 0;
		return { column, share, distinct: keys.size, keys };
	});
}

/** What the reference column is expected to hold, from the transforms that read it. */
function expectedShape(fields: FieldMap[], column: string): { shape: Shape; options?: Set<string> } {
	const f = fields.find((x) => x.column === column);
	const byTransform: Partial<Record<FieldMap['transform'], Shape>> = {
		email: 'email', phone_e164: 'phone', date: 'date', datetime: 'date', money_micros: 'money', boolean: 'boolean',
		number: 'number', integer: 'number', relation: 'id', patient_ref: 'id', member_ref: 'id'
	};
	if (f?.transform === 'select_value') return { shape: 'picklist', options: new Set((f.options ?? []).flatMap((o) => [o.label, ...o.aliases].map(optionKey))) };
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
	table: string;
	reference: string;
	column: string | null;
	confidence: number;
	reason: string;
}

/** Reference column → export column per table, one-to-one, best pairs first. */
export async function proposeColumns(ws: Workspace, m: Mapping): Promise<ColumnProposal[]> {
	const out: ColumnProposal[] = [];
	const tables = [...new Set(m.sources.map((s) => s.table))];
	for (const table of tables) {
		const sources = m.sources.filter((s) => s.table === table);
		const refs = [...new Set(sources.flatMap(referenceColumns))];
		if (!(await tableExists(ws, table))) {
			out.push(...refs.map((reference) => ({ table, reference, column: null, confidence: 0, reason: `table ${table} is not in the export` })));
			continue;
		}
		const profiles = await profile(ws, table, await tableColumns(ws, table));
		const fields = sources.flatMap((s) => s.fields);
		const pairs = refs.flatMap((reference) => {
			const want = expectedShape(fields, reference);
			return profiles.map((p) => {
				const name = nameScore(reference.replaceAll('_', ' '), p.column.replaceAll('_', ' '));
				const shape = shapeScore(p, want);
				// Text and ids look alike everywhere: only distinctive shapes may stand in for a weak header.
				const plausible = name >= 0.5 || (want.shape !== 'text' && want.shape !== 'id' && shape.score >= 0.8);
				return { reference, column: p.column, score: plausible ? 0.65 * name + 0.35 * shape.score : 0, name, shape };
			});
		});
		pairs.sort((a, b) => b.score - a.score);
		const usedRef = new Set<string>();
		const usedCol = new Set<string>();
		for (const p of pairs) {
			if (usedRef.has(p.reference) || usedCol.has(p.column) || p.score < 0.45) continue;
			usedRef.add(p.reference);
			usedCol.add(p.column);
			const header = p.name === 1 ? `header '${p.column}' means '${p.reference}'` : `header '${p.column}' resembles '${p.reference}' (${Math.round(p.name * 100)}%)`;
			out.push({ table, reference: p.reference, column: p.column, confidence: Math.round(p.score * 100) / 100, reason: `${header}; ${p.shape.why}` });
		}
		for (const r of refs.filter((x) => !usedRef.has(x))) out.push({ table, reference: r, column: null, confidence: 0, reason: `no column of ${table} looks like '${r}'` });
	}
	return out;
}

/** The default map rewritten onto the export's columns; unknown columns are listed as left out. */
export async function proposeMapping(ws: Workspace): Promise<{ mapping: Mapping; columns: ColumnProposal[] }> {
	const m = await defaultMapping(ws);
	const columns = await proposeColumns(ws, m);
	const pick = (table: string, ref: string) => columns.find((c) => c.table === table && c.reference === ref);
	for (const s of m.sources) {
		const rename = (sql: string) => sql.replace(/\bs\.([a-z_][a-z0-9_]*)/g, (all, c) => { const p = pick(s.table, c); return p?.column ? `s.${ident(p.column)}` : all; });
		const key = pick(s.table, s.keyColumn);
		if (key?.column) s.keyColumn = key.column;
		if (s.where) s.where = rename(s.where);
		if (s.keySql) s.keySql = rename(s.keySql);
		for (const k of Object.keys(s.extras)) s.extras[k] = rename(s.extras[k]);
		for (const f of s.fields) {
			f.confirmed = false;
			if (f.sql) f.sql = rename(f.sql);
			if (f.column && !f.column.includes('.')) {
				const p = pick(s.table, f.column);
				f.confidence = p?.confidence ?? 0;
				f.reason = p?.reason ?? 'not matched';
				f.column = p?.column ?? f.column;
			}
		}
		s.leftOut = s.leftOut.map((l) => ({ ...l, column: pick(s.table, l.column)?.column ?? l.column }));
	}
	for (const s of m.sources) if (await tableExists(ws, s.table)) await setAsideMissing(ws, s, columns);
	for (const table of new Set(m.sources.map((s) => s.table))) {
		if (!(await tableExists(ws, table))) continue;
		const matched = new Set(columns.filter((c) => c.table === table && c.column).map((c) => c.column));
		const first = m.sources.find((s) => s.table === table)!;
		for (const c of await tableColumns(ws, table))
			if (!matched.has(c)) first.leftOut.push({ column: c, why: 'unknown column: no Twenty field proposed' });
	}
	return { mapping: m, columns };
}

/**
 * What this export cannot feed leaves the proposal, with why, so the proposal validates: a join
 * over a table the export lacks (and the fields reading it), and fields whose column matched
 * nothing. The key column stays: without it the source cannot be staged, and validation says so.
 */
async function setAsideMissing(ws: Workspace, s: SourceMap, columns: ColumnProposal[]): Promise<void> {
	const broken = new Map((await brokenJoins(ws, s)).map((b) => [b.alias, b.message]));
	s.joins = s.joins.filter((j) => !broken.has(j.alias));
	const unmatched = new Set(columns.filter((c) => c.table === s.table && !c.column).map((c) => c.reference));
	const why = (f: FieldMap): string | null => {
		const reads = [f.column ?? '', f.sql ?? ''].join(' ');
		for (const [alias, message] of broken) if (new RegExp(`\\b${alias}\\.`).test(reads)) return message.replace(`${s.id}: `, '');
		const cols = [...(f.column && !f.column.includes('.') ? [f.column] : []), ...[...(f.sql ?? '').matchAll(/\bs\."?([a-z_][a-z0-9_]*)/g)].map((x) => x[1])];
		const missing = cols.filter((c) => unmatched.has(c));
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
