// Importing an export (folder, zip or single file) into a new snapshot of a workspace.
// Every row read is either staged in a raw table or kept in ferry.rejects with its file,
// line, raw text and reason; the same bytes imported twice create nothing new.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { importLimits } from '../config.js';
import { log } from '../log/index.js';
import type { Workspace } from '../db/index.js';
import { ident } from '../db/sql.js';
import { loadDelimited } from './csv.js';
import { detectEncoding, NotTextError, type TextEncoding } from './encoding.js';
import { sheetTableName, tableNameFor } from './headers.js';
import { loadJson } from './json.js';
import { scanFile, type FileScan } from './scan.js';
import { exportRoot, readLayout, type ExportFile, type ExportLayout } from './source.js';
import type { FileOutcome, ImportProgress } from '../../shared/types.js';
import type { TableLoad } from './types.js';
import { loadWorkbook } from './xlsx.js';
import { extractZip } from './zip.js';
import { FerryError } from '../errors.js';

export interface ImportOptions {
	onProgress?: (p: ImportProgress) => void;
	actor?: string;
	/** How the export reached Ferry, for the snapshot record. */
	sourceLabel?: string;
}

export type { FileOutcome };

export interface ImportResult {
	snapshotId: number;
	reused: boolean;
	rowsRead: number;
	rowsStaged: number;
	rowsRejected: number;
	files: FileOutcome[];
}

interface Prepared {
	layout: ExportLayout;
	kind: 'folder' | 'zip' | 'file';
	/** Extracted zip folder to keep (moved under the workspace) or drop. */
	extracted?: string;
}

function isZip(file: string): boolean {
	const fd = fs.openSync(file, 'r');
	const head = Buffer.alloc(4);
	fs.readSync(fd, head, 0, 4, 0);
	fs.closeSync(fd);
	return head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50;
}

async function prepare(ws: Workspace, source: string): Promise<Prepared> {
	if (!fs.existsSync(source)) throw new FerryError(`nothing to import at '${source}': no such file or folder`);
	const stat = fs.statSync(source);
	if (stat.isDirectory()) return { layout: readLayout(exportRoot(source)), kind: 'folder' };
	// A workbook is a zip inside: by its name it is one file to read, not an archive to open.
	const workbook = /^\.xls[xm]$/i.test(path.extname(source));
	if (!workbook && (path.extname(source).toLowerCase() === '.zip' || isZip(source))) {
		const extracted = path.join(ws.dir, 'tmp', `zip-${randomBytes(6).toString('hex')}`);
		await extractZip(source, extracted);
		return { layout: readLayout(exportRoot(extracted)), kind: 'zip', extracted };
	}
	return { layout: readLayout(path.dirname(source), [path.basename(source)]), kind: 'file' };
}

/** The export's identity: every table file's hash plus every document's name and size. */
function contentHash(scans: Map<string, FileScan>, layout: ExportLayout): string {
	const hash = createHash('sha256');
	for (const f of layout.tables) hash.update(`${f.name}\t${scans.get(f.name)?.sha256 ?? f.bytes}\n`);
	for (const d of layout.documents) hash.update(`${d.name}\t${d.bytes}\n`);
	return hash.digest('hex');
}

/**
 * One import at a time per workspace: a second waits its turn, so the same bytes given twice at
 * once are recognised by the second (reused), never staged twice, and no two imports race for
 * the snapshot ids and the raw views.
 */
export function importExport(ws: Workspace, source: string, options: ImportOptions = {}): Promise<ImportResult> {
	return ws.oneAtATime('import', async () => {
		const prepared = await prepare(ws, path.resolve(source));
		try {
			return await importPrepared(ws, path.resolve(source), prepared, options);
		} finally {
			if (prepared.extracted) fs.rmSync(prepared.extracted, { recursive: true, force: true });
		}
	});
}

/** An export with no table file Ferry reads is a mistake worth a clear word, not an empty snapshot. */
function assertSomethingToRead(layout: ExportLayout): void {
	if (layout.tables.some((f) => f.kind === 'delimited' || f.kind === 'xlsx' || f.kind === 'json')) return;
	const what = 'no CSV, TSV, TXT, XLSX or JSON table files at its top level';
	if (layout.tables.length === 0 && layout.documents.length === 0) throw new FerryError(`nothing to import: the export is empty (${what})`);
	const found = layout.tables
		.filter((f) => f.kind !== 'ignored')
		.slice(0, 5)
		.map((f) => `${f.name} ${f.reason}`);
	const docs = layout.documents.length ? `; ${layout.documents.length} file(s) in sub-folders are documents, not tables` : '';
	throw new FerryError(`nothing to import: the export holds ${what}${found.length ? ` (${found.join('; ')})` : ''}${docs}`);
}

