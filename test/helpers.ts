import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, type Workspace } from '../src/lib/server/db/index.js';

let counter = 0;

/** A fresh workspace with a unique name. */
export function freshWorkspace(prefix = 'ws'): Promise<Workspace> {
	return openWorkspace(`${prefix}-${process.pid}-${++counter}`, { create: true });
}

/** Writes files (name → content) into a new temporary export folder. */
export function exportFolder(files: Record<string, string | Buffer>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-export-'));
	for (const [name, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), content);
	}
	return dir;
}
