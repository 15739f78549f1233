// Comparison levels per field, as SQL over a pair of dedupe.records rows `a` and `b`: the
// first level that holds is the pair's level for that field; none holding is 'other'; a
// value missing on either side is null (no evidence either way). Weights for each level
// are estimated from the data (model.ts), not set here.
import type { Role } from './settings.js';

export interface Level {
	name: string;
	when: string;
}
export interface Comparison {
	/** Column prefix in dedupe.levels / dedupe.pairs and the dedupe.records column compared. */
	key: string;
	label: string;
	role: Role;
	levels: Level[];
	/** Exact agreement on a rare value counts more than on a common one (term frequency). */
	tf?: boolean;
	/** Shared by people of one household: not evidence of one person in a twin-like pair. */
	household?: boolean;
}

const jw = (f: string) => `jaro_winkler_similarity(a.${f}, b.${f})`;
/**
 * Edit distance within k, asked only when it can hold: DuckDB's damerau_levenshtein costs about
 * 15 Jaro–Winklers, and most pairs differ a lot. The lengths differ by k at most. One edit touches
 * at most two adjacent characters, so the strings share their first or their last ⌊(n − 2) / 2⌋
 * characters (n the shorter length). Each edit is at most two Levenshtein edits, and Levenshtein
 * costs a sixth of it.
 */
function dlWithin(f: string, k: number): string {
	const [x, y] = [`a.${f}`, `b.${f}`];
	const half = `greatest((least(length(${x}), length(${y})) - 2) // 2, 0)`;
	const cheap =
		k === 1
			? `(left(${x}, ${half}) = left(${y}, ${half}) or right(${x}, ${half}) = right(${y}, ${half}))`
			: `levenshtein(${x}, ${y}) <= ${2 * k}`;
	return `(abs(length(${x}) - length(${y})) <= ${k} and ${cheap} and damerau_levenshtein(${x}, ${y}) <= ${k})`;
}
const SWAPPED = `(a.first <> a.last and jaro_winkler_similarity(a.first, b.last) >= 0.92 and jaro_winkler_similarity(a.last, b.first) >= 0.92)`;
const exact = (f: string): Level => ({ name: 'exact', when: `a.${f} = b.${f}` });
const typo = (f: string, sim = 0.92, edits = 1): Level => ({ name: 'typo', when: `${jw(f)} >= ${sim} or ${dlWithin(f, edits)}` });

