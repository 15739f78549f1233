// Each transform as SQL over an input expression. Where SQL cannot say it (phone parsing,
// email validation, HTML/RTF → Markdown) the value comes from mapping.lookup, which
// lookups.ts fills set-based from the distinct inputs; here it is only a join.
import { bindSql, ident, literal, localTimestampSql, zonedTimestampSql } from '../db/index.js';
import type { FieldMap, Mapping, SourceMap } from './model.js';
import { functionValue } from './functions.js';
import { markupSql, plainSql } from './markdown.js';
import { optionKey, optionKeySql } from './options.js';

export interface LookupJoin {
	alias: string;
	sql: string;
}
export interface Compiled {
	value: string;
	joins: LookupJoin[];
}

const TRUE = `('yes', 'y', 'true', 't', '1')`;
const FALSE = `('no', 'n', 'false', 'f', '0')`;

// 'email:unicode-domain': internationalised emails (renée@…) are kept since issue 14, a domain needs a dot; a new kind so older caches convert afresh.
export const EMAIL_KIND = 'email:unicode-domain';

export interface Lookup {
	kind: string;
	/** SQL of the key the output is stored under. */
	key: (e: string) => string;
	/** Only inputs meeting this SQL condition go to TypeScript; the others take `otherwise`. */
	only?: (e: string) => string;
	otherwise?: (e: string) => string;
}

/** The kind and key of a lookup transform: SQL computes the key, TS the value. */
export function lookupOf(f: FieldMap, m: Mapping): Lookup | null {
	// Kinds change when outputs change (lower-cased since 2026-12, internationalised kept since issue 14): older caches convert afresh.
	if (f.transform === 'email') return { kind: EMAIL_KIND, key: (e) => `lower(trim(${e}))` };
	if (f.transform === 'phone_e164') return { kind: `phone:${m.region}`, key: (e) => `trim(${e})` };
	// Plain-text bodies (most notes) never leave SQL; each distinct HTML/RTF body is converted once.
	if (f.transform === 'html_to_markdown') return { kind: 'markdown', key: (e) => `md5(${e})`, only: markupSql, otherwise: plainSql };
	return null;
}

export function dateSql(e: string, order: Mapping['dateOrder']): string {
	return bindSql(`trim(${e})`, '_date', (v) => {
		// A time and zone after the date are dropped: a birth date is the day written, not a UTC instant.
		const day = `regexp_replace(${v}, '(T| )\\d{1,2}[:.]\\d{2}(:\\d{2})?(\\.\\d+)?\\s*([AaPp]\\.?[Mm]\\.?)?(Z|[+-]\\d{2}:?\\d{2})?$', '')`;
		// Excel serial day numbers (5 digits: 1927–2173) count from 1899-12-30.
		return `case when regexp_full_match(${v}, '\\d{5}(\\.\\d+)?') then strftime(date '1899-12-30' + cast(floor(cast(${v} as double)) as integer), '%Y-%m-%d')
		else strftime(${localTimestampSql(day, order)}, '%Y-%m-%d') end`;
	});
}

/** `zoneSql`: a SQL expression of the zone, per row when the field has one (its site's), else the map's. */
export function datetimeSql(e: string, order: Mapping['dateOrder'], zone: string, zoneSql?: string): string {
	const z = zoneSql ? `coalesce(${zoneSql}, ${literal(zone)})` : literal(zone);
	const ts = bindSql(`trim(${e})`, '_dt', (v) => {
		// Times without an offset are wall-clock time in the clinic's zone.
		const local = `timezone(${z}, ${localTimestampSql(v, order)})`;
		const serial = `timezone(${z}, timestamp '1899-12-30' + to_microseconds(cast(cast(${v} as double) * 86400000000 as bigint)))`;
		return `case when regexp_full_match(${v}, '\\d{5}(\\.\\d+)?') then ${serial} else coalesce(${zonedTimestampSql(v)}, ${local}) end`;
	});
	return `strftime(timezone('UTC', ${ts}), '%Y-%m-%dT%H:%M:%S.000Z')`;
}

/** $1,234.50, AUD 12.00, -$5.00 and (12.00) (an accounting negative) → micros. */
export function moneyMicrosSql(e: string): string {
	const sign = `case when regexp_full_match(trim(${e}), '\\(.*\\)') then -1 else 1 end`;
	return `cast(round(${sign} * try_cast(nullif(regexp_replace(trim(${e}), '[^0-9.\\-]', '', 'g'), '') as decimal(18, 4)) * 1000000) as bigint)`;
}

