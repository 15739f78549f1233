// Filter evaluation with SQL semantics: comparisons against NULL are false, `is` tests nullness,
// like/ilike use % and _ [TWENTY.md §1.2].
import { badRequest } from '../http/errors.js';
import type { ObjectSchema } from '../metadata/registry.js';
import { resolvePath, type ResolvedPath, type ValueType } from './fields.js';
import type { Comparator, Filter } from './filter.js';

export type Predicate = (row: Record<string, unknown>) => boolean;

const collator = new Intl.Collator('en', { numeric: false });

export function compareScalars(a: unknown, b: unknown, type: ValueType): number {
	if (type === 'number') return Number(a) - Number(b);
	if (type === 'date') return Date.parse(String(a)) - Date.parse(String(b));
	if (type === 'boolean') return Number(a === true || a === 'true') - Number(b === true || b === 'true');
	return collator.compare(String(a), String(b));
}

function coerce(v: unknown, p: ResolvedPath, object: string): unknown {
	if (v === null || v === undefined) return v;
	if (p.type === 'number') {
		const n = Number(v);
		if (!Number.isFinite(n)) throw badRequest(`'filter' invalid for '${p.column}'. eg: price[gte]:10`);
		return n;
	}
	if (p.type === 'boolean') return v === true || v === 'true';
	if (p.type === 'enum' && p.enumValues && !p.enumValues.includes(String(v)))
		// check-filter-enum-values [TWENTY.md §1.2]; exact wording unrecorded.
		throw badRequest(`Invalid value '${String(v)}' for enum field '${p.column}' of '${object}'`);
	return v;
}

const likeRegex = (pattern: string, flags: string) =>
	new RegExp(
		`^${pattern
			.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
			.replace(/%/g, '.*')
			.replace(/_/g, '.')}$`,
		flags + 's'
	);

function compileCmp(schema: ObjectSchema, path: string[], op: Comparator, raw: unknown): Predicate {
	const p = resolvePath(schema, path);
	const object = schema.meta.nameSingular;
	if (op === 'is') {
		const want = String(raw).toUpperCase();
		if (want !== 'NULL' && want !== 'NOT_NULL')
			throw badRequest(`'filter' invalid for '${path.join('.')}[is]:${String(raw)}'. eg: price[gte]:10`);
		return want === 'NULL' ? (r) => p.get(r) == null : (r) => p.get(r) != null;
	}
	if (op === 'in' || op === 'containsAny') {
		const list = (Array.isArray(raw) ? raw : [raw]).map((v) => coerce(v, p, object));
		if (op === 'containsAny')
			return (r) => {
				const v = p.get(r);
				return Array.isArray(v) && v.some((x) => list.includes(x));
			};
		if (p.type === 'string' || p.type === 'enum') {
			const set = new Set(list.map(String));
			return (r) => p.get(r) != null && set.has(String(p.get(r)));
		}
		return (r) => {
			const v = p.get(r);
			return v != null && list.some((x) => compareScalars(v, x, p.type) === 0);
		};
	}
	const value = coerce(raw, p, object);
	const str = String(value);
	const tests: Record<string, (v: unknown) => boolean> = {
		eq: (v) => compareScalars(v, value, p.type) === 0,
		neq: (v) => compareScalars(v, value, p.type) !== 0,
		gt: (v) => compareScalars(v, value, p.type) > 0,
		gte: (v) => compareScalars(v, value, p.type) >= 0,
		lt: (v) => compareScalars(v, value, p.type) < 0,
		lte: (v) => compareScalars(v, value, p.type) <= 0,
		startsWith: (v) => String(v).startsWith(str),
		endsWith: (v) => String(v).endsWith(str)
	};
	if (op === 'like' || op === 'ilike') {
		const re = likeRegex(str, op === 'ilike' ? 'i' : '');
		return (r) => p.get(r) != null && re.test(String(p.get(r)));
	}
	const test = tests[op];
	// Strings compare exactly for eq/neq; the collator only orders.
	if ((op === 'eq' || op === 'neq') && (p.type === 'string' || p.type === 'enum'))
		return (r) => p.get(r) != null && (p.get(r) === str) === (op === 'eq');
	return (r) => {
		const v = p.get(r);
		return v != null && test(v);
	};
}

export function compileFilter(schema: ObjectSchema, f: Filter | undefined): Predicate {
	if (!f) return () => true;
	if (f.kind === 'cmp') return compileCmp(schema, f.path, f.op, f.value);
	if (f.kind === 'not') {
		const inner = compileFilter(schema, f.item);
		return (r) => !inner(r);
	}
	const parts = f.items.map((i) => compileFilter(schema, i));
	return f.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
}
