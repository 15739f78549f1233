// Snapshot history: which imported export is current (the one the raw.* views read, so every
// later step follows it), making an older one current again, and deleting one with what
// depended on it named first. A wrong import is undone here, never by re-importing.
import fs from 'node:fs';
import path from 'node:path';
import { ident, type Workspace } from '../db/index.js';
import { importExport, type ImportOptions, type ImportResult } from '../ingest/index.js';
import type { SnapshotRow } from '../../shared/types.js';
import { FerryError } from '../errors.js';

/**
 * The current snapshot as SQL: the one the raw views point at (they are the truth every step
 * reads), else the newest. Usable inside any statement.
 */
export const CURRENT_SNAPSHOT_SQL = `coalesce(
	(select max(try_cast(regexp_extract(sql, 'snap_(\\d+)\\.', 1) as integer)) from duckdb_views() where schema_name = 'raw' and database_name = current_database()),
	(select max(id) from ferry.snapshots))`;

export async function currentSnapshot(ws: Workspace): Promise<number | null> {
	const r = await ws.one<{ id: number | null }>(`select ${CURRENT_SNAPSHOT_SQL} as id`);
	return r?.id == null ? null : Number(r.id);
}

/** One snapshot as the history lists it: the shape the UI reads (shared/types.ts). */
export type { SnapshotRow };
export { snapshotColumns, snapshotRejects, type RejectsQuery } from './browse.js';
export { fixReject, dropReject, parseFixedRow } from './quarantine.js';

export async function listSnapshots(ws: Workspace): Promise<SnapshotRow[]> {
	return ws.all<SnapshotRow>(
		`select s.* exclude (files_dir), s.id = ${CURRENT_SNAPSHOT_SQL} as current,
			(select count(distinct table_name)::int from ferry.snapshot_files f where f.snapshot_id = s.id and f.table_name is not null) as tables
		 from ferry.snapshots s order by s.id desc`
	);
}

async function snapshotRow(ws: Workspace, id: number): Promise<{ id: number; files_dir: string | null }> {
	const row = await ws.one<{ id: number; files_dir: string | null }>(`select id, files_dir from ferry.snapshots where id = $1`, [id]);
	if (!row) {
		const ids = (await ws.all<{ id: number }>(`select id from ferry.snapshots order by id`)).map((r) => r.id);
		throw new FerryError(`snapshot ${id} does not exist in workspace '${ws.name}' (it has ${ids.length ? ids.join(', ') : 'none'})`, 404);
	}
	return row;
}

async function tableExists(ws: Workspace, schema: string, table: string): Promise<boolean> {
	return ws.exists(schema, table);
}

/** What hangs on a snapshot: a person sees this before deleting it or moving away from it. */
export interface Dependents {
	snapshot: number;
	current: boolean;
	/** Deltas computed with it (they are deleted with it). */
	deltas: Array<{ from: number; to: number }>;
	/** Duplicate-detection runs computed on it (their decisions are keyed by patient id and stay). */
	dedupeRuns: number;
	/** Attachment files kept for it under the workspace (deleted with it). */
	documents: number;
	/** Sentences for the confirmation. */
	notes: string[];
}

export async function snapshotDependents(ws: Workspace, id: number): Promise<Dependents> {
	await snapshotRow(ws, id);
	const current = (await currentSnapshot(ws)) === id;
	const deltas = (await tableExists(ws, 'delta', 'tables'))
		? await ws.all<{ from: number; to: number }>(
				`select distinct from_snapshot as "from", to_snapshot as "to" from delta.tables where $1 in (from_snapshot, to_snapshot) order by 1, 2`,
				[id]
			)
		: [];
	const dedupeRuns = (await tableExists(ws, 'dedupe', 'runs')) ? await ws.count(`dedupe.runs where snapshot_id = $1`, [id]) : 0;
	const documents = Number((await ws.one<{ n: number }>(`select attachment_files as n from ferry.snapshots where id = $1`, [id]))!.n);
	const notes: string[] = [];
	if (current) notes.push(`snapshot ${id} is current: make another snapshot current first`);
	if (deltas.length)
		notes.push(`${deltas.length} delta comparison(s) with it are deleted (${deltas.map((d) => `${d.from}→${d.to}`).join(', ')})`);
	if (dedupeRuns) notes.push(`${dedupeRuns} duplicate-detection run(s) were computed on it; decisions are keyed by patient id and stay`);
	if (documents) notes.push(`${documents} attachment file(s) kept for it are deleted`);
	notes.push('records already pushed to Twenty stay there, with their ledger: rollback still works');
	return { snapshot: id, current, deltas, dedupeRuns, documents, notes };
}

