// What Postgres would refuse: a second row with a unique value (TWENTY.md §1.5: the person
// email and company domain indexes are not partial in v2.x, so soft-deleted rows still hold
// their values) and a join column pointing nowhere (foreign keys, §1.5 onDelete rules).
import { duplicateId, duplicateValue, foreignKeyViolation } from '../profiles/messages.js';
import type { RecordContext } from './context.js';
import { uniqueKey, type Row } from './table.js';

export function checkNewId(ctx: RecordContext, object: string, id: string): void {
	if (ctx.store.get(object, id)) throw duplicateId(ctx.profile);
}

export function checkUnique(ctx: RecordContext, object: string, row: Row): void {
	const table = ctx.store.table(object);
	for (const f of table.schema.unique) {
		const key = uniqueKey(f, row);
		if (key === null) continue;
		for (const holder of table.holders(f, key)) {
			if (holder === row.id) continue;
			const other = table.rows.get(holder)!;
			if (other.deletedAt && !ctx.profile.softDeletedHoldUnique) continue;
			throw duplicateValue(ctx.profile, f.label, key.split('\u0000')[0]);
		}
	}
}

export function checkForeignKeys(ctx: RecordContext, object: string, row: Row, changed?: Set<string>): void {
	for (const f of ctx.store.table(object).schema.manyToOne) {
		const column = f.relation!.joinColumn!;
		if (changed && !changed.has(column)) continue;
		const target = row[column];
		if (target === null || target === undefined) continue;
		if (!ctx.store.get(f.relation!.target, target as string)) throw foreignKeyViolation(object, column);
	}
}
