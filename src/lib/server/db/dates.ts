// Date and time text → DuckDB dates and timestamps in plain SQL, for the mapping's transforms and
// dedupe's birth dates. Not with try_strptime: under parallel execution it crashed DuckDB 1.5.6
// (SIGSEGV in StrpTimeFormat::Parse, plain and ICU variants) while stage views were read. The
// text is rewritten to ISO with regular expressions, and DuckDB's own cast checks it (so 30
// February or 25:00 is null, not rolled into the next month or day).

export type DateOrder = 'DMY' | 'MDY';

const TIME = String.raw`(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)`;
/** 2024-03-01, optionally with a time after T or a space. */
const ISO = String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]${TIME})?$`;
/** 01/03/2024, 1-3-24, 01.03.2024, optionally with a time after a space. */
const LOCAL = String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: ${TIME})?$`;
/** A time with a zone suffix: wall time in groups 1–2, suffix (Z, +10, +10:00, -0530) in group 4. */
const ZONED = String.raw`^(\d{4}-\d{1,2}-\d{1,2})[T ](\d{1,2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)$`;

/**
 * `body` over `name`, bound once to `value`: each expression below mentions its input many times,
 * and written out in full one date field's SQL grew to 45 KB, every mention evaluated per row.
 */
export const bindSql = (value: string, name: string, body: (v: string) => string) =>
	`list_transform([${value}], lambda ${name}: ${body(name)})[1]`;

/** A 12-hour time at the end (9:15 AM, 11.15pm, 12:05 a.m.) as 24-hour text; other text unchanged. */
const H12 = String.raw`^(.*?)(\d{1,2})[:.](\d{2})(:\d{2})?\s*([AaPp])\.?[Mm]\.?$`;
function clock24Sql(text: string): string {
	return bindSql(text, '_h12', (v) => {
		const part = (i: number) => `regexp_extract(${v}, '${H12}', ${i})`;
		const hour = `lpad(cast((try_cast(${part(2)} as integer) % 12) + case when lower(${part(5)}) = 'p' then 12 else 0 end as varchar), 2, '0')`;
		return `case when regexp_full_match(${v}, '${H12}') then ${part(1)} || ${hour} || ':' || ${part(3)} || ${part(4)} else ${v} end`;
	});
}

/** 20240301 (YYYYMMDD, as report writers emit dates), optionally with a time, as ISO. */
const COMPACT = String.raw`(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([ T].*)?`;
const COMPACT_PARTS = String.raw`^(\d{4})(\d{2})(\d{2})`;
function compactDateSql(text: string): string {
	return bindSql(
		text,
		'_ymd',
		(v) => `case when regexp_full_match(${v}, '${COMPACT}') then regexp_replace(${v}, '${COMPACT_PARTS}', '\\1-\\2-\\3') else ${v} end`
	);
}

/** Date text in any form this module reads, rewritten to the forms ISO and LOCAL below take (times on a 24-hour clock). */
export function normalDateTextSql(v: string): string {
	return clock24Sql(compactDateSql(v));
}

/**
 * `YYYY-MM-DD[ HH:MM[:SS]]` text for ISO or day/month text in the declared order, else null.
 * YYYYMMDD and 12-hour times (9:15 AM) are read too.
 * Two-digit years are read as Excel reads them (most exports passed through it): 00–29 are
 * 2000–2029, 30–99 are 1930–1999, so a birth date 04/07/65 is 1965.
 */
export function isoDateTextSql(raw: string, order: DateOrder): string {
	return bindSql(normalDateTextSql(raw), '_iso', (v) => {
		const part = (i: number) => `regexp_extract(${v}, '${LOCAL}', ${i})`;
		const [day, month] = order === 'DMY' ? [part(1), part(2)] : [part(2), part(1)];
		const y = part(3);
		const year = `case when length(${y}) = 2 then (case when ${y}::integer <= 29 then '20' else '19' end) || ${y} else ${y} end`;
		return `case when regexp_full_match(${v}, '${ISO}') then trim(regexp_replace(${v}, '${ISO}', '\\1-\\2-\\3 \\4'))
		when regexp_full_match(${v}, '${LOCAL}') then trim(${year} || '-' || ${month} || '-' || ${day} || ' ' || ${part(4)}) end`;
	});
}

/** A wall-clock TIMESTAMP from ISO or day/month text (no zone), or null. */
export function localTimestampSql(v: string, order: DateOrder): string {
	return `try_cast(${isoDateTextSql(v, order)} as timestamp)`;
}

/** TIMESTAMPTZ from text with a zone suffix, or null: the wall time less the offset, in UTC. */
export function zonedTimestampSql(text: string): string {
	return bindSql(text, '_zt', (v) => {
		const part = (i: number) => `regexp_extract(${v}, '${ZONED}', ${i})`;
		const minutes = bindSql(
			part(4),
			'_off',
			(z) => `case when ${z} = 'Z' then 0 when ${z} <> '' then
		(case when left(${z}, 1) = '-' then -1 else 1 end) * (try_cast(left(rpad(replace(substr(${z}, 2), ':', ''), 4, '0'), 2) as integer) * 60 + try_cast(right(rpad(replace(substr(${z}, 2), ':', ''), 4, '0'), 2) as integer)) end`
		);
		return `timezone('UTC', try_cast(${part(1)} || ' ' || ${part(2)} as timestamp) - to_minutes(${minutes}))`;
	});
}
