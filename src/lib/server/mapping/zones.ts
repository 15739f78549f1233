// Each clinic site keeps its own wall clock: an appointment at 9:00 in Perth is not 9:00 in
// Sydney. A site's IANA time zone comes from its state, else its postcode (Australia), else
// the map's zone setting; appointment times written without an offset are read in it.

/** Australian states and territories (abbreviation or full name) → zone. */
const STATES: Array<[string[], string]> = [
	[['nsw', 'new south wales'], 'Australia/Sydney'],
	[['act', 'australian capital territory'], 'Australia/Sydney'],
	[['vic', 'victoria'], 'Australia/Melbourne'],
	[['tas', 'tasmania'], 'Australia/Hobart'],
	[['qld', 'queensland'], 'Australia/Brisbane'],
	[['sa', 'south australia'], 'Australia/Adelaide'],
	[['nt', 'northern territory'], 'Australia/Darwin'],
	[['wa', 'western australia'], 'Australia/Perth']
];

/** Postcode ranges (first digit, NT's 08xx and Broken Hill's 2880 aside). */
const POSTCODES = `case when p between 800 and 999 then 'Australia/Darwin' when p = 2880 then 'Australia/Broken_Hill'
	when p between 2000 and 2999 then 'Australia/Sydney' when p between 3000 and 3999 then 'Australia/Melbourne'
	when p between 4000 and 4999 then 'Australia/Brisbane' when p between 5000 and 5999 then 'Australia/Adelaide'
	when p between 6000 and 6999 then 'Australia/Perth' when p between 7000 and 7999 then 'Australia/Hobart' end`;

/** SQL: the zone of a place from its state and postcode expressions (null when neither says). */
export function placeZoneSql(state: string, postcode: string): string {
	const s = `lower(trim(${state}))`;
	const whens = STATES.flatMap(([names, zone]) => names.map((n) => `when '${n}' then '${zone}'`)).join(' ');
	const p = `try_cast(regexp_extract(trim(${postcode}), '^\\d{3,4}$') as integer)`;
	return `coalesce(case ${s} ${whens} end, ${POSTCODES.replaceAll(/\bp\b/g, () => p)})`;
}
