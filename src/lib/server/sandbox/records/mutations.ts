// Record writes with Twenty's semantics: create (client ids kept), upsert (§1.4), update,
// soft delete, destroy, restore, and the onDelete cascades of §1.5.
import { isUuid, newUuid } from '../metadata/ids.js';
import { invalidRecordId } from '../profiles/messages.js';
import { badRequest } from '../http/errors.js';
import { checkForeignKeys, checkNewId, checkUnique } from './constraints.js';
import { isoNow, valueContext, type RecordContext } from './context.js';
import { fieldDefault, mergeValue } from './defaults.js';
import { readInput, type Patch } from './input.js';
import type { Row } from './table.js';
import { uniqueKey } from './table.js';
import { isComposite } from './composite.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates every input before anything is written: one bad record fails the batch. */
function readAll(ctx: RecordContext, object: string, inputs: unknown[]): Array<{ id?: string; patch: Patch }> {
	const schema = ctx.registry.schema(object);
	const vctx = valueContext(ctx, object);
	return inputs.map((input) => {
		if (!isObject(input)) throw badRequest(`Invalid input for ${object}: expected an object`);
		const { id, ...rest } = input;
		if (id !== undefined && id !== null && !isUuid(id)) throw invalidRecordId(ctx.profile, id);
		return { id: (id ?? undefined) as string | undefined, patch: readInput(vctx, schema, rest) };
	});
}

function nextPosition(ctx: RecordContext, object: string, asked: unknown): number {
	const t = ctx.store.table(object);
	if (typeof asked === 'number') return asked;
	if (asked === 'last') return (t.maxPosition ?? 0) + 1;
	// v2.x puts new rows first (recordings: 0, -1, -2…); v1.5 answered position 0.
	if (asked === 'first' || ctx.profile.prependPosition) return Math.min(t.minPosition ?? 1, 1) - 1;
	return 0;
}

function newRow(ctx: RecordContext, object: string, id: string | undefined, patch: Patch): Row {
	const schema = ctx.registry.schema(object);
	const at = isoNow(ctx);
	const row: Record<string, unknown> = {};
	for (const f of schema.stored) {
		const column = f.relation?.joinColumn ?? f.name;
		row[column] = fieldDefault(f, ctx.profile);
	}
	for (const [column, v] of patch.values) {
		const f = schema.byName.get(column);
		row[column] = f && isComposite(f.type) ? mergeValue(f, row[column], v) : v;
	}
	row.id = id ?? newUuid();
	row.createdAt = patch.values.get('createdAt') ?? at;
	row.updatedAt = at;
	row.deletedAt = patch.values.get('deletedAt') ?? null;
	row.position = nextPosition(ctx, object, patch.values.get('position'));
	if ('createdBy' in row) row.createdBy = { ...ctx.actor, source: patch.createdBySource ?? ctx.actor.source };
	if ('updatedBy' in row) row.updatedBy = { ...ctx.actor };
	return row as Row;
}

function applyPatch(ctx: RecordContext, object: string, row: Row, patch: Patch, restore = false): Row {
	const schema = ctx.registry.schema(object);
	const next: Record<string, unknown> = { ...row };
	for (const [column, v] of patch.values) {
		const f = schema.byName.get(column);
		next[column] = f && isComposite(f.type) ? mergeValue(f, row[column], v) : v;
	}
	next.id = row.id;
	next.createdBy = row.createdBy;
	next.updatedAt = isoNow(ctx);
	if ('updatedBy' in next) next.updatedBy = { ...ctx.actor };
	if (restore) next.deletedAt = null;
	return next as Row;
}

function insert(ctx: RecordContext, object: string, id: string | undefined, patch: Patch): Row {
	if (id) checkNewId(ctx, object, id);
	const row = newRow(ctx, object, id, patch);
	checkUnique(ctx, object, row);
	checkForeignKeys(ctx, object, row);
	ctx.store.put(object, row);
	return row;
}

function update(ctx: RecordContext, object: string, row: Row, patch: Patch, restore = false): Row {
	const next = applyPatch(ctx, object, row, patch, restore);
	checkUnique(ctx, object, next);
	checkForeignKeys(ctx, object, next, new Set(patch.values.keys()));
	ctx.store.put(object, next);
	return next;
}