/** Points the raw views at snapshot `id`: every page, cell, map and batch then reads it. */
export async function makeCurrent(
	ws: Workspace,
	id: number,
	actor = 'analyst'
): Promise<{ snapshot: number; previous: number | null; tables: number; stale: string[] }> {
	await snapshotRow(ws, id);
	const previous = await currentSnapshot(ws);
	const tables = await ws.transaction(async (c) => {
		const old = (
			await c.runAndReadAll(`select view_name from duckdb_views() where schema_name = 'raw' and database_name = current_database()`)
		).getRows();
		for (const [name] of old) await c.run(`drop view raw.${ident(String(name))}`);
		const made = (
			await c.runAndReadAll(
				`select table_name from duckdb_tables() where schema_name = $1 and database_name = current_database() order by 1`,
				[`snap_${id}`]
			)
		).getRows();
		for (const [name] of made)
			await c.run(`create view raw.${ident(String(name))} as select * from ${ident(`snap_${id}`)}.${ident(String(name))}`);
		return made.length;
	});
	const stale: string[] = [];
	if (previous !== id && (await tableExists(ws, 'dedupe', 'runs'))) {
		const last = await ws.one<{ s: number | null }>(`select snapshot_id as s from dedupe.runs order by all desc limit 1`);
		if (last?.s != null && Number(last.s) !== id)
			stale.push(`duplicate detection last ran on snapshot ${last.s}: run it again on the Dedupe page`);
	}
	if (previous !== id) stale.push('the stage views read the new current snapshot: compile the mapping again before freezing batches');
	await ws.audit('snapshot.current', `snapshot ${id}`, { previous, tables }, actor);
	return { snapshot: id, previous, tables, stale };
}

/** Deletes a snapshot that is not current: its tables, rejects, deltas and kept attachments. */
export async function deleteSnapshot(ws: Workspace, id: number, actor = 'analyst'): Promise<Dependents> {
	const row = await snapshotRow(ws, id);
	const deps = await snapshotDependents(ws, id);
	if (deps.current) throw new FerryError(`snapshot ${id} is current: make another snapshot current first, then delete it`, 409);
	await ws.transaction(async (c) => {
		await c.run(`drop schema if exists ${ident(`snap_${id}`)} cascade`);
		for (const t of ['snapshot_files', 'snapshot_columns', 'rejects', 'reject_resolutions'])
			await c.run(`delete from ferry.${t} where snapshot_id = $1`, [id]);
		if (deps.deltas.length) {
			await c.run(`delete from delta.records where $1 in (from_snapshot, to_snapshot)`, [id]);
			await c.run(`delete from delta.tables where $1 in (from_snapshot, to_snapshot)`, [id]);
		}
		await c.run(`delete from ferry.snapshots where id = $1`, [id]);
	});
	// Only a folder Ferry made under the workspace; an imported folder on the machine is the user's.
	const kept = path.join(ws.dir, 'snapshots', String(id));
	if (row.files_dir && path.resolve(row.files_dir) === kept) fs.rmSync(kept, { recursive: true, force: true });
	await ws.audit(
		'snapshot.delete',
		`snapshot ${id}`,
		{ deltas: deps.deltas.length, dedupeRuns: deps.dedupeRuns, documents: deps.documents },
		actor
	);
	return deps;
}

/**
 * A new snapshot that looks like a stray file rather than the export (tables of the previous one
 * missing, far fewer rows): sentences for the import result, so a person can switch back.
 */
export async function importWarnings(ws: Workspace, id: number, previous: number | null): Promise<string[]> {
	if (previous == null || previous === id) return [];
	const tables = async (s: number) =>
		(
			await ws.all<{ t: string }>(
				`select distinct table_name as t from ferry.snapshot_files where snapshot_id = $1 and table_name is not null`,
				[s]
			)
		).map((r) => r.t);
	const [now, before] = [await tables(id), await tables(previous)];
	const missing = before.filter((t) => !now.includes(t));
	const out: string[] = [];
	if (missing.length)
		out.push(
			`snapshot ${id} lacks ${missing.length} of the ${before.length} tables snapshot ${previous} had (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`
		);
	const rows = await ws.all<{ id: number; n: number }>(`select id, rows_staged::double as n from ferry.snapshots where id in ($1, $2)`, [
		id,
		previous
	]);
	const [a, b] = [rows.find((r) => r.id === id)?.n ?? 0, rows.find((r) => r.id === previous)?.n ?? 0];
	if (b > 0 && a < b / 2)
		out.push(`snapshot ${id} has ${a.toLocaleString('en-AU')} rows where snapshot ${previous} had ${b.toLocaleString('en-AU')}`);
	return out;
}

export interface TrackedImport extends ImportResult {
	/** The snapshot current before this import. */
	previous: number | null;
	/** True when an export imported before was made current again by importing it anew. */
	madeCurrent: boolean;
	warnings: string[];
}

/**
 * Imports and keeps the history straight: a new snapshot becomes current (with warnings when it
 * looks like a stray file); the same bytes imported again make their snapshot current again.
 */
export async function importSnapshot(ws: Workspace, source: string, options: ImportOptions = {}): Promise<TrackedImport> {
	const previous = await currentSnapshot(ws);
	const r = await importExport(ws, source, options);
	if (r.reused) {
		const madeCurrent = previous !== r.snapshotId;
		if (madeCurrent) await makeCurrent(ws, r.snapshotId, options.actor);
		return { ...r, previous, madeCurrent, warnings: [] };
	}
	return { ...r, previous, madeCurrent: false, warnings: await importWarnings(ws, r.snapshotId, previous) };
}
