// One migration on disk: a DuckDB file plus its folder under data/workspaces/<name>.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { workspacesDir } from '../config.js';
import { schemaStatements } from './schema.js';
import { ident, literal } from './sql.js';
import { countRows } from './count.js';
import { counts, log } from '../log/index.js';
import PQueue from 'p-queue';
import { FerryError } from '../errors.js';

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Offline machines: DuckDB must never try to download an extension. */
const DUCKDB_OPTIONS = {
	autoinstall_known_extensions: 'false',
	autoload_known_extensions: 'true'
};

export type Row = Record<string, unknown>;

/** Under a workspace's folder: the one folder DuckDB may read files from (see lockDown). */
export const READ_DIR = path.join('tmp', 'duckdb-read');

export class Workspace {
	constructor(
		readonly name: string,
		readonly dir: string,
		readonly instance: DuckDBInstance
	) {}

	/** Where Ferry's import puts (links to) the export files DuckDB's CSV reader reads. */
	get readDir(): string {
		return path.join(this.dir, READ_DIR);
	}

	/**
	 * The one way to keep work from overlapping: a queue per kind of work in this workspace
	 * (a mapping compile, a run starting, a notebook run). Long work a person watches goes
	 * through jobs/startJob, which calls into these.
	 */
	private queues = new Map<string, PQueue>();

	/** At most `n` jobs of a kind at once in this workspace (profile scans); the rest wait their turn. The first call for a kind sets its `n`. */
	atMost<T>(kind: string, n: number, job: () => Promise<T>): Promise<T> {
		let queue = this.queues.get(kind);
		if (!queue) this.queues.set(kind, (queue = new PQueue({ concurrency: n })));
		return queue.add(job) as Promise<T>;
	}

	/** One job of a kind at a time in this workspace (a mapping compile, a run starting). */
	oneAtATime<T>(kind: string, job: () => Promise<T>): Promise<T> {
		return this.atMost(kind, 1, job);
	}

	private held = new Map<string, unknown>();

	/**
	 * What a concern keeps in memory about this workspace while the server runs (the loader's
	 * runs being pushed, the local sandbox's URL): made on first use, it lives and dies with this
	 * handle instead of in a module-level map keyed by the workspace's name.
	 */
	state<T>(concern: string, make: () => T): T {
		if (!this.held.has(concern)) this.held.set(concern, make());
		return this.held.get(concern) as T;
	}

