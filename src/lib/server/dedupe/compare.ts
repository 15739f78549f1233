// Pairwise comparison: a level per field, a log2 Bayes-factor weight per level (Fellegi-
// Sunter style, weights from the settings), the sum as the match score, and a sentence a
// person can read ("same birth date +6.0, surname typo 0.94 +3.0 …").
import type { Workspace } from '../db/index.js';
import type { Weights } from './settings.js';

const w = (x: number) => `${Number(x)}::double`;

/** The level of each field for pair (a, b); nicknames come from dedupe.nicknames. */
const LEVELS = `
	select c.l, c.r, c.rules,
		jaro_winkler_similarity(a.first, b.first) as first_sim,
		jaro_winkler_similarity(a.last, b.last) as last_sim,
		-- swapped names, also with a typo in one of them, or with one swapped and the other changed (marriage)
		(jaro_winkler_similarity(a.first, b.last) >= 0.92 and jaro_winkler_similarity(a.last, b.first) >= 0.92 and a.first <> a.last) as swapped,
		(not swapped and (a.first = b.last or a.last = b.first) and a.first <> b.first and a.last <> b.last) as half_swapped,
		case when a.first is null or b.first is null then 'missing'
			when a.first = b.first then 'exact'
			when n.a is not null then 'nickname'
			when jaro_winkler_similarity(a.first, b.first) >= 0.92 or damerau_levenshtein(a.first, b.first) <= 1 then 'close'
			when jaro_winkler_similarity(a.first, b.first) >= 0.85 then 'fuzzy'
			else 'other' end as first_level,
		case when a.last is null or b.last is null then 'missing'
			when a.last = b.last then 'exact'
			when jaro_winkler_similarity(a.last, b.last) >= 0.92 or damerau_levenshtein(a.last, b.last) <= 1 then 'close'
			when list_has_any(string_split(replace(a.last, ' ', '-'), '-'), string_split(replace(b.last, ' ', '-'), '-')) then 'part'
			when jaro_winkler_similarity(a.last, b.last) >= 0.85 then 'fuzzy'
			else 'other' end as last_level,
		case when a.middle is null or b.middle is null then 'missing'
			when a.middle = b.middle then 'same'
			when (length(a.middle) = 1 or length(b.middle) = 1) and a.middle[1] = b.middle[1] then 'initial'
			else 'other' end as middle_level,
		case when a.dob is null or b.dob is null then 'missing'
			when a.dob = b.dob then 'exact'
			when day(b.dob) <= 12 and a.dob = try_cast(make_date(year(b.dob), day(b.dob), month(b.dob)) as date) then 'swapped'
			when month(a.dob) = month(b.dob) and day(a.dob) = day(b.dob) and abs(year(a.dob) - year(b.dob)) = 100 then 'century'
			-- one mistyped digit (13/04 for 18/04); a wholly different date is strong evidence of two people
			when damerau_levenshtein(strftime(a.dob, '%Y%m%d'), strftime(b.dob, '%Y%m%d')) <= 1 then 'close'
			when year(a.dob) = year(b.dob) then 'year'
			else 'other' end as dob_level,
		case when a.email is null or b.email is null then 'missing' when a.email = b.email then 'exact' else 'other' end as email_level,
		case when a.mobile is null or b.mobile is null then 'missing' when a.mobile = b.mobile then 'exact' else 'other' end as mobile_level,
		case when a.home is null or b.home is null then 'missing' when a.home = b.home then 'exact' else 'other' end as home_level,
		case when a.postcode is null and a.address is null or b.postcode is null and b.address is null then 'missing'
			when a.postcode = b.postcode and jaro_winkler_similarity(a.address, b.address) >= 0.9 then 'same'
			when a.postcode = b.postcode then 'postcode'
			else 'other' end as address_level
	from dedupe.candidates c
	join dedupe.records a on a.rid = c.l
	join dedupe.records b on b.rid = c.r
	left join dedupe.nicknames n on n.a = a.first and n.b = b.first`;

