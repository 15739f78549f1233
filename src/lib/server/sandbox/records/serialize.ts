// A stored row as Twenty answers it: every field in metadata order, relations as their join
// columns at depth 0; at depth 1 the related records too, one-to-many lists capped at
// QUERY_MAX_RECORDS_FROM_RELATION = 60 [TWENTY.md §1.2 depth, §1.3].
import { isManyToOne, isOneToMany } from '../metadata/registry.js';
import type { RecordContext } from './context.js';
import { searchVector } from './search-vector.js';
import type { Row } from './table.js';

export const QUERY_MAX_RECORDS_FROM_RELATION = 60;

export interface SerializeOptions {
	depth: 0 | 1;
	fields?: Set<string>;
	omitNull?: boolean;
	/** The request's origin, for FILES items' signed URLs. */
	origin?: string;
}

export function serializeRow(ctx: RecordContext, object: string, row: Row, opts: SerializeOptions = { depth: 0 }): Record<string, unknown> {
	const schema = ctx.registry.schema(object);
	const out: Record<string, unknown> = {};
	for (const f of schema.meta.fields) {
		if (isManyToOne(f)) {
			const column = f.relation!.joinColumn!;
			out[column] = row[column] ?? null;
			if (opts.depth === 1) out[f.name] = related(ctx, f.relation!.target, row[column] as string | null);
		} else if (isOneToMany(f)) {
			if (opts.depth === 1) out[f.name] = relatedList(ctx, f.relation!.target, f.relation!.inverse, row.id);
		} else if (f.type === 'FILES' && Array.isArray(row[f.name]) && opts.origin && ctx.fileUrl) {
			out[f.name] = (row[f.name] as Array<{ fileId: string }>).map((i) => {
				const url = ctx.fileUrl!(i.fileId, opts.origin!);
				return url ? { ...i, url } : i;
			});
		} else if (f.type === 'TS_VECTOR') {
			out[f.name] = searchVector(row, schema.meta.labelIdentifier);
		} else {
			out[f.name] = row[f.name] ?? null;
		}
	}
	return project(out, opts);
}

function project(out: Record<string, unknown>, opts: SerializeOptions): Record<string, unknown> {
	if (!opts.fields && !opts.omitNull) return out;
	const result: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(out)) {
		if (opts.fields && !opts.fields.has(k) && k !== 'id') continue;
		if (opts.omitNull && v === null) continue;
		result[k] = v;
	}
	return result;
}

function related(ctx: RecordContext, target: string, id: string | null): Record<string, unknown> | null {
	const row = id ? ctx.store.get(target, id) : undefined;
	return row && !row.deletedAt ? serializeRow(ctx, target, row) : null;
}

function relatedList(ctx: RecordContext, target: string, inverse: string, id: string): Record<string, unknown>[] {
	const f = ctx.registry.schema(target).byName.get(inverse);
	const column = f?.relation?.joinColumn;
	if (!column) return [];
	const rows: Row[] = [];
	for (const r of ctx.store.table(target).rows.values()) {
		if (r[column] === id && !r.deletedAt) rows.push(r);
	}
	// Twenty lists a record's related ones in id order (v2.19 q5_06), then caps them.
	rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	rows.length = Math.min(rows.length, QUERY_MAX_RECORDS_FROM_RELATION);
	return rows.map((r) => serializeRow(ctx, target, r));
}
