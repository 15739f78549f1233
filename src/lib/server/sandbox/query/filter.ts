// Filters as one tree for both APIs: REST's `field[op]:value` grammar and GraphQL's filter
// objects parse into it [TWENTY.md §1.2 filter, §2].

export const COMPARATORS = [
	'eq',
	'neq',
	'in',
	'containsAny',
	'is',
	'gt',
	'gte',
	'lt',
	'lte',
	'startsWith',
	'endsWith',
	'like',
	'ilike'
] as const;
export type Comparator = (typeof COMPARATORS)[number];

export type Filter =
	{ kind: 'and' | 'or'; items: Filter[] } | { kind: 'not'; item: Filter } | { kind: 'cmp'; path: string[]; op: Comparator; value: unknown };

export const isComparator = (s: string): s is Comparator => (COMPARATORS as readonly string[]).includes(s);

/** Whether a filter mentions deletedAt: then soft-deleted rows are included (withDeleted). */
export function mentionsDeletedAt(f: Filter | undefined): boolean {
	if (!f) return false;
	if (f.kind === 'cmp') return f.path[0] === 'deletedAt';
	if (f.kind === 'not') return mentionsDeletedAt(f.item);
	return f.items.some(mentionsDeletedAt);
}