async function importPrepared(ws: Workspace, source: string, prepared: Prepared, options: ImportOptions): Promise<ImportResult> {
	const { layout } = prepared;
	assertSomethingToRead(layout);
	const tables = layout.tables.filter((f) => f.kind !== 'ignored').length;
	if (tables > importLimits.maxTables)
		throw new FerryError(
			`the export holds ${tables} table files; Ferry reads at most ${importLimits.maxTables} in one export (the FERRY_MAX_TABLES setting): nothing was imported`
		);
	const progress = progressReporter(layout, options.onProgress);
	const scans = new Map<string, FileScan>();
	for (const f of layout.tables) {
		progress.scan(f);
		// Only files Ferry reads are opened: a refused link is never followed, not even to hash it.
		if (f.kind !== 'ignored' && f.kind !== 'unsupported') scans.set(f.name, await scanFile(f.abs));
	}
	const hash = contentHash(scans, layout);
	const existing = await ws.one<{ id: number }>(`select id from ferry.snapshots where content_hash = $1 order by id limit 1`, [hash]);
	if (existing) {
		await ws.audit('import.recognised', `snapshot ${existing.id}`, { source: options.sourceLabel ?? prepared.kind }, options.actor);
		return { ...(await summary(ws, Number(existing.id))), reused: true };
	}
	const id = Number((await ws.one<{ id: bigint }>(`select nextval('ferry.snapshot_ids') as id`))!.id);
	const filesDir = keepDocuments(ws, id, prepared);
	// No single transaction: a DuckDB statement that fails (the fast CSV path giving up)
	// aborts a transaction, and the tolerant path must run after it. A failed import
	// drops its half-made snapshot schema instead.
	const outcomes = await ws.withConnection(async (conn) => {
		await conn.run(`create schema ${ident(`snap_${id}`)}`);
		try {
			return await loadAll(conn);
		} catch (err) {
			await conn.run(`drop schema if exists ${ident(`snap_${id}`)} cascade`);
			for (const table of ['snapshot_files', 'snapshot_columns', 'rejects'])
				await conn.run(`delete from ferry.${table} where snapshot_id = $1`, [id]);
			throw err;
		}
	});
	async function loadAll(conn: DuckDBConnection): Promise<FileOutcome[]> {
		const taken = new Set<string>();
		const results: FileOutcome[] = [];
		for (const f of layout.tables) {
			progress.load(f);
			results.push(...(await importFile(conn, ws, id, f, scans.get(f.name), taken)));
			progress.loaded(f);
		}
		const totals = sum(results);
		await conn.run(`insert into ferry.snapshots values ($1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
			id,
			options.sourceLabel ?? source,
			prepared.kind,
			hash,
			layout.tables.length,
			totals.rowsRead,
			totals.rowsStaged,
			totals.rowsRejected,
			layout.documents.length,
			layout.documents.reduce((n, d) => n + d.bytes, 0),
			filesDir
		]);
		await pointRawViews(conn, id);
		return results;
	}
	const totals = sum(outcomes);
	await ws.audit(
		'import',
		`snapshot ${id}`,
		{ files: layout.tables.length, ...totals, documents: layout.documents.length, kind: prepared.kind },
		options.actor
	);
	log.info('import.done', { ws: ws.name, snapshot: id, files: layout.tables.length, ...totals, documents: layout.documents.length });
	progress.done();
	return { snapshotId: id, reused: false, ...totals, files: outcomes };
}

/** Documents must outlive a zip's temporary folder: they are moved under the workspace. */
function keepDocuments(ws: Workspace, id: number, prepared: Prepared): string | null {
	const dirs = prepared.layout.documentDirs;
	if (dirs.length === 0) return null;
	if (prepared.kind !== 'zip') return prepared.layout.root;
	const dest = path.join(ws.dir, 'snapshots', String(id));
	fs.mkdirSync(dest, { recursive: true });
	for (const d of dirs) fs.renameSync(path.join(prepared.layout.root, d), path.join(dest, d));
	return dest;
}

function sum(outcomes: FileOutcome[]) {
	return outcomes.reduce(
		(t, o) => ({
			rowsRead: t.rowsRead + o.rowsRead,
			rowsStaged: t.rowsStaged + o.rowsStaged,
			rowsRejected: t.rowsRejected + o.rowsRejected
		}),
		{ rowsRead: 0, rowsStaged: 0, rowsRejected: 0 }
	);
}

function uniqueName(base: string, taken: Set<string>): string {
	let name = base;
	for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
	taken.add(name);
	return name;
}

async function importFile(
	conn: DuckDBConnection,
	ws: Workspace,
	id: number,
	f: ExportFile,
	scan: FileScan | undefined,
	taken: Set<string>
): Promise<FileOutcome[]> {
	const schema = `snap_${id}`;
	const base = { file: f.name, sheet: '', format: f.kind, encoding: null as string | null, delimiter: null as string | null };
	const record = (o: FileOutcome, load?: TableLoad) => saveOutcome(conn, id, o, scan, load).then(() => o);
	// One after another: a DuckDB connection takes one appender at a time.
	const recordEach = async (pairs: Array<[FileOutcome, TableLoad]>) => {
		const out: FileOutcome[] = [];
		for (const [o, load] of pairs) out.push(await record(o, load));
		return out;
	};
	if (f.kind === 'ignored' || f.kind === 'unsupported' || !scan) {
		const status = f.kind === 'ignored' ? 'ignored' : 'rejected';
		return [
			await record({
				...base,
				table: null,
				status,
				rowsRead: 0,
				rowsStaged: 0,
				rowsRejected: 0,
				error: `${f.name} ${f.reason ?? 'was not read'}`,
				warnings: []
			})
		];
	}
	let encoding: TextEncoding | null = null;
	try {
		if (scan.bytes === 0) throw new NotTextError('is empty (0 bytes)');
		if (f.kind === 'xlsx') {
			const made: string[] = [];
			const tableFor = (sheet: string) => {
				made.push(uniqueName(/^sheet\d*$/i.test(sheet) ? tableNameFor(f.name) : sheetTableName(sheet), taken));
				return made[made.length - 1];
			};
			const loads = await loadWorkbook(f.abs, conn, schema, tableFor).catch(async (err: Error) => {
				// A damaged workbook is refused whole: sheets read before the damage are dropped,
				// so no table holds part of a file that the outcome calls rejected.
				for (const t of made) await conn.run(`drop table if exists ${ident(schema)}.${ident(t)}`);
				// DuckDB's own failures (disk, catalog) are not the workbook's damage: they fail the import.
				if (/^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)* Error: /.test(err.message)) throw err;
				if (err instanceof NotTextError) throw err; // a bound (too many columns) says so itself
				throw new NotTextError(`is not a readable XLSX workbook (damaged or cut short: ${err.message.split('\n')[0].slice(0, 200)})`);
			});
			if (loads.length === 0) throw new NotTextError('is a workbook with no sheets');
			return recordEach(loads.map((l) => [outcome({ ...base, sheet: l.sheet }, l.table ?? null, l), l]));
		}
		if (f.kind === 'json') {
			const loads = await loadJson(f.abs, scan.bytes, conn, schema, (key) =>
				uniqueName(tableNameFor(key ? `${f.name.replace(/\.json$/i, '')}_${key}` : f.name), taken)
			);
			return recordEach(loads.map((l) => [outcome({ ...base, sheet: l.sheet }, l.table, l), l]));
		}
		encoding = detectEncoding(scan);
		const table = uniqueName(tableNameFor(f.name), taken);
		const load = await loadDelimited(f.abs, scan, encoding, { conn, schema, table, tmpDir: ws.readDir });
		return [await record(outcome({ ...base, encoding: load.encoding ?? encoding, delimiter: load.delimiter ?? null }, table, load), load)];
	} catch (err) {
		if (!(err instanceof NotTextError)) throw err;
		return [
			await record({
				...base,
				encoding,
				table: null,
				status: 'rejected',
				rowsRead: 0,
				rowsStaged: 0,
				rowsRejected: 0,
				error: `${f.name} ${err.message}`,
				warnings: []
			})
		];
	}
}

function outcome(
	base: Omit<FileOutcome, 'table' | 'status' | 'rowsRead' | 'rowsStaged' | 'rowsRejected' | 'error' | 'warnings'>,
	table: string | null,
	load: TableLoad
): FileOutcome {
	const rowsRejected = load.rejects.length;
	const empty = load.columns.length === 0;
	return {
		...base,
		table: empty ? null : table,
		status: empty ? 'rejected' : 'staged',
		rowsRead: load.rowsStaged + rowsRejected,
		rowsStaged: load.rowsStaged,
		rowsRejected,
		error: empty ? `${base.file}${base.sheet ? ` sheet '${base.sheet}'` : ''} ${load.warnings.join('; ')}` : null,
		warnings: empty ? [] : load.warnings
	};
}

async function saveOutcome(
	conn: DuckDBConnection,
	id: number,
	o: FileOutcome,
	scan: FileScan | undefined,
	load?: TableLoad
): Promise<void> {
	// No file or sheet name: the export names them, and a name can be a patient's (ferry.snapshot_files keeps them).
	log.debug('import.file', {
		snapshot: id,
		format: o.format,
		status: o.status,
		rowsRead: o.rowsRead,
		rowsStaged: o.rowsStaged,
		rowsRejected: o.rowsRejected
	});
	await conn.run(
		`insert into ferry.snapshot_files values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::varchar[])`,
		[
			id,
			o.file,
			o.sheet,
			o.table,
			o.format,
			scan?.sha256 ?? '',
			scan?.bytes ?? 0,
			o.encoding,
			o.delimiter,
			load?.lineEnding ?? null,
			load?.headerRow ?? null,
			o.rowsRead,
			o.rowsStaged,
			o.rowsRejected,
			o.status,
			o.error,
			JSON.stringify(o.warnings)
		]
	);
	if (!load || !o.table) return;
	// One appender, not an insert per column: a file of 10 000 columns took 17 s the other way.
	const columns = await conn.createAppender('snapshot_columns', 'ferry');
	try {
		for (const [i, c] of load.columns.entries()) {
			columns.appendInteger(id);
			columns.appendVarchar(o.table);
			columns.appendInteger(i + 1);
			columns.appendVarchar(c.name);
			columns.appendVarchar(c.original.replaceAll('\0', '\u2400'));
			columns.endRow();
		}
		columns.flushSync();
	} finally {
		columns.closeSync(); // the connection takes one appender at a time
	}
	if (load.rejects.length === 0) return;
	const appender = await conn.createAppender('rejects', 'ferry');
	for (const r of load.rejects) {
		appender.appendInteger(id);
		appender.appendVarchar(o.file);
		appender.appendVarchar(o.sheet);
		r.line == null ? appender.appendNull() : appender.appendBigInt(BigInt(r.line));
		appender.appendVarchar(r.reason);
		appender.appendVarchar(clip(r.raw));
		appender.endRow();
	}
	appender.flushSync();
	appender.closeSync();
}

function clip(text: string): string {
	const max = importLimits.maxRejectRawChars;
	const raw = text.replaceAll('\0', '\u2400'); // DuckDB text holds no NUL; ␀ shows where it was
	return raw.length <= max ? raw : `${raw.slice(0, max)}… [${raw.length - max} more characters not kept]`;
}

/** raw.<table> always shows the newest snapshot, so cells need not name a snapshot. */
async function pointRawViews(conn: DuckDBConnection, id: number): Promise<void> {
	const old = await conn.runAndReadAll(`select view_name from duckdb_views() where schema_name = 'raw'`);
	for (const [name] of old.getRows()) await conn.run(`drop view raw.${ident(String(name))}`);
	const tables = await conn.runAndReadAll(`select table_name from duckdb_tables() where schema_name = $1`, [`snap_${id}`]);
	for (const [name] of tables.getRows()) {
		await conn.run(`create view raw.${ident(String(name))} as select * from ${ident(`snap_${id}`)}.${ident(String(name))}`);
	}
}

export async function summary(ws: Workspace, snapshotId: number): Promise<Omit<ImportResult, 'reused'>> {
	const snap = await ws.one<{ rows_read: bigint; rows_staged: bigint; rows_rejected: bigint }>(
		`select * from ferry.snapshots where id = $1`,
		[snapshotId]
	);
	if (!snap) throw new FerryError(`snapshot ${snapshotId} does not exist`);
	const files = await ws.all<Record<string, unknown>>(`select * from ferry.snapshot_files where snapshot_id = $1 order by file, sheet`, [
		snapshotId
	]);
	return {
		snapshotId,
		rowsRead: Number(snap.rows_read),
		rowsStaged: Number(snap.rows_staged),
		rowsRejected: Number(snap.rows_rejected),
		files: files.map((f) => ({
			file: String(f.file),
			sheet: String(f.sheet),
			table: (f.table_name as string) ?? null,
			format: String(f.format),
			status: f.status as FileOutcome['status'],
			rowsRead: Number(f.rows_read),
			rowsStaged: Number(f.rows_staged),
			rowsRejected: Number(f.rows_rejected),
			encoding: (f.encoding as string) ?? null,
			delimiter: (f.delimiter as string) ?? null,
			error: (f.error as string) ?? null,
			warnings: (f.warnings as string[]) ?? []
		}))
	};
}

function progressReporter(layout: ExportLayout, onProgress?: (p: ImportProgress) => void) {
	const bytesTotal = layout.tables.reduce((n, f) => n + f.bytes, 0) * 2;
	const filesTotal = layout.tables.length;
	let bytesDone = 0;
	let filesDone = 0;
	const emit = (phase: ImportProgress['phase'], file?: string) =>
		onProgress?.({ phase, file, filesDone, filesTotal, bytesDone, bytesTotal });
	return {
		scan: (f: ExportFile) => {
			emit('scan', f.name);
			bytesDone += f.bytes;
		},
		load: (f: ExportFile) => emit('load', f.name),
		loaded: (f: ExportFile) => {
			bytesDone += f.bytes;
			filesDone++;
			emit('load', f.name);
		},
		done: () => emit('done')
	};
}