	/** A fresh connection per unit of work: DuckDB connections are not shared between concurrent requests. */
	async withConnection<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		const conn = await this.instance.connect();
		try {
			await conn.run(`set search_path = 'main,raw'`);
			return await work(conn);
		} finally {
			conn.closeSync();
		}
	}

	async run(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<void> {
		await this.withConnection((c) => c.run(sql, params));
	}

	/** Small results only (metadata, counts): rows become JS objects. */
	async all<T extends object = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T[]> {
		return this.withConnection(async (c) => {
			const reader = await c.runAndReadAll(sql, params);
			return reader.getRowObjectsJS() as T[];
		});
	}

	async one<T extends object = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T | undefined> {
		return (await this.all<T>(sql, params))[0];
	}

	/** Rows of `from` (a table with its where clause, or a subquery): see countRows. */
	count(from: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<number> {
		return this.withConnection((c) => countRows(c, from, params));
	}

	async transaction<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		return this.withConnection(async (c) => {
			await c.run('begin transaction');
			try {
				const out = await work(c);
				await c.run('commit');
				return out;
			} catch (err) {
				await c.run('rollback');
				throw err;
			}
		});
	}

	private ensured = new Map<string, Promise<void>>();

	/**
	 * Runs a concern's own DDL once per open workspace. Each concern (dedupe, mapping, loader…)
	 * keeps its tables beside its code instead of in one shared list. Concurrent first requests
	 * share one run: two DDL transactions on the same tables would conflict.
	 */
	ensure(concern: string, statements: string[]): Promise<void> {
		return this.once(concern, () =>
			this.withConnection(async (c) => {
				for (const stmt of statements) await c.run(stmt);
			})
		);
	}

	/** Work done once per open workspace (a concern's setup); concurrent first calls share it, a failure is tried again next time. */
	once(key: string, work: () => Promise<void>): Promise<void> {
		let done = this.ensured.get(key);
		if (!done) {
			done = work();
			this.ensured.set(key, done);
			done.catch(() => this.ensured.delete(key));
		}
		return done;
	}

	/** Whether `schema.name` is a table, a view, or either (`any`) of this workspace. The one table-exists check. */
	async exists(schema: string, name: string, kind: 'table' | 'view' | 'any' = 'table'): Promise<boolean> {
		const tables = `select 1 from duckdb_tables() where database_name = current_database() and schema_name = $1 and table_name = $2`;
		const views = `select 1 from duckdb_views() where database_name = current_database() and schema_name = $1 and view_name = $2`;
		const sql = kind === 'table' ? tables : kind === 'view' ? views : `${tables} union all ${views}`;
		return Boolean(await this.one(`${sql} limit 1`, [schema, name]));
	}

	/** The namespace of this workspace's deterministic Twenty ids. */
	async namespace(): Promise<string> {
		return (await this.setting('namespace'))!;
	}

	async setting(key: string): Promise<string | undefined> {
		const row = await this.one<{ value: string }>(`select value from ferry.settings where key = $1`, [key]);
		return row?.value;
	}

	async audit(action: string, subject: string | null, detail: Record<string, unknown> = {}, actor = 'analyst'): Promise<void> {
		log.debug('audit', { ...counts(detail), ws: this.name, action, subject, actor });
		await this.run(`insert into ferry.audit_log (actor, action, subject, detail) values ($1, $2, $3, $4::json)`, [
			actor,
			action,
			subject,
			JSON.stringify(detail)
		]);
	}

	close(): void {
		open.delete(this.name);
		this.instance.closeSync();
	}
}

// The process's open handles, by name: module-level because a handle is what holds a workspace's
// state (queues, ws.state) and DuckDB allows one instance per file per process.
const open = new Map<string, Promise<Workspace>>();

export function validateWorkspaceName(name: string): string {
	if (!NAME.test(name)) {
		throw new FerryError(`workspace name '${name}' is invalid: use lower-case letters, digits, '-' or '_' (at most 63)`);
	}
	return name;
}

export function workspaceExists(name: string): boolean {
	return fs.existsSync(path.join(workspacesDir, validateWorkspaceName(name), 'workspace.duckdb'));
}

export function listWorkspaces(): string[] {
	if (!fs.existsSync(workspacesDir)) return [];
	return fs
		.readdirSync(workspacesDir)
		.filter((n) => NAME.test(n) && fs.existsSync(path.join(workspacesDir, n, 'workspace.duckdb')))
		.sort();
}

/** Opens (creating if asked) a workspace; one DuckDB instance per file per process. */
export function openWorkspace(name: string, { create = false } = {}): Promise<Workspace> {
	validateWorkspaceName(name);
	let ws = open.get(name);
	if (!ws) {
		ws = load(name, create);
		open.set(name, ws);
		ws.catch(() => open.delete(name));
	}
	return ws;
}

async function load(name: string, create: boolean): Promise<Workspace> {
	const dir = path.join(workspacesDir, name);
	const file = path.join(dir, 'workspace.duckdb');
	if (!fs.existsSync(file) && !create) throw new FerryError(`workspace '${name}' does not exist`, 404);
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	const instance = await DuckDBInstance.create(file, DUCKDB_OPTIONS).catch((err) => {
		throw openFailure(name, file, err);
	});
	const ws = new Workspace(name, dir, instance);
	const conn = await instance.connect();
	try {
		for (const stmt of schemaStatements) await conn.run(stmt);
		await sweepUnfinishedImports(conn, dir);
		await lockDown(conn, ws.readDir);
		// Per-workspace namespace for deterministic Twenty ids (UUID v5 of source keys).
		await conn.run(`insert into ferry.settings values ('namespace', $1) on conflict do nothing`, [randomUUID()]);
	} catch (err) {
		conn.closeSync();
		instance.closeSync(); // a retry after the file is restored opens it afresh
		throw openFailure(name, file, err as Error);
	}
	conn.closeSync();
	return ws;
}