export function selectSql(e: string, f: FieldMap): string {
	const whens = new Map<string, string>();
	for (const o of f.options ?? [])
		for (const k of [o.label, o.value, ...o.aliases]) if (!whens.has(optionKey(k))) whens.set(optionKey(k), o.value);
	if (whens.size === 0) return 'null::varchar';
	return `case ${optionKeySql(e)} ${[...whens].map(([k, v]) => `when ${literal(k)} then ${literal(v)}`).join(' ')} end`;
}

/** The SQL value of one field: its input (column or expression) through its transform. */
export function compileValue(f: FieldMap, input: string, m: Mapping, n: number, s?: SourceMap): Compiled {
	const joins: LookupJoin[] = [];
	if (f.transform === 'ts_function') {
		const fv = functionValue(f, `fn${n}`, s);
		joins.push(...fv.joins.map((sql, i) => ({ alias: `fn${n}_${i}`, sql })));
		const sub = f.target.split('.')[1];
		const value =
			f.type === 'NUMBER' || f.type === 'NUMERIC'
				? `try_cast(${fv.text} as double)`
				: f.type === 'BOOLEAN'
					? `try_cast(${fv.text} as boolean)`
					: f.type === 'CURRENCY' && sub === 'amountMicros'
						? `try_cast(${fv.text} as bigint)`
						: // A phone part is {number, countryCode, callingCode}, as the phone transform gives.
							f.type === 'PHONES'
							? `${fv.json}::json`
							: f.type === 'SELECT'
								? selectSql(fv.text, f)
								: fv.text;
		return { value, joins };
	}
	const t = `nullif(trim(cast(${input} as varchar)), '')`;
	const lk = lookupOf(f, m);
	if (lk) {
		const alias = `lk${n}`;
		const key = lk.only ? `case when ${lk.only(t)} then ${lk.key(t)} end` : lk.key(t);
		joins.push({ alias, sql: `left join mapping.lookup ${alias} on ${alias}.kind = ${literal(lk.kind)} and ${alias}.input = ${key}` });
		const out = f.transform === 'phone_e164' ? `${alias}.output::json` : `${alias}.output`;
		return { value: lk.only && lk.otherwise ? `case when ${lk.only(t)} then ${out} else ${lk.otherwise(t)} end` : out, joins };
	}
	switch (f.transform) {
		case 'text':
			return { value: t, joins };
		case 'none':
			return { value: input, joins };
		case 'date':
			return { value: dateSql(t, f.dateOrder ?? m.dateOrder), joins };
		case 'datetime':
			return { value: datetimeSql(t, f.dateOrder ?? m.dateOrder, m.zone, f.zone ? `(${f.zone})` : undefined), joins };
		case 'money_micros':
			return { value: moneyMicrosSql(t), joins };
		case 'number':
			return { value: `try_cast(${t} as double)`, joins };
		case 'integer':
			return { value: `cast(round(try_cast(${t} as double)) as bigint)`, joins };
		case 'boolean':
			return { value: `case when lower(${t}) in ${TRUE} then true when lower(${t}) in ${FALSE} then false end`, joins };
		case 'select_value':
			return { value: selectSql(t, f), joins };
		case 'relation': {
			const r = f.relation!;
			const exists =
				r.table && r.column ? `${t} in (select trim(cast(${ident(r.column)} as varchar)) from raw.${ident(r.table)})` : `${t} is not null`;
			return { value: `case when ${exists} then ferry.source_id(${literal(r.entity + ':')} || ${t}) end`, joins };
		}
		case 'patient_ref': {
			// Children of a merged-away patient point at the survivor (docs/contracts.md). The
			// patients are the table and key the map's relation names (the patients role's), never a fixed name.
			const r = f.relation;
			if (!r?.table || !r.column) throw new Error(`${f.target}: a patient link needs the patients table and key column in its relation`);
			const alias = `ps${n}`;
			joins.push({ alias, sql: `left join ferry.patient_survivors ${alias} on ${alias}.patient_id = ${t}` });
			return {
				value: `case when ${t} in (select trim(cast(${ident(r.column)} as varchar)) from raw.${ident(r.table)}) then ferry.source_id('patient:' || coalesce(${alias}.survivor_id, ${t})) end`,
				joins
			};
		}
		case 'member_ref': {
			const alias = `mb${n}`;
			joins.push({ alias, sql: `left join mapping.staff_members ${alias} on ${alias}.staff_id = ${t}` });
			return { value: `${alias}.member_id`, joins };
		}
		default:
			throw new Error(`transform ${f.transform} has no SQL`);
	}
}
