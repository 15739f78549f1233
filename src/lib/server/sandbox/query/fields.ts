// Resolving a filter or order path (`emails.primaryEmail`, `companyId`) against an object.
import { badRequest } from '../http/errors.js';
import type { ObjectSchema } from '../metadata/registry.js';
import { COMPOSITES, type SubKind } from '../records/composite.js';

export type ValueType = 'string' | 'number' | 'boolean' | 'date' | 'array' | 'enum' | 'json';

export interface ResolvedPath {
	column: string;
	sub?: string;
	type: ValueType;
	/** Allowed values for SELECT/MULTI_SELECT/RATING. */
	enumValues?: string[];
	get: (row: Record<string, unknown>) => unknown;
}

const SUB_TYPES: Record<SubKind, ValueType> = {
	text: 'string',
	nullableText: 'string',
	number: 'number',
	array: 'array',
	json: 'json',
	uuid: 'string'
};

const SCALAR_TYPES: Record<string, ValueType> = {
	NUMBER: 'number',
	NUMERIC: 'number',
	POSITION: 'number',
	BOOLEAN: 'boolean',
	DATE_TIME: 'date',
	DATE: 'string',
	MULTI_SELECT: 'array',
	ARRAY: 'array',
	SELECT: 'enum',
	RATING: 'enum',
	RAW_JSON: 'json',
	FILES: 'json'
};

/** Sandbox wording: Twenty's exact text for an unknown filter/order field is unrecorded. */
export const unknownPathField = (object: string, name: string) => badRequest(`field '${name}' does not exist in '${object}' object`);

export function resolvePath(schema: ObjectSchema, path: string[]): ResolvedPath {
	const [name, sub] = path;
	const object = schema.meta.nameSingular;
	if (schema.byJoinColumn.has(name) && !sub) return { column: name, type: 'string', get: (r) => r[name] };
	const f = schema.byName.get(name);
	if (!f || f.type === 'TS_VECTOR' || (f.relation && f.relation.type === 'ONE_TO_MANY')) throw unknownPathField(object, path.join('.'));
	const shape = COMPOSITES[f.type];
	if (shape) {
		const kind = sub ? shape[sub] : undefined;
		if (!kind || path.length > 2) throw unknownPathField(object, path.join('.'));
		return { column: name, sub, type: SUB_TYPES[kind], get: (r) => (r[name] as Record<string, unknown> | null)?.[sub!] };
	}
	if (sub) throw unknownPathField(object, path.join('.'));
	const column = f.relation?.joinColumn ?? name;
	const enumValues = f.options?.map((o) => o.value);
	return { column, type: SCALAR_TYPES[f.type] ?? 'string', enumValues, get: (r) => r[column] };
}