/**
 * A workspace file that will not open says which file and what to do, instead of a bare 500:
 * DuckDB's own words for a damaged file (a bad checksum, a cut-short or foreign file) and for a
 * file another process holds. Anything else is thrown as it is.
 */
function openFailure(name: string, file: string, err: Error): Error {
	const said = (err?.message ?? '').split('\n')[0].slice(0, 300);
	if (/Could not set lock|Conflicting lock/i.test(said))
		return new FerryError(
			`workspace '${name}' is in use by another program: its file ${file} is locked (${said}). Stop the other ferry process (a CLI command or a second server) using it, then try again`,
			409
		);
	if (
		/not a valid DuckDB database|Corrupt database|checksum|Could not read enough bytes|Serialization Error|INTERNAL Error|database file .*(damaged|corrupt)/i.test(
			said
		)
	)
		return new FerryError(
			`workspace '${name}' cannot be opened: its file ${file} is damaged (${said}). Ferry has not changed it. ` +
				`Restore that file from a backup, or move it aside and import the export again into a new workspace`,
			409
		);
	return err;
}

/**
 * An import killed midway (kill -9, a crash, a full disk) leaves a snap_<n> schema, its file
 * rows and maybe its documents folder, but never its ferry.snapshots row, which is written
 * last: at open, before any import can start, those leftovers go, and so do temporary files
 * (extracted zips, uploads, read links) that only a running import or upload uses.
 */
async function sweepUnfinishedImports(conn: DuckDBConnection, dir: string): Promise<void> {
	const orphans = (
		await conn.runAndReadAll(
			`select schema_name from duckdb_schemas() where regexp_full_match(schema_name, 'snap_[0-9]+')
			   and try_cast(substr(schema_name, 6) as integer) not in (select id from ferry.snapshots)`
		)
	)
		.getRowObjectsJS()
		.map((r) => String(r.schema_name));
	for (const schema of orphans) {
		await conn.run(`drop schema if exists ${ident(schema)} cascade`);
		fs.rmSync(path.join(dir, 'snapshots', schema.slice(5)), { recursive: true, force: true });
	}
	for (const table of ['snapshot_files', 'snapshot_columns', 'rejects', 'reject_resolutions'])
		await conn.run(`delete from ferry.${table} where snapshot_id not in (select id from ferry.snapshots)`);
	if (orphans.length) log.warn('import.swept', { snapshots: orphans.length });
	const tmp = path.join(dir, 'tmp');
	if (fs.existsSync(tmp)) for (const entry of fs.readdirSync(tmp)) fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
}

/**
 * SQL typed by a person or shipped in a recipe reads the workspace's tables, never the disk:
 * no file, glob, COPY, ATTACH or extension install outside `readDir` (where only the import
 * stages export files for a moment), and the configuration locked so no query can undo it.
 * Settings local to a connection (search_path) still work.
 */
async function lockDown(conn: DuckDBConnection, readDir: string): Promise<void> {
	fs.mkdirSync(readDir, { recursive: true, mode: 0o700 });
	await conn.run(`set allowed_directories = [${literal(readDir + path.sep)}]`);
	await conn.run(`set enable_external_access = false`);
	await conn.run(`set lock_configuration = true`);
}

export async function closeAllWorkspaces(): Promise<void> {
	for (const ws of open.values()) (await ws.catch(() => null))?.close();
	open.clear();
}