function weightsSql(W: Weights): string {
	return `
	select *,
		case when swapped then ${w(W.names_swapped)} when half_swapped then ${w(W.names_half_swapped)} else case first_level when 'exact' then ${w(W.first_exact)} when 'nickname' then ${w(W.first_nickname)}
			when 'close' then ${w(W.first_close)} when 'fuzzy' then ${w(W.first_fuzzy)} when 'other' then ${w(W.first_other)} else 0 end end as first_w,
		case when swapped or half_swapped then 0 else case last_level when 'exact' then ${w(W.last_exact)} when 'close' then ${w(W.last_close)}
			when 'part' then ${w(W.last_part)} when 'fuzzy' then ${w(W.last_fuzzy)} when 'other' then ${w(W.last_other)} else 0 end end as last_w,
		case middle_level when 'same' then ${w(W.middle_same)} when 'initial' then ${w(W.middle_initial)} when 'other' then ${w(W.middle_other)} else 0 end as middle_w,
		case dob_level when 'exact' then ${w(W.dob_exact)} when 'swapped' then ${w(W.dob_swapped)} when 'century' then ${w(W.dob_century)} when 'close' then ${w(W.dob_close)}
			when 'year' then ${w(W.dob_year)} when 'other' then ${w(W.dob_other)} else 0 end as dob_w,
		case email_level when 'exact' then ${w(W.email_exact)} when 'other' then ${w(W.email_other)} else 0 end as email_w,
		case mobile_level when 'exact' then ${w(W.mobile_exact)} when 'other' then ${w(W.mobile_other)} else 0 end as mobile_w,
		case home_level when 'exact' then ${w(W.home_exact)} when 'other' then ${w(W.home_other)} else 0 end as home_w,
		case address_level when 'same' then ${w(W.address_same)} when 'postcode' then ${w(W.postcode_same)} when 'other' then ${w(W.address_other)} else 0 end as address_w
	from levels`;
}

const part = (label: string, level: string, wt: string, sim?: string) =>
	`case when ${wt} <> 0 then '${label} ' || ${level} ${sim ? `|| case when ${level} in ('close', 'fuzzy') then ' ' || printf('%.2f', ${sim}) else '' end` : ''} || ' ' || printf('%+.1f', ${wt}) end`;

/** dedupe.pairs: every candidate pair with its levels, weights, score, twin flag and explanation. */
export async function scorePairs(ws: Workspace, W: Weights): Promise<void> {
	await ws.run(`create or replace table dedupe.pairs as
		with levels as (${LEVELS}), weighted as (${weightsSql(W)})
		select a.patient_id as left_id, b.patient_id as right_id, p.*,
			round(first_w + last_w + middle_w + dob_w + email_w + mobile_w + home_w + address_w, 2) as score,
			-- twins: same birth date and surname, first names that are not a typo or nickname of each other
			(dob_level = 'exact' and last_level in ('exact', 'close') and first_level in ('fuzzy', 'other') and not swapped and not half_swapped) as twin,
			concat_ws(', ',
				case when swapped then 'names swapped ' || printf('%+.1f', first_w) end,
				case when half_swapped then 'one name swapped ' || printf('%+.1f', first_w) end,
				${part('first name', 'first_level', 'case when swapped or half_swapped then 0 else first_w end', 'first_sim')},
				${part('surname', 'last_level', 'last_w', 'last_sim')},
				${part('middle name', 'middle_level', 'middle_w')},
				${part('birth date', 'dob_level', 'dob_w')},
				${part('email', 'email_level', 'email_w')},
				${part('mobile', 'mobile_level', 'mobile_w')},
				${part('home phone', 'home_level', 'home_w')},
				${part('address', 'address_level', 'address_w')}) as why
		from weighted p
		join dedupe.records a on a.rid = p.l
		join dedupe.records b on b.rid = p.r`);
}
