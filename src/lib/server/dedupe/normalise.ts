// dedupe.records: one row per source patient id with the columns comparisons read.
// Dates, phones, emails and addresses are normalised in SQL; names are cleaned and given
// phonetic keys in TS once per distinct spelling (DuckDB has no metaphone).
import { doubleMetaphone } from 'double-metaphone';
import iconv from 'iconv-lite';
import type { Workspace } from '../db/index.js';
import { ident, isoDateTextSql } from '../db/index.js';
import type { DedupeSettings, Role } from './settings.js';
import { WORK } from './schema.js';

const col = (s: DedupeSettings, role: Role) => (s.roles[role] ? `nullif(trim(${ident(s.roles[role]!)}), '')` : 'null::varchar');

/**
 * Birth dates in the forms exports use: DD/MM/YYYY (also - or .), ISO, YYYYMMDD (FEBRL),
 * DDMMYYYY, YYYY/MM/DD and Excel serial day numbers. db/dates.ts reads the first two; the
 * others are dedupe's own. An impossible date (31/02) is null, counted as not usable.
 */
const DOB = (x: string) => `case
	when regexp_full_match(${x}, '\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}( .*)?') then try_cast(left(${isoDateTextSql(`split_part(${x}, ' ', 1)`, 'DMY')}, 10) as date)
	when regexp_full_match(${x}, '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}([ T].*)?') then try_cast(regexp_replace(split_part(split_part(${x}, ' ', 1), 'T', 1), '[/.]', '-', 'g') as date)
	when regexp_full_match(${x}, '(18|19|20)\\d{6}') then try_cast(substr(${x}, 1, 4) || '-' || substr(${x}, 5, 2) || '-' || substr(${x}, 7, 2) as date)
	when regexp_full_match(${x}, '\\d{8}') then try_cast(substr(${x}, 5, 4) || '-' || substr(${x}, 3, 2) || '-' || substr(${x}, 1, 2) as date)
	when regexp_full_match(${x}, '\\d{4,5}(\\.0+)?') then date '1899-12-30' + cast(cast(${x} as double) as integer)
	end`;

/** Lower-case words and digits only: "12 Smith St." and "12 smith st" compare equal. */
/** The last street number in an address line and the street name after it (no digit follows). */
const STREET = `'(?:^| )(\\d+[a-z]?) ([^0-9]+)$'`;
const words = (x: string) => `nullif(trim(regexp_replace(lower(strip_accents(${x})), '[^a-z0-9]+', ' ', 'g')), '')`;

/** The raw columns each role reads, null where the role has no column. */
const RAW: Array<[Role, string]> = [
	['first_name', 'first_raw'],
	['last_name', 'last_raw'],
	['middle_name', 'middle_raw'],
	['date_of_birth', 'dob_raw'],
	['sex', 'sex_raw'],
	['email', 'email_raw'],
	['mobile_phone', 'mobile_raw'],
	['home_phone', 'home_raw'],
	['street_number', 'street_no_raw'],
	['address', 'address_raw'],
	['address_2', 'address2_raw'],
	['suburb', 'suburb_raw'],
	['postcode', 'postcode_raw'],
	['state', 'state_raw'],
	['identifier', 'ident_raw']
];
/**
 * dedupe.records' columns, stored uncompressed: the table is rewritten on every run, and
 * compressing a million records' strings cost more CPU than normalising them (about 1.2 MB
 * more on disk per 10,000 records).
 */
const RECORD_COLUMNS = [
	['rid', 'bigint'],
	['patient_id', 'varchar'],
	...['first', 'first_key', 'last', 'last_key', 'middle'].map((c) => [c, 'varchar']),
	['dob', 'date'],
	...['sex', 'email', 'mobile', 'home', 'street_no', 'address', 'address2', 'suburb', 'postcode', 'state', 'ident'].map((c) => [
		c,
		'varchar'
	])
];
/** The dedupe.records column each role fills, for the usable-values count. */
export const ROLE_FIELD: Partial<Record<Role, string>> = {
	first_name: 'first',
	last_name: 'last',
	middle_name: 'middle',
	date_of_birth: 'dob',
	sex: 'sex',
	email: 'email',
	mobile_phone: 'mobile',
	home_phone: 'home',
	street_number: 'street_no',
	address: 'address',
	address_2: 'address2',
	suburb: 'suburb',
	postcode: 'postcode',
	state: 'state',
	identifier: 'ident'
};

