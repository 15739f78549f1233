// Optional state file: a JSON snapshot of metadata, records and uploaded files, loaded on
// start and written (atomically, debounced) after changes and on close.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxCore } from '../core.js';
import { FileStore, type FileSnapshot } from '../files/index.js';
import { MetadataRegistry } from '../metadata/registry.js';
import type { ObjectMeta } from '../metadata/types.js';
import type { Row } from '../records/table.js';

export interface Snapshot {
	format: 'ferry-sandbox-state';
	version: 1;
	profile: string;
	savedAt: string;
	metadata: ObjectMeta[];
	records: Record<string, Row[]>;
	files: FileSnapshot[];
}

export function takeSnapshot(core: SandboxCore): Snapshot {
	const records: Record<string, Row[]> = {};
	for (const n of core.store.objectNames()) records[n] = [...core.store.table(n).rows.values()];
	return {
		format: 'ferry-sandbox-state',
		version: 1,
		profile: core.profile.name,
		savedAt: new Date(core.now()).toISOString(),
		metadata: core.registry.objects,
		records,
		files: core.files.snapshot()
	};
}

export function loadSnapshot(core: SandboxCore, snap: Snapshot): void {
	if (snap.format !== 'ferry-sandbox-state' || snap.version !== 1) throw new Error('not a Ferry sandbox state file');
	if (snap.profile !== core.profile.name) throw new Error(`state file was saved with profile ${snap.profile}, not ${core.profile.name}`);
	core.install(MetadataRegistry.fromSnapshot(snap.metadata, core.registry.createdAt), FileStore.fromSnapshot(snap.files));
	for (const [object, rows] of Object.entries(snap.records)) {
		const table = core.store.table(object);
		for (const row of rows) table.put(row);
	}
}

export class StateFile {
	private timer: NodeJS.Timeout | null = null;
	private writing: Promise<void> = Promise.resolve();

	constructor(
		private core: SandboxCore,
		readonly file: string,
		private delayMs = 200
	) {}

	/** Loads the file if it exists; returns whether it did. */
	load(): boolean {
		if (!existsSync(this.file)) return false;
		loadSnapshot(this.core, JSON.parse(readFileSync(this.file, 'utf8')) as Snapshot);
		return true;
	}

	schedule(): void {
		if (this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.save();
		}, this.delayMs);
		this.timer.unref?.();
	}

	async flush(): Promise<void> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		await this.save();
	}

	private save(): Promise<void> {
		const json = JSON.stringify(takeSnapshot(this.core));
		this.writing = this.writing.then(async () => {
			await mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
			const tmp = `${this.file}.${process.pid}.tmp`;
			await writeFile(tmp, json);
			await rename(tmp, this.file);
		});
		return this.writing;
	}
}
