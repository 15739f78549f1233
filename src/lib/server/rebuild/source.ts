// Where automations come from: an export on disk (folder, or the automations.json itself), or a
// workspace's newest snapshot (the original file when it is still where it was imported from and
// unchanged, else the tables the importer made of it).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import type { Workspace } from '../db/index.js';
import { ident, qualified } from '../db/index.js';
import { Automations } from './model.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';
import { FerryError } from '../errors.js';
import { tablePlaying } from '../mapping/index.js';

export function parseAutomations(doc: unknown, where: string): Automations {
	try {
		return Automations.parse(doc);
	} catch (err) {
		if (err instanceof ZodError)
			throw new FerryError(
				`${where} is not a Clinic Place automations file: ${err.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`,
				422
			);
		throw err;
	}
}

function readJson(file: string): unknown {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
	} catch (err) {
		throw new FerryError(`${path.basename(file)} is not valid JSON: ${(err as Error).message}`, 422);
	}
}

/** An export folder, or the automations.json inside one. */
export function automationsFromExport(source: string): Automations {
	if (!fs.existsSync(source)) throw new FerryError(`no export at '${source}': no such file or folder`, 404);
	const file = fs.statSync(source).isDirectory() ? path.join(source, 'automations.json') : source;
	if (!fs.existsSync(file)) throw new FerryError(`the export at '${source}' has no automations.json`, 404);
	return parseAutomations(readJson(file), path.basename(file));
}

interface FileRow {
	snapshot_id: number;
	file: string;
	sheet: string;
	table_name: string | null;
	sha256: string;
	source: string;
}

/** A JSON value the importer kept as text: objects, arrays and booleans come back as they were. */
function revive(v: string | null): unknown {
	if (v === null) return undefined;
	if (/^[[{]/.test(v) || v === 'true' || v === 'false') {
		try {
			return JSON.parse(v);
		} catch {
			return v;
		}
	}
	return v;
}

async function fromTables(ws: Workspace, rows: FileRow[]): Promise<unknown> {
	const doc: Record<string, unknown> = {};
	for (const r of rows) {
		if (!r.table_name || !r.sheet) continue;
		const cols = await ws.all<{ name: string; original_name: string }>(
			`select name, original_name from ferry.snapshot_columns where snapshot_id = $1 and table_name = $2 order by position`,
			[r.snapshot_id, r.table_name]
		);
		const data = await ws.all<Record<string, string | null>>(
			`select ${cols.map((c) => ident(c.name)).join(', ')} from ${qualified(`snap_${r.snapshot_id}`, r.table_name)}`
		);
		doc[r.sheet] = data.map((d) =>
			Object.fromEntries(cols.map((c) => [c.original_name, revive(d[c.name])]).filter(([, v]) => v !== undefined))
		);
	}
	return doc;
}

/** The file behind the table playing the automations role (whatever the export calls it), all its tables. */
export async function automationsFromWorkspace(ws: Workspace): Promise<Automations> {
	const table = await tablePlaying(ws, 'automations');
	const rows = table
		? await ws.all<FileRow>(
				`select f.snapshot_id, f.file, f.sheet, f.table_name, f.sha256, s.source
				 from ferry.snapshot_files f join ferry.snapshots s on s.id = f.snapshot_id
				 where f.snapshot_id = ${CURRENT_SNAPSHOT_SQL} and f.status <> 'failed'
				   and f.file in (select file from ferry.snapshot_files where snapshot_id = ${CURRENT_SNAPSHOT_SQL} and table_name = $1)`,
				[table]
			)
		: [];
	if (!rows.length)
		throw new FerryError(
			`workspace '${ws.name}' has no table playing the automations role in its newest snapshot: import an export that includes its automations, or give that table the role (ferry map table <table> --role automations, or on the Mapping page)`,
			404
		);
	const original = path.join(rows[0].source, rows[0].file);
	if (fs.existsSync(original) && fs.statSync(original).isFile()) {
		const bytes = fs.readFileSync(original);
		if (createHash('sha256').update(bytes).digest('hex') === rows[0].sha256) return parseAutomations(readJson(original), rows[0].file);
	}
	return parseAutomations(await fromTables(ws, rows), rows[0].file);
}
