// The in-memory store: one Table per object, and all-or-nothing transactions (a batch is one
// INSERT in Twenty, so one bad record fails the whole batch).
import type { MetadataRegistry } from '../metadata/registry.js';
import { Table, type Row } from './table.js';

export class Store {
	private tables = new Map<string, Table>();
	private undo: Array<() => void> | null = null;
	private listeners: Array<() => void> = [];

	constructor(readonly registry: MetadataRegistry) {
		for (const o of registry.objects) this.tables.set(o.nameSingular, new Table(registry.schema(o.nameSingular)));
	}

	table(nameSingular: string): Table {
		let t = this.tables.get(nameSingular);
		if (!t) {
			t = new Table(this.registry.schema(nameSingular));
			this.tables.set(nameSingular, t);
		}
		return t;
	}

	/** A deleted object's records go with it. */
	drop(nameSingular: string): void {
		this.tables.delete(nameSingular);
	}

	/** Refresh every table's schema after metadata changed (new fields, unique indexes). */
	refreshSchemas(): void {
		for (const o of this.registry.objects) this.table(o.nameSingular).reindex(this.registry.schema(o.nameSingular));
	}

	get(object: string, id: string): Row | undefined {
		return this.table(object).rows.get(id);
	}

	put(object: string, row: Row): void {
		const t = this.table(object);
		const old = t.rows.get(row.id);
		this.undo?.push(old ? () => t.put(old) : () => t.remove(row.id));
		t.put(row);
	}

	remove(object: string, id: string): void {
		const t = this.table(object);
		const old = t.rows.get(id);
		if (!old) return;
		this.undo?.push(() => t.put(old));
		t.remove(id);
	}

	transaction<T>(fn: () => T): T {
		if (this.undo) return fn();
		this.undo = [];
		try {
			const result = fn();
			this.undo = null;
			this.changed();
			return result;
		} catch (err) {
			const log = this.undo ?? [];
			this.undo = null;
			for (let i = log.length - 1; i >= 0; i--) log[i]();
			throw err;
		}
	}

	onChange(fn: () => void): void {
		this.listeners.push(fn);
	}

	changed(): void {
		for (const fn of this.listeners) fn();
	}

	objectNames(): string[] {
		return this.registry.objects.map((o) => o.nameSingular);
	}
}