export async function buildRecords(ws: Workspace, s: DedupeSettings): Promise<number> {
	const pid = `trim(${ident(s.roles.patient_id!)})`;
	// One row per patient id; the window that keeps the first of repeated ids costs a sort, so only when ids repeat.
	const repeats = await ws.one<{ n: number }>(
		`select (count(*) - count(distinct ${pid}))::integer as n from raw.${ident(s.table)} where nullif(${pid}, '') is not null`
	);
	await ws.run(`create or replace table ${WORK}.src as
		select ${pid} as patient_id, ${RAW.map(([role, name]) => `${col(s, role)} as ${name}`).join(', ')}
		from raw.${ident(s.table)}
		where nullif(${pid}, '') is not null
		${repeats?.n ? `qualify row_number() over (partition by ${pid}) = 1` : ''}`);
	await buildNameKeys(ws);
	// Dates parse through a dozen regexes: once per distinct spelling (tens of thousands), not per record.
	await ws.run(
		`create or replace table ${WORK}.dob_keys as select raw, ${DOB('raw')} as dob from (select distinct dob_raw as raw from ${WORK}.src where dob_raw is not null)`
	);
	await ws.run(
		`create or replace table dedupe.records (${RECORD_COLUMNS.map(([name, type]) => `${name} ${type} using compression uncompressed`).join(', ')})`
	);
	await ws.run(`insert into dedupe.records by name
		with base as (
			select row_number() over (order by patient_id) as rid, s.*,
				regexp_replace(regexp_replace(lower(s.mobile_raw), '\\s*(ext\\.?|x)\\s*\\d+\\s*$', ''), '[^0-9]', '', 'g') as mobile_d,
				regexp_replace(regexp_replace(lower(s.home_raw), '\\s*(ext\\.?|x)\\s*\\d+\\s*$', ''), '[^0-9]', '', 'g') as home_d,
				lower(trim(coalesce(nullif(regexp_extract(s.email_raw, 'mailto:([^"]+)"', 1), ''), s.email_raw))) as email_l,
				${words('s.address_raw')} as address_w
			from ${WORK}.src s
		)
		select rid, patient_id,
			f.clean as first, f.key as first_key, l.clean as last, l.key as last_key,
			lower(strip_accents(middle_raw)) as middle,
			d.dob,
			case when lower(sex_raw)[1] in ('m', 'f') then lower(sex_raw)[1] end as sex,
			case when regexp_full_match(email_l, '[^@\\s,]+@[^@\\s,]+\\.[a-z]{2,}') then email_l end as email,
			case when length(mobile_d) = 11 and mobile_d like '61%' then '0' || substr(mobile_d, 3)
				when length(mobile_d) = 9 and mobile_d[1] in ('4', '5') then '0' || mobile_d
				when length(mobile_d) = 10 then mobile_d end as mobile,
			-- landlines compare on their last 8 digits: exports drop the area code
			case when length(home_d) >= 8 then right(home_d, 8) end as home,
			-- With no street number column, the line's last "number + street name" is the street: what
			-- comes before it ("C/- Post Office", "Unit 5", "Flat 31") is care-of or unit, not the street.
			coalesce(${words('street_no_raw')}, nullif(regexp_extract(address_w, ${STREET}, 1), '')) as street_no,
			nullif(case when street_no_raw is null then coalesce(nullif(regexp_extract(address_w, ${STREET}, 2), ''), address_w) else address_w end, '') as address,
			${words('address2_raw')} as address2,
			${words('suburb_raw')} as suburb,
			case when regexp_full_match(postcode_raw, '\\d{3,4}') then lpad(postcode_raw, 4, '0') end as postcode,
			${words('state_raw')} as state,
			nullif(upper(regexp_replace(ident_raw, '[^A-Za-z0-9]', '', 'g')), '') as ident
		from base
		left join ${WORK}.name_keys f on f.raw = base.first_raw
		left join ${WORK}.name_keys l on l.raw = base.last_raw
		left join ${WORK}.dob_keys d on d.raw = base.dob_raw`);
	return ws.count('dedupe.records');
}

/** Per role with a column: raw values present and values usable after normalisation. */
export async function roleUsage(
	ws: Workspace,
	s: DedupeSettings
): Promise<Array<{ role: Role; column: string; present: number; usable: number }>> {
	const used = RAW.filter(([role]) => s.roles[role]);
	if (!used.length) return [];
	const row = await ws.one<Record<string, number>>(
		`select ${used.map(([role, raw]) => `(select count(${raw}) from ${WORK}.src)::integer as "${role}_p", count(${ROLE_FIELD[role]})::integer as "${role}_u"`).join(', ')} from dedupe.records`
	);
	return used.map(([role]) => ({ role, column: s.roles[role]!, present: row![`${role}_p`], usable: row![`${role}_u`] }));
}

/** Clean name and phonetic key per distinct spelling of a first or last name. */
async function buildNameKeys(ws: Workspace): Promise<void> {
	const names = await ws.all<{ raw: string }>(
		`select distinct raw from (select first_raw as raw from ${WORK}.src union select last_raw from ${WORK}.src) where raw is not null`
	);
	await ws.run(`create or replace table ${WORK}.name_keys (raw varchar primary key, clean varchar, key varchar)`);
	await ws.withConnection(async (c) => {
		const app = await c.createAppender('name_keys', 'main', WORK);
		for (const { raw } of names) {
			const clean = cleanName(raw);
			app.appendVarchar(raw);
			app.appendVarchar(clean);
			const key = clean ? doubleMetaphone(clean.replace(/[^a-z]/g, ''))[0] : '';
			if (key) app.appendVarchar(key);
			else app.appendNull();
			app.endRow();
		}
		app.closeSync();
	});
}

/** UTF-8 read as Windows-1252 ("JosÃ©") is repaired; accents, case and the archive prefix "ZZ " go. */
export function cleanName(raw: string): string {
	let s = raw;
	if (/[ÃÂÅ]/.test(s)) {
		const repaired = iconv.encode(s, 'win1252').toString('utf8');
		if (!repaired.includes('\ufffd')) s = repaired;
	}
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/^zz\s+/, '')
		.replace(/[^a-z' -]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}
