// People of one household share a surname's address, suburb, postcode and home phone: those
// fields agree together, so summing them as independent evidence (Fellegi–Sunter's
// assumption) makes a parent and child look like one person. Household fields therefore
// count once, by their strongest agreement; their disagreements still all count. Twins share
// a household and a surname too: in a twin-like pair those say nothing (scoring and EM alike).
import { levelNames, type Comparison } from './comparisons.js';

const quote = (s: string) => `'${s}'`;

/** Aggregate over rows (comparison key in `keyCol`, weight in `w`) combining household agreement once. */
export function combineSql(keyCol: string, w: string, comps: Comparison[]): string {
	const hh = comps.filter((c) => c.household).map((c) => quote(c.key));
	if (!hh.length) return `sum(${w})`;
	const isHh = `${keyCol} in (${hh.join(', ')})`;
	return `(sum(case when not (${isHh}) then ${w} else 0 end) + coalesce(max(case when ${isHh} and ${w} > 0 then ${w} end), 0) + sum(case when ${isHh} and ${w} < 0 then ${w} else 0 end))`;
}

/**
 * Per-field weights as counted in a pair's score (column per comparison, `<key>_w`): every
 * household field's positive weight but the strongest becomes 0.
 */
export function countedOnceSql(comps: Comparison[]): Record<string, string> {
	const hh = comps.filter((c) => c.household);
	const best = hh.length ? `greatest(${hh.map((c) => `${c.key}_raw_w`).join(', ')}, 0)` : '0';
	return Object.fromEntries(
		comps.map((c) => {
			if (!c.household) return [c.key, `${c.key}_raw_w`];
			// Ties: the first household field in order keeps its weight.
			const earlier = hh.slice(0, hh.indexOf(c)).map((e) => `${e.key}_raw_w = ${best}`);
			const keep = `${c.key}_raw_w = ${best}${earlier.length ? ` and not (${earlier.join(' or ')})` : ''}`;
			return [c.key, `case when ${c.key}_raw_w <= 0 or (${keep}) then ${c.key}_raw_w else 0 end`];
		})
	);
}

/** Index of a comparison's level by name (levels move when one is added; names do not). */
function lv(comps: Comparison[], key: string, name: string): number {
	return levelNames(comps.find((c) => c.key === key)!).indexOf(name);
}

/** Twins share their surname and household (address, home phone…): once a pair is twin-like those say nothing more about it being one person. */
export const sharedByTwins = (c: Comparison) => c.household || c.key === 'last';

/**
 * A twin-like pair, over a row `l` of level columns: same surname (or a spelling or part of it:
 * "Xu" and "Xu-King") and birth date, one household (street not different, or one
 * home phone: an address line written two ways still has one landline), first names not
 * variants of one name (a rhyme, Warren / Darren, is two names), no personal identifier shared.
 */
export function twinSql(comps: Comparison[]): string {
	const keys = new Set(comps.map((c) => c.key));
	if (!keys.has('dob') || !keys.has('last') || !keys.has('first')) return 'false';
	const home = keys.has('home') ? ` or l.home_lv = 0` : '';
	const address = keys.has('address') ? `and (coalesce(l.address_lv, 0) <> ${lv(comps, 'address', 'other')}${home})` : '';
	// Twins do not share an identifier, an email or a mobile: agreeing on one, the pair is one person with a changed first name.
	const personal = ['ident', 'email', 'mobile'].filter((k) => keys.has(k)).map((k) => `coalesce(l.${k}_lv, 1) = 0`);
	return `(l.dob_lv = 0 and l.last_lv in (${['exact', 'typo', 'sound', 'part'].map((n) => lv(comps, 'last', n)).join(', ')}) and l.first_lv in (${['rhyme', 'fuzzy', 'other'].map((n) => lv(comps, 'first', n)).join(', ')}) ${address}${personal.length ? ` and not (${personal.join(' or ')})` : ''})`;
}
