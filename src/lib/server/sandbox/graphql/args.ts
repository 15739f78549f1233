// GraphQL filter and orderBy objects → the shared query tree [TWENTY.md §2 arguments].
import { badRequest } from '../http/errors.js';
import { isComparator, type Filter } from '../query/filter.js';
import { DIRECTIONS, type Direction, type OrderItem } from '../query/order.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function graphqlFilter(input: unknown): Filter | undefined {
	if (input === null || input === undefined) return undefined;
	if (!isObject(input)) throw badRequest('filter must be an object');
	const items: Filter[] = [];
	for (const [key, v] of Object.entries(input)) {
		if (key === 'and' || key === 'or') {
			const list = (Array.isArray(v) ? v : [v]).map(graphqlFilter).filter((f): f is Filter => !!f);
			items.push({ kind: key, items: list });
		} else if (key === 'not') {
			const inner = graphqlFilter(v);
			if (inner) items.push({ kind: 'not', item: inner });
		} else items.push(...fieldFilter([key], v));
	}
	if (items.length === 0) return undefined;
	return items.length === 1 ? items[0] : { kind: 'and', items };
}

function fieldFilter(path: string[], v: unknown): Filter[] {
	if (!isObject(v)) throw badRequest(`Invalid filter for field "${path.join('.')}"`);
	return Object.entries(v).flatMap(([k, x]): Filter[] =>
		isComparator(k) ? [{ kind: 'cmp', path, op: k, value: x }] : fieldFilter([...path, k], x)
	);
}

export function graphqlOrderBy(input: unknown): OrderItem[] {
	if (input === null || input === undefined) return [];
	const list = Array.isArray(input) ? input : [input];
	return list.flatMap((o) => orderEntries([], o));
}

function orderEntries(path: string[], v: unknown): OrderItem[] {
	if (typeof v === 'string') {
		if (!DIRECTIONS.includes(v as Direction)) throw badRequest(`Invalid order direction "${v}"`);
		return [{ path, direction: v as Direction }];
	}
	if (!isObject(v)) throw badRequest('orderBy must be an object');
	return Object.entries(v).flatMap(([k, x]) => orderEntries([...path, k], x));
}
