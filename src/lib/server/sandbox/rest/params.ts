// Query parameters of REST record requests [TWENTY.md §1.2], with Twenty's error texts.
import { badRequest } from '../http/errors.js';
import type { ObjectSchema } from '../metadata/registry.js';
import type { Profile } from '../profiles/index.js';
import { unknownPathField } from '../query/fields.js';
import type { Filter } from '../query/filter.js';
import { parseRestOrderBy, type OrderItem } from '../query/order.js';
import { parseRestFilter } from '../query/rest-filter.js';

export const QUERY_DEFAULT_LIMIT_RECORDS = 60;
export const MUTATION_MAXIMUM_AFFECTED_RECORDS = 100;

export function parseLimit(q: URLSearchParams, profile: Profile): number {
	const raw = q.get('limit');
	if (raw === null || raw === '') return QUERY_DEFAULT_LIMIT_RECORDS;
	const n = parseInt(raw, 10);
	if (!Number.isInteger(n) || n < 0) throw badRequest(`limit '${raw}' is invalid. Should be an integer`);
	// Silently capped at QUERY_MAX_RECORDS (v2.20 07g: limit=500 → 200); v1.5 honours it (14j).
	return profile.listMaxLimit === null ? n : Math.min(n, profile.listMaxLimit);
}

export function parseDepth(q: URLSearchParams): 0 | 1 {
	const raw = q.get('depth');
	if (raw === null) return 0;
	if (raw !== '0' && raw !== '1') throw badRequest(`'depth=${raw}' parameter invalid. Allowed values are 0, 1`);
	return raw === '1' ? 1 : 0;
}

export const parseFilter = (q: URLSearchParams): Filter | undefined => {
	const raw = q.get('filter');
	return raw ? parseRestFilter(raw) : undefined;
};

export const parseOrderBy = (q: URLSearchParams): OrderItem[] => {
	const raw = q.get('order_by');
	return raw ? parseRestOrderBy(raw) : [];
};

export function parseFields(q: URLSearchParams, schema: ObjectSchema): Set<string> | undefined {
	const raw = q.get('fields');
	if (!raw) return undefined;
	const names = raw
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	for (const n of names) if (!schema.byName.has(n) && !schema.byJoinColumn.has(n)) throw unknownPathField(schema.meta.nameSingular, n);
	return new Set(names);
}

/** Only the exact string 'true' counts (upsert-parser-utils, soft-delete-parser-utils). */
export const isTrue = (q: URLSearchParams, name: string) => q.get(name) === 'true';
