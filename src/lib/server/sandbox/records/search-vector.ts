// A tsvector-looking searchVector ('ada':1 'lovelace':2 …). Twenty computes it in Postgres;
// the sandbox only imitates its form, from the label identifier, emails and job title.

export function searchVector(row: Record<string, unknown>, labelIdentifier: string): string {
	const words: string[] = [];
	const label = row[labelIdentifier];
	if (label && typeof label === 'object') {
		const n = label as Record<string, unknown>;
		words.push(...[n.firstName, n.lastName].filter((x): x is string => typeof x === 'string').flatMap(split));
	} else if (typeof label === 'string') words.push(...split(label));
	const email = (row.emails as Record<string, unknown> | undefined)?.primaryEmail;
	if (typeof email === 'string' && email) words.push(email.toLowerCase(), email.split('@')[1] ?? '');
	if (typeof row.jobTitle === 'string') words.push(...split(row.jobTitle));
	const positions = new Map<string, number>();
	words.filter(Boolean).forEach((w, i) => positions.has(w) || positions.set(w, i + 1));
	return [...positions.entries()]
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([w, p]) => `'${w}':${p}`)
		.join(' ');
}

const split = (s: string) =>
	s
		.toLowerCase()
		.split(/[^\p{L}\p{N}@.+-]+/u)
		.filter(Boolean);
