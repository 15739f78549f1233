// Shaping records by a GraphQL selection set: scalar and composite fields, join columns,
// many-to-one relations as objects, one-to-many relations as connections, __typename.
import { isManyToOne, isOneToMany } from '../metadata/registry.js';
import { capitalize } from '../metadata/names.js';
import type { RecordContext } from '../records/context.js';
import { searchVector } from '../records/search-vector.js';
import { QUERY_MAX_RECORDS_FROM_RELATION } from '../records/serialize.js';
import type { Row } from '../records/table.js';
import type { GqlField } from './parse.js';

export class GqlFieldError extends Error {
	code = 'GRAPHQL_VALIDATION_FAILED';
}

export const typeName = (object: string) => capitalize(object);

const unknown = (name: string, type: string) => new GqlFieldError(`Cannot query field "${name}" on type "${type}".`);

function pick(value: unknown, sel: GqlField[] | null, type: string): unknown {
	if (!sel || value === null || typeof value !== 'object') return value ?? null;
	const v = value as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const s of sel) {
		if (s.name === '__typename') out[s.alias ?? s.name] = type;
		else if (!(s.name in v)) throw unknown(s.name, type);
		else out[s.alias ?? s.name] = pick(v[s.name], s.selections, type);
	}
	return out;
}

export function selectRecord(ctx: RecordContext, object: string, row: Row, sel: GqlField[] | null): Record<string, unknown> {
	const schema = ctx.registry.schema(object);
	const type = typeName(object);
	const out: Record<string, unknown> = {};
	for (const s of sel ?? [{ name: 'id', args: {}, selections: null }]) {
		const key = s.alias ?? s.name;
		if (s.name === '__typename') {
			out[key] = type;
			continue;
		}
		if (schema.byJoinColumn.has(s.name)) {
			out[key] = row[s.name] ?? null;
			continue;
		}
		const f = schema.byName.get(s.name);
		if (!f) throw unknown(s.name, type);
		if (isManyToOne(f)) {
			const target = row[f.relation!.joinColumn!] ? ctx.store.get(f.relation!.target, row[f.relation!.joinColumn!] as string) : undefined;
			out[key] = target && !target.deletedAt ? selectRecord(ctx, f.relation!.target, target, s.selections) : null;
		} else if (isOneToMany(f)) {
			out[key] = selectChildren(ctx, f.relation!.target, f.relation!.inverse, row.id, s.selections);
		} else if (f.type === 'TS_VECTOR') out[key] = searchVector(row, schema.meta.labelIdentifier);
		else out[key] = pick(row[f.name], s.selections, `${capitalize(f.type.toLowerCase())}`);
	}
	return out;
}

function selectChildren(ctx: RecordContext, target: string, inverse: string, id: string, sel: GqlField[] | null) {
	const column = ctx.registry.schema(target).byName.get(inverse)?.relation?.joinColumn;
	const rows: Row[] = [];
	if (column)
		for (const r of ctx.store.table(target).rows.values()) {
			if (r[column] === id && !r.deletedAt) rows.push(r);
			if (rows.length === QUERY_MAX_RECORDS_FROM_RELATION) break;
		}
	return selectConnection(
		ctx,
		target,
		{
			rows,
			totalCount: rows.length,
			hasNextPage: false,
			hasPreviousPage: false,
			cursorOf: (r) => Buffer.from(JSON.stringify({ id: r.id })).toString('base64')
		},
		sel
	);
}

interface ConnectionInput {
	rows: Row[];
	totalCount: number;
	hasNextPage: boolean;
	hasPreviousPage: boolean;
	cursorOf: (r: Row) => string;
}

export function selectConnection(ctx: RecordContext, object: string, c: ConnectionInput, sel: GqlField[] | null): Record<string, unknown> {
	const type = `${typeName(object)}Connection`;
	const out: Record<string, unknown> = {};
	for (const s of sel ?? []) {
		const key = s.alias ?? s.name;
		if (s.name === '__typename') out[key] = type;
		else if (s.name === 'totalCount') out[key] = c.totalCount;
		else if (s.name === 'pageInfo') {
			const first = c.rows[0];
			const last = c.rows[c.rows.length - 1];
			out[key] = pick(
				{
					hasNextPage: c.hasNextPage,
					hasPreviousPage: c.hasPreviousPage,
					startCursor: first ? c.cursorOf(first) : null,
					endCursor: last ? c.cursorOf(last) : null
				},
				s.selections,
				'PageInfo'
			);
		} else if (s.name === 'edges') {
			out[key] = c.rows.map((r) => selectEdge(ctx, object, r, c.cursorOf(r), s.selections));
		} else throw unknown(s.name, type);
	}
	return out;
}

function selectEdge(ctx: RecordContext, object: string, row: Row, cursor: string, sel: GqlField[] | null) {
	const out: Record<string, unknown> = {};
	for (const s of sel ?? []) {
		const key = s.alias ?? s.name;
		if (s.name === 'node') out[key] = selectRecord(ctx, object, row, s.selections);
		else if (s.name === 'cursor') out[key] = cursor;
		else if (s.name === '__typename') out[key] = `${typeName(object)}Edge`;
		else throw unknown(s.name, `${typeName(object)}Edge`);
	}
	return out;
}