/** Existing rows (soft-deleted too) an upsert input matches by id or any unique value. */
function upsertMatches(ctx: RecordContext, object: string, id: string | undefined, patch: Patch, fresh: Set<string>): Set<string> {
	const table = ctx.store.table(object);
	const found = new Set<string>();
	if (id && table.rows.has(id)) found.add(id);
	for (const f of table.schema.unique) {
		if (!patch.values.has(f.name)) continue;
		const key = uniqueKey(f, { [f.name]: patch.values.get(f.name) });
		if (key !== null) for (const h of table.holders(f, key)) found.add(h);
	}
	// Records are sorted into insert/update against rows that existed before the batch
	// (categorize-records.util.ts): two new inputs with one email both insert and collide.
	for (const f of fresh) found.delete(f);
	return found;
}

export function createRecords(ctx: RecordContext, object: string, inputs: unknown[], upsert: boolean): Row[] {
	const items = readAll(ctx, object, inputs);
	const fresh = new Set<string>();
	return ctx.store.transaction(() =>
		items.map(({ id, patch }) => {
			if (!upsert) return insert(ctx, object, id, patch);
			const matches = upsertMatches(ctx, object, id, patch, fresh);
			if (matches.size > 1)
				throw badRequest("Multiple existing records match this record's id or unique fields (UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT)");
			if (matches.size === 0) {
				const row = insert(ctx, object, id, patch);
				fresh.add(row.id);
				return row;
			}
			// Upsert brings a soft-deleted match back [TWENTY.md §1.4: sets deletedAt null].
			return update(ctx, object, ctx.store.get(object, [...matches][0])!, patch, true);
		})
	);
}

export function updateRecords(ctx: RecordContext, object: string, rows: Row[], input: unknown): Row[] {
	const [{ patch }] = readAll(ctx, object, [stripId(input)]);
	return ctx.store.transaction(() => rows.map((row) => update(ctx, object, row, patch)));
}

function stripId(input: unknown): unknown {
	if (!isObject(input)) return input;
	const { id: _id, ...rest } = input;
	return rest;
}

/** Children pointing at a row through a MANY_TO_ONE relation, with its onDelete rule. */
function* children(ctx: RecordContext, object: string, id: string) {
	for (const o of ctx.registry.objects) {
		for (const f of ctx.registry.schema(o.nameSingular).manyToOne) {
			if (f.relation!.target !== object) continue;
			const column = f.relation!.joinColumn!;
			for (const row of ctx.store.table(o.nameSingular).rows.values())
				if (row[column] === id) yield { object: o.nameSingular, column, row, onDelete: f.relation!.onDelete ?? 'SET_NULL' };
		}
	}
}

export function destroyRows(ctx: RecordContext, object: string, rows: Row[]): Row[] {
	return ctx.store.transaction(() => {
		for (const row of rows) destroyOne(ctx, object, row.id);
		return rows;
	});
}

function destroyOne(ctx: RecordContext, object: string, id: string): void {
	if (!ctx.store.get(object, id)) return;
	ctx.store.remove(object, id);
	for (const child of [...children(ctx, object, id)]) {
		if (child.onDelete === 'CASCADE') destroyOne(ctx, child.object, child.row.id);
		else ctx.store.put(child.object, { ...child.row, [child.column]: null });
	}
}

export function softDeleteRows(ctx: RecordContext, object: string, rows: Row[]): Row[] {
	const at = isoNow(ctx);
	return ctx.store.transaction(() => rows.map((row) => softDeleteOne(ctx, object, row, at)));
}

function softDeleteOne(ctx: RecordContext, object: string, row: Row, at: string): Row {
	const next = { ...row, deletedAt: at, updatedAt: at } as Row;
	ctx.store.put(object, next);
	// relation-on-delete.service.ts soft-deletes CASCADE children too [TWENTY.md §1.5].
	for (const child of [...children(ctx, object, row.id)])
		if (child.onDelete === 'CASCADE' && !child.row.deletedAt) softDeleteOne(ctx, child.object, child.row, at);
	return next;
}

export function restoreRows(ctx: RecordContext, object: string, rows: Row[]): Row[] {
	return ctx.store.transaction(() => rows.map((row) => restoreOne(ctx, object, row)));
}

function restoreOne(ctx: RecordContext, object: string, row: Row): Row {
	const deletedAt = row.deletedAt;
	const next = { ...row, deletedAt: null, updatedAt: isoNow(ctx) } as Row;
	if (deletedAt) checkUnique(ctx, object, next);
	ctx.store.put(object, next);
	// Children soft-deleted together with the row come back with it.
	if (deletedAt)
		for (const child of [...children(ctx, object, row.id)])
			if (child.onDelete === 'CASCADE' && child.row.deletedAt === deletedAt) restoreOne(ctx, child.object, child.row);
	return next;
}
