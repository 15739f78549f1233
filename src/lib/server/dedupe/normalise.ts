// dedupe.records: one row per source patient id with the columns comparisons read.
// Dates, phones, emails and addresses are normalised in SQL; names are cleaned and given
// phonetic keys in TS once per distinct spelling (DuckDB has no metaphone).
import { doubleMetaphone } from 'double-metaphone';
import iconv from 'iconv-lite';
import type { Workspace } from '../db/index.js';
import { ident, isoDateTextSql } from '../db/index.js';
import type { DedupeSettings, Role } from './settings.js';

const col = (s: DedupeSettings, role: Role) => (s.roles[role] ? `nullif(trim(${ident(s.roles[role]!)}), '')` : 'null::varchar');

/** DD/MM/YYYY (the export's own), ISO, and Excel serial day numbers. */
const DOB = (x: string) => `case
	when regexp_full_match(${x}, '\\d{1,2}/\\d{1,2}/\\d{4}') then try_cast(${isoDateTextSql(x, 'DMY')} as date)
	when regexp_full_match(${x}, '\\d{4}-\\d{2}-\\d{2}.*') then try_cast(left(${x}, 10) as date)
	when regexp_full_match(${x}, '\\d{4,5}(\\.0+)?') then date '1899-12-30' + cast(cast(${x} as double) as integer)
	end`;


export async function buildRecords(ws: Workspace, s: DedupeSettings): Promise<number> {
	const pid = `trim(${ident(s.roles.patient_id!)})`;
	await ws.run(`create or replace table dedupe.src as
		select ${pid} as patient_id, ${col(s, 'first_name')} as first_raw, ${col(s, 'last_name')} as last_raw,
			${col(s, 'middle_name')} as middle_raw, ${col(s, 'date_of_birth')} as dob_raw, ${col(s, 'email')} as email_raw,
			${col(s, 'mobile_phone')} as mobile_raw, ${col(s, 'home_phone')} as home_raw,
			${col(s, 'address')} as address_raw, ${col(s, 'postcode')} as postcode_raw
		from raw.${ident(s.table)}
		where nullif(${pid}, '') is not null
		qualify row_number() over (partition by ${pid}) = 1`);
	await buildNameKeys(ws);
	await ws.run(`create or replace table dedupe.records as
		with base as (
			select row_number() over (order by patient_id) as rid, s.*,
				regexp_replace(regexp_replace(lower(s.mobile_raw), '\\s*(ext\\.?|x)\\s*\\d+\\s*$', ''), '[^0-9]', '', 'g') as mobile_d,
				regexp_replace(regexp_replace(lower(s.home_raw), '\\s*(ext\\.?|x)\\s*\\d+\\s*$', ''), '[^0-9]', '', 'g') as home_d,
				lower(trim(coalesce(nullif(regexp_extract(s.email_raw, 'mailto:([^"]+)"', 1), ''), s.email_raw))) as email_l
			from dedupe.src s
		)
		select rid, patient_id,
			f.clean as first, f.key as first_key, l.clean as last, l.key as last_key,
			lower(strip_accents(middle_raw)) as middle,
			${DOB('dob_raw')} as dob,
			case when regexp_full_match(email_l, '[^@\\s,]+@[^@\\s,]+\\.[a-z]{2,}') then email_l end as email,
			case when length(mobile_d) = 11 and mobile_d like '61%' then '0' || substr(mobile_d, 3)
				when length(mobile_d) = 9 and mobile_d[1] in ('4', '5') then '0' || mobile_d
				when length(mobile_d) = 10 then mobile_d end as mobile,
			-- landlines compare on their last 8 digits: exports drop the area code
			case when length(home_d) >= 8 then right(home_d, 8) end as home,
			nullif(regexp_replace(lower(strip_accents(address_raw)), '[^a-z0-9]+', ' ', 'g'), ' ') as address,
			case when regexp_full_match(postcode_raw, '\\d{3,4}') then lpad(postcode_raw, 4, '0') end as postcode
		from base
		left join dedupe.name_keys f on f.raw = base.first_raw
		left join dedupe.name_keys l on l.raw = base.last_raw`);
	const n = await ws.one<{ n: bigint }>(`select count(*) as n from dedupe.records`);
	return Number(n?.n ?? 0);
}

/** Clean name and phonetic key per distinct spelling of a first or last name. */
async function buildNameKeys(ws: Workspace): Promise<void> {
	const names = await ws.all<{ raw: string }>(`select distinct raw from (select first_raw as raw from dedupe.src union select last_raw from dedupe.src) where raw is not null`);
	await ws.run(`create or replace table dedupe.name_keys (raw varchar primary key, clean varchar, key varchar)`);
	await ws.withConnection(async (c) => {
		const app = await c.createAppender('name_keys', 'dedupe');
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
