// People of one household share a surname's address, suburb, postcode and home phone: those
// fields agree together, so summing them as independent evidence (Fellegi–Sunter's
// assumption) makes a parent and child look like one person. Household fields therefore
// count once, by their strongest agreement; their disagreements still all count.
import type { Comparison } from './comparisons.js';

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
