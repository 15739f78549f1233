// One object's rows with its unique indexes. Indexes hold every row, soft-deleted ones too:
// whether a soft-deleted holder blocks a value is the profile's call (TWENTY.md §1.5), and
// upsert matching looks at soft-deleted rows in every version (§1.4, withDeleted()).
import type { ObjectSchema } from '../metadata/registry.js';
import type { FieldMeta } from '../metadata/types.js';
import { UNIQUE_SUBFIELDS } from './composite.js';

export type Row = Record<string, unknown> & { id: string; deletedAt: string | null };

/** The unique-index key of a row for one field; null when the value is empty (not indexed). */
export function uniqueKey(f: FieldMeta, row: Record<string, unknown>): string | null {
	const v = row[f.name];
	const subs = UNIQUE_SUBFIELDS[f.type];
	if (subs) {
		const o = (v ?? {}) as Record<string, unknown>;
		if (o[subs[0]] === null || o[subs[0]] === undefined || o[subs[0]] === '') return null;
		return subs.map((s) => String(o[s] ?? '')).join('\u0000');
	}
	if (v === null || v === undefined || v === '') return null;
	return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export class Table {
	readonly rows = new Map<string, Row>();
	private indexes = new Map<string, Map<string, Set<string>>>();
	minPosition: number | null = null;
	maxPosition: number | null = null;

	constructor(public schema: ObjectSchema) {
		this.reindex(schema);
	}

	/** Rebuild indexes after the object's unique fields changed. */
	reindex(schema: ObjectSchema): void {
		this.schema = schema;
		this.indexes = new Map(schema.unique.map((f) => [f.name, new Map()]));
		for (const row of this.rows.values()) this.index(row, +1);
	}

	holders(f: FieldMeta, key: string): Set<string> {
		return this.indexes.get(f.name)?.get(key) ?? new Set();
	}

	put(row: Row): void {
		const old = this.rows.get(row.id);
		if (old) this.index(old, -1);
		this.rows.set(row.id, row);
		this.index(row, +1);
		this.track(row.position);
	}

	remove(id: string): Row | undefined {
		const old = this.rows.get(id);
		if (old) {
			this.index(old, -1);
			this.rows.delete(id);
		}
		return old;
	}

	counts(): { live: number; softDeleted: number } {
		let softDeleted = 0;
		for (const r of this.rows.values()) if (r.deletedAt) softDeleted++;
		return { live: this.rows.size - softDeleted, softDeleted };
	}

	private track(pos: unknown): void {
		if (typeof pos !== 'number') return;
		if (this.minPosition === null || pos < this.minPosition) this.minPosition = pos;
		if (this.maxPosition === null || pos > this.maxPosition) this.maxPosition = pos;
	}

	private index(row: Row, dir: 1 | -1): void {
		for (const f of this.schema.unique) {
			const key = uniqueKey(f, row);
			if (key === null) continue;
			const idx = this.indexes.get(f.name)!;
			let set = idx.get(key);
			if (dir > 0) {
				if (!set) idx.set(key, (set = new Set()));
				set.add(row.id);
			} else if (set) {
				set.delete(row.id);
				if (set.size === 0) idx.delete(key);
			}
		}
	}
}