export const COMPARISONS: Comparison[] = [
	{
		key: 'first',
		label: 'first name',
		role: 'first_name',
		tf: true,
		levels: [
			exact('first'),
			{ name: 'swapped', when: SWAPPED },
			{ name: 'nickname', when: 'n.a is not null' },
			// One letter apart at the start (Warren / Darren, Ella / Bella): two names, as twins are
			// often given, rather than a typo (people seldom mistype a name's first letter).
			{ name: 'rhyme', when: `a.first[1] <> b.first[1] and ${dlWithin('first', 1)}` },
			typo('first'),
			{ name: 'sound', when: 'a.first_key = b.first_key' },
			{ name: 'fuzzy', when: `${jw('first')} >= 0.85` },
			{ name: 'initial', when: `(length(a.first) = 1 or length(b.first) = 1) and a.first[1] = b.first[1]` }
		]
	},
	{
		key: 'last',
		label: 'surname',
		role: 'last_name',
		tf: true,
		levels: [
			exact('last'),
			{ name: 'swapped', when: SWAPPED },
			typo('last'),
			{ name: 'sound', when: 'a.last_key = b.last_key' },
			{ name: 'part', when: `list_has_any(string_split(replace(a.last, ' ', '-'), '-'), string_split(replace(b.last, ' ', '-'), '-'))` },
			{ name: 'fuzzy', when: `${jw('last')} >= 0.85` }
		]
	},
	{
		key: 'middle',
		label: 'middle name',
		role: 'middle_name',
		levels: [exact('middle'), { name: 'initial', when: '(length(a.middle) = 1 or length(b.middle) = 1) and a.middle[1] = b.middle[1]' }]
	},
	{
		key: 'dob',
		label: 'birth date',
		role: 'date_of_birth',
		levels: [
			exact('dob'),
			{
				name: 'day/month swapped',
				when: `day(b.dob) <= 12 and a.dob = try_cast(make_date(year(b.dob), day(b.dob), month(b.dob)) as date)`
			},
			// one mistyped or transposed digit (13/04 for 18/04, 1975 for 1957)
			// (one edit of YYYYMMDD leaves the year or the day as it was)
			{
				name: 'typo',
				when: `(year(a.dob) = year(b.dob) or day(a.dob) = day(b.dob)) and damerau_levenshtein(strftime(a.dob, '%Y%m%d'), strftime(b.dob, '%Y%m%d')) <= 1`
			},
			{ name: 'year and month', when: `year(a.dob) = year(b.dob) and month(a.dob) = month(b.dob)` },
			{ name: 'year', when: `year(a.dob) = year(b.dob)` }
		]
	},
	{ key: 'sex', label: 'sex', role: 'sex', levels: [exact('sex')] },
	{ key: 'email', label: 'email', role: 'email', levels: [exact('email'), typo('email', 0.97)] },
	{ key: 'mobile', label: 'mobile', role: 'mobile_phone', levels: [exact('mobile'), { name: 'typo', when: dlWithin('mobile', 1) }] },
	{
		key: 'home',
		label: 'home phone',
		role: 'home_phone',
		household: true,
		levels: [exact('home'), { name: 'typo', when: dlWithin('home', 1) }]
	},
	{ key: 'ident', label: 'identifier', role: 'identifier', levels: [exact('ident'), { name: 'typo', when: dlWithin('ident', 1) }] },
	{
		key: 'street_no',
		label: 'street number',
		role: 'street_number',
		household: true,
		levels: [
			exact('street_no'),
			{ name: 'typo', when: dlWithin('street_no', 1) },
			{ name: 'close', when: `abs(try_cast(a.street_no as integer) - try_cast(b.street_no as integer)) <= 4` }
		]
	},
	{
		key: 'address',
		label: 'street',
		role: 'address',
		household: true,
		tf: true,
		levels: [exact('address'), typo('address', 0.92, 2), { name: 'fuzzy', when: `${jw('address')} >= 0.8` }]
	},
	{
		key: 'address2',
		label: 'address line 2',
		role: 'address_2',
		household: true,
		tf: true,
		levels: [exact('address2'), typo('address2', 0.92, 2), { name: 'fuzzy', when: `${jw('address2')} >= 0.8` }]
	},
	{ key: 'suburb', label: 'suburb', role: 'suburb', household: true, tf: true, levels: [exact('suburb'), typo('suburb', 0.92, 1)] },
	{
		key: 'postcode',
		label: 'postcode',
		role: 'postcode',
		household: true,
		tf: true,
		levels: [exact('postcode'), { name: 'typo', when: dlWithin('postcode', 1) }]
	},
	{ key: 'state', label: 'state', role: 'state', household: true, levels: [exact('state')] }
];

/** Level names of a comparison, 'other' last. */
export const levelNames = (c: Comparison) => [...c.levels.map((l) => l.name), 'other'];

/** The columns of `pairs` (l, r and any others) and one integer level column per comparison, over `records` (dedupe.records or a subset). */
export function levelsSql(comps: Comparison[], pairs: string, records = 'dedupe.records'): string {
	const cols = comps.map(
		(c) => `case when a.${c.key} is null or b.${c.key} is null then null
		${c.levels.map((l, i) => `when ${l.when} then ${i}`).join(' ')} else ${c.levels.length} end::utinyint as ${c.key}_lv`
	);
	return `select p.*, ${cols.join(',\n')}
	from (${pairs}) p
	join ${records} a on a.rid = p.l
	join ${records} b on b.rid = p.r
	left join dedupe.nicknames n on n.a = a.first and n.b = b.first`;
}
