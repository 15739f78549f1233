// Sorting [TWENTY.md §1.2 order_by]: `field[Dir]` or `field.sub[Dir]`, default AscNullsFirst,
// and `id` ascending always appended as the tie-breaker (add-default-order-by-id.util.ts).
import { badRequest } from '../http/errors.js';
import type { ObjectSchema } from '../metadata/registry.js';
import { COMPOSITES } from '../records/composite.js';
import { compareScalars } from './evaluate.js';
import { resolvePath, type ResolvedPath } from './fields.js';

export const DIRECTIONS = ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface OrderItem {
	path: string[];
	direction: Direction;
}

interface CompiledOrder extends ResolvedPath {
	desc: boolean;
	nullsFirst: boolean;
}

const invalidDirection = (d: string) =>
	badRequest(
		`'order_by' direction '${d}' invalid. Allowed values are '${DIRECTIONS.join("', '")}'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3`
	);

export function parseRestOrderBy(source: string): OrderItem[] {
	return source
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((item) => {
			const m = /^([A-Za-z0-9_.]+)(?:\[([A-Za-z]+)\])?$/.exec(item);
			if (!m) throw invalidDirection(item);
			const direction = (m[2] ?? 'AscNullsFirst') as Direction;
			if (!DIRECTIONS.includes(direction)) throw invalidDirection(m[2]);
			return { path: m[1].split('.'), direction };
		});
}

/** A composite without subfield orders by its scalar subfields in definition order. */
function expand(schema: ObjectSchema, items: OrderItem[]): OrderItem[] {
	return items.flatMap((item) => {
		const f = schema.byName.get(item.path[0]);
		const shape = f && COMPOSITES[f.type];
		if (!shape || item.path.length > 1) return [item];
		return Object.entries(shape)
			.filter(([, kind]) => kind !== 'array' && kind !== 'json')
			.map(([sub]) => ({ path: [item.path[0], sub], direction: item.direction }));
	});
}

export function compileOrder(schema: ObjectSchema, items: OrderItem[]): CompiledOrder[] {
	const compiled = expand(schema, items)
		.filter((i) => i.path[0] !== 'id')
		.map((i) => ({
			...resolvePath(schema, i.path),
			desc: i.direction.startsWith('Desc'),
			nullsFirst: i.direction.endsWith('NullsFirst')
		}));
	compiled.push({ column: 'id', type: 'string', get: (r) => r.id, desc: false, nullsFirst: true });
	return compiled;
}

export function compareRows(order: CompiledOrder[], a: Record<string, unknown>, b: Record<string, unknown>): number {
	for (const o of order) {
		const x = o.get(a);
		const y = o.get(b);
		const xNull = x === null || x === undefined;
		const yNull = y === null || y === undefined;
		if (xNull || yNull) {
			if (xNull && yNull) continue;
			return xNull === o.nullsFirst ? -1 : 1;
		}
		const c = o.column === 'id' ? (x < y ? -1 : x > y ? 1 : 0) : compareScalars(x, y, o.type);
		if (c !== 0) return o.desc ? -c : c;
	}
	return 0;
}

/** The columns a cursor records: the ordered fields' top-level values, then id. */
export const cursorColumns = (order: CompiledOrder[]): string[] => [...new Set(order.map((o) => o.column))];
