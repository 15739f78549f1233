// Runs a notebook's cells against a workspace. A SQL cell becomes `main.<name>` (a view:
// results stay lazy and are paged on demand); a TS cell runs in a worker. Each run is
// recorded under the cell's effective hash (its source plus its inputs' hashes), so a cell
// whose source or any upstream source changed reads as stale until it runs again.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, type Workspace } from '../db/index.js';
import { profileTable, rawTables, runChecks } from '../profile/index.js';
import { cellsOf, type Cell } from './format.js';
import { buildGraph, downstream, duplicateErrors, upstream, type Graph, type Reads } from './graph.js';
import { CellSqlError, cleanSql, parseSelect, tableRefs } from './parse-sql.js';
import { readNotebook } from './store.js';
import { defaultTsLimits, runTs, tsReads, type TsLimits, type TsResult } from './ts-runner.js';
import { sqlTemplates } from './ts-reads.js';
import type { TableRef } from './parse-sql.js';
import { FerryError } from '../errors.js';

export type CellStatus = 'fresh' | 'stale' | 'error' | 'never';

export interface CellState {
	name: string;
	lang: 'sql' | 'ts';
	line: number;
	deps: string[];
	status: CellStatus;
	hash: string;
	/** Error of the last run or of the graph (duplicate, cycle, missing name). */
	error?: string;
	errorLine?: number;
	ms?: number;
	ranAt?: string;
	output?: CellOutput;
}

export interface CellOutput {
	/** SQL: the view the cell defines and its columns. */
	view?: string;
	columns?: Array<{ name: string; type: string }>;
	/** TS: captured console, SVG charts and the returned value as JSON text. */
	logs?: TsResult['logs'];
	svgs?: string[];
	value?: string;
}

const DDL = [
	`create table if not exists ferry.cell_runs (
		notebook varchar not null, cell varchar not null, hash varchar not null, ok boolean not null,
		error varchar, error_line integer, ms double, ran_at timestamptz not null default now(), output json,
		primary key (notebook, cell))`,
	// main is one namespace for every notebook (mapping and recipes read cells' views there):
	// a view name belongs to the notebook that first ran a SQL cell of that name.
	`create table if not exists ferry.cell_views (view varchar primary key, notebook varchar not null)`
];

/** Cells that read nothing but views, run, leave at most this many rows to a TS cell. */
export const TS_ROW_LIMIT = 100_000;

interface Analysis {
	cells: Cell[];
	graph: Graph;
	hashes: Map<string, string>;
	staticErrors: Map<string, string>;
}

async function existingTables(conn: DuckDBConnection): Promise<Set<string>> {
	const r = await conn.runAndReadAll(
		`select lower(schema_name) || '.' || lower(table_name) from duckdb_tables() union all select lower(schema_name) || '.' || lower(view_name) from duckdb_views()`
	);
	return new Set(r.getColumnsJS()[0] as string[]);
}

/** Splits what a query reads into this notebook's cells and names that exist nowhere. */
function classify(refs: TableRef[], names: Set<string>, tables: Set<string>): { local: string[]; missing: string[] } {
	const local = refs.filter((r) => (r.schema === '' || r.schema === 'main') && names.has(r.name)).map((r) => r.name);
	const missing = refs
		.filter((r) => !local.includes(r.name) || (r.schema !== '' && r.schema !== 'main'))
		.filter((r) =>
			r.schema
				? !tables.has(`${r.schema}.${r.name}`)
				: !['main', 'raw', 'information_schema', 'pg_catalog'].some((s) => tables.has(`${s}.${r.name}`))
		)
		.map((r) => (r.schema ? `${r.schema}.${r.name}` : r.name));
	return { local, missing };
}

async function readsOf(conn: DuckDBConnection, cells: Cell[]): Promise<Map<string, Reads>> {
	const tables = await existingTables(conn);
	const names = new Set(cells.map((c) => c.name));
	const out = new Map<string, Reads>();
	for (const c of cells) {
		if (out.has(c.name)) continue;
		if (c.lang === 'ts') {
			// cell('name') reads by name; sql`…` reads what DuckDB's parser finds in the template's text.
			const local = new Set(tsReads(c.source));
			const missing = new Set([...local].filter((n) => !names.has(n) && !tables.has(`main.${n}`)));
			for (const text of sqlTemplates(c.source)) {
				let refs: TableRef[];
				try {
					refs = tableRefs(await parseSelect(conn, text));
				} catch (err) {
					if (err instanceof CellSqlError) continue; // the run reports it, with the cell's line
					throw err;
				}
				const r = classify(refs, names, tables);
				r.local.forEach((n) => local.add(n));
				r.missing.forEach((n) => missing.add(n));
			}
			out.set(c.name, { names: [...local], missing: [...missing] });
			continue;
		}
		try {
			const r = classify(tableRefs(await parseSelect(conn, c.source)), names, tables);
			out.set(c.name, { names: r.local, missing: r.missing });
		} catch (err) {
			if (!(err instanceof CellSqlError)) throw err;
			out.set(c.name, { names: [], missing: [], error: err.message });
		}
	}
	return out;
}

/** The notebook owning each view name of main that another notebook still defines as a SQL cell. */
async function foreignViews(ws: Workspace, notebook: string, cells: Cell[]): Promise<Map<string, string>> {
	await ws.ensure('cells', DDL);
	const sqlNames = new Set(cells.filter((c) => c.lang === 'sql').map((c) => c.name));
	if (!sqlNames.size) return new Map();
	const rows = await ws.all<{ view: string; notebook: string }>(`select view, notebook from ferry.cell_views where notebook <> $1`, [
		notebook
	]);
	const out = new Map<string, string>();
	for (const r of rows) if (sqlNames.has(r.view) && definesSqlCell(r.notebook, r.view)) out.set(r.view, r.notebook);
	return out;
}

function definesSqlCell(notebook: string, name: string): boolean {
	try {
		const file = readNotebook(notebook);
		return !!file.notebook && cellsOf(file.notebook).some((c) => c.lang === 'sql' && c.name === name);
	} catch (err) {
		if (err instanceof FerryError) return false; // the owner's file is gone or renamed
		throw err;
	}
}

const collision = (name: string, owner: string) =>
	`the view '${name}' already belongs to notebook '${owner}' (its SQL cell '${name}'): cells of every notebook share the workspace's main schema, so rename this cell (e.g. ${name}_2) or read '${name}' from here instead`;

function effectiveHashes(cells: Cell[], graph: Graph): Map<string, string> {
	const byName = new Map(
		cells
			.slice()
			.reverse()
			.map((c) => [c.name, c] as const)
	);
	const hashes = new Map<string, string>();
	for (const name of graph.order) {
		const c = byName.get(name)!;
		const h = createHash('sha1').update(`${c.lang}\0${cleanSql(c.source)}`);
		for (const d of graph.nodes.get(name)!.deps.slice().sort()) h.update(`\0${hashes.get(d) ?? '?'}`);
		hashes.set(name, h.digest('hex').slice(0, 16));
	}
	return hashes;
}

async function analyse(ws: Workspace, notebook: string): Promise<Analysis> {
	const file = readNotebook(notebook);
	if (file.error) throw new FerryError(`notebook '${notebook}': ${file.error}`);
	const all = cellsOf(file.notebook!);
	const dupes = duplicateErrors(all);
	const cells = all.filter((_, i) => !dupes.has(i));
	const reads = await ws.withConnection((conn) => readsOf(conn, cells));
	// A name another notebook owns is an error on this cell before anything runs.
	for (const [view, owner] of await foreignViews(ws, notebook, cells)) {
		const r = reads.get(view);
		if (r && !r.error) r.error = collision(view, owner);
	}
	const graph = buildGraph(cells, reads);
	const staticErrors = new Map<string, string>();
	for (const n of graph.nodes.values()) if (n.error) staticErrors.set(n.name, n.error);
	// Duplicates keep their own entries (by line) so each shows its message on the cell.
	const duplicates = all.filter((_, i) => dupes.has(i));
	for (const d of duplicates) staticErrors.set(`${d.name}@${d.line}`, dupes.get(all.indexOf(d))!);
	return { cells: all, graph, hashes: effectiveHashes(cells, graph), staticErrors };
}

interface RunRow extends Record<string, unknown> {
	cell: string;
	hash: string;
	ok: boolean;
	error: string | null;
	error_line: number | null;
	ms: number | null;
	ran_at: string;
	output: string | null;
}

async function lastRuns(ws: Workspace, notebook: string): Promise<Map<string, RunRow>> {
	await ws.ensure('cells', DDL);
	const rows = await ws.all<RunRow>(
		`select cell, hash, ok, error, error_line, ms, ran_at::varchar as ran_at, output::varchar as output from ferry.cell_runs where notebook = $1`,
		[notebook]
	);
	return new Map(rows.map((r) => [r.cell, r]));
}

function stateOf(a: Analysis, c: Cell, run: RunRow | undefined): CellState {
	const dupKey = `${c.name}@${c.line}`;
	const firstOfName = a.cells.find((x) => x.name === c.name) === c;
	const node = a.graph.nodes.get(c.name);
	const base = { name: c.name, lang: c.lang, line: c.line, deps: firstOfName ? (node?.deps ?? []) : [], hash: a.hashes.get(c.name) ?? '' };
	const staticError = firstOfName ? a.staticErrors.get(c.name) : a.staticErrors.get(dupKey);
	if (staticError) return { ...base, status: 'error', error: staticError };
	if (!run) return { ...base, status: 'never' };
	const info = { ms: run.ms ?? undefined, ranAt: run.ran_at, output: run.output ? (JSON.parse(run.output) as CellOutput) : undefined };
	if (run.hash !== base.hash) return { ...base, ...info, status: 'stale' };
	if (!run.ok) return { ...base, ...info, status: 'error', error: run.error ?? 'failed', errorLine: run.error_line ?? undefined };
	return { ...base, ...info, status: 'fresh' };
}

export async function notebookState(ws: Workspace, notebook: string): Promise<CellState[]> {
	const a = await analyse(ws, notebook);
	const runs = await lastRuns(ws, notebook);
	return a.cells.map((c) => stateOf(a, c, runs.get(c.name)));
}

interface Outcome {
	ok: boolean;
	error?: string;
	line?: number;
	output?: CellOutput;
}

/** Claims main.<name> for this notebook, unless another notebook that still defines it owns it. */
async function claimView(ws: Workspace, notebook: string, name: string): Promise<string | null> {
	await ws.run(`insert into ferry.cell_views (view, notebook) values ($1, $2) on conflict do nothing`, [name, notebook]);
	const owner = String((await ws.one(`select notebook from ferry.cell_views where view = $1`, [name]))!.notebook);
	if (owner === notebook) return null;
	if (definesSqlCell(owner, name)) return owner;
	await ws.run(`update ferry.cell_views set notebook = $2 where view = $1`, [name, notebook]);
	return null;
}

async function runSql(ws: Workspace, notebook: string, cell: Cell): Promise<Outcome> {
	const owner = await claimView(ws, notebook, cell.name);
	if (owner) return { ok: false, error: collision(cell.name, owner) };
	return ws.withConnection(async (conn) => {
		try {
			await parseSelect(conn, cell.source);
			// The name is a checked identifier and the schema fixed: a cell only ever writes main.<name>.
			await conn.run(`create or replace view main.${ident(cell.name)} as ${cleanSql(cell.source)}\n`);
			const cols = await conn.runAndReadAll(
				`select column_name, data_type from information_schema.columns where table_schema = 'main' and table_name = $1 order by ordinal_position`,
				[cell.name]
			);
			const columns = cols.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
			return { ok: true, output: { view: `main.${cell.name}`, columns } };
		} catch (err) {
			const msg = (err as Error).message;
			const line = /LINE (\d+):/.exec(msg);
			return { ok: false, error: msg.replace(/\nLINE \d+:[\s\S]*$/, '').trim(), line: line ? Number(line[1]) : undefined };
		}
	});
}

/** Rows of a bound, read-only query for a TS cell; more than TS_ROW_LIMIT rows is an error, not a crash. */
async function tsQuery(
	ws: Workspace,
	text: string,
	params: unknown[],
	scope?: { cells: Set<string>; deps: Set<string> }
): Promise<unknown[]> {
	return ws.withConnection(async (conn) => {
		let statement: unknown;
		try {
			statement = await parseSelect(conn, text);
		} catch (err) {
			throw new Error(`sql: ${(err as Error).message}`);
		}
		// Every cell a query reads must be one the graph knows of, or its re-runs would be missed.
		if (scope) {
			for (const r of tableRefs(statement)) {
				if ((r.schema === '' || r.schema === 'main') && scope.cells.has(r.name) && !scope.deps.has(r.name)) {
					throw new Error(
						`sql: reads cell '${r.name}', which Ferry did not find in this cell's sql\`…\` templates; write the query as a sql\`…\` template literal so the dependency is tracked`
					);
				}
			}
		}
		const reader = await conn.runAndReadAll(`select * from (${cleanSql(text)}\n) as q limit ${TS_ROW_LIMIT + 1}`, params as never);
		const rows = reader.getRowObjectsJS();
		if (rows.length > TS_ROW_LIMIT)
			throw new Error(
				`sql: the query returns more than ${TS_ROW_LIMIT} rows; aggregate or add a limit (a SQL cell shows any number of rows)`
			);
		return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
	});
}

async function runTsCell(ws: Workspace, notebook: string, cell: Cell, a: Analysis, limits: TsLimits): Promise<Outcome> {
	const scope = { cells: new Set(a.cells.map((c) => c.name)), deps: new Set(a.graph.nodes.get(cell.name)?.deps ?? []) };
	const host = {
		query: (text: string, params: unknown[]) => tsQuery(ws, text, params, scope),
		cell: async (name: string) => {
			const target = a.cells.find((c) => c.name === name);
			if (!target) throw new Error(`cell('${name}'): no cell of that name in this notebook`);
			if (!scope.deps.has(name))
				throw new Error(
					`cell('${name}'): write the name as a string literal, cell('${name}'), so Ferry tracks the dependency and re-runs this cell when '${name}' changes`
				);
			if (target.lang === 'sql') return tsQuery(ws, `select * from main.${ident(name)}`, []);
			const run = (await lastRuns(ws, notebook)).get(name);
			return run?.output ? JSON.parse((JSON.parse(run.output) as CellOutput).value ?? 'null') : null;
		},
		profile: async (what: 'tables' | 'table' | 'checks', name?: string) =>
			what === 'tables' ? rawTables(ws) : what === 'checks' ? runChecks(ws) : profileTable(ws, name ?? '')
	};
	const r = await runTs(cell.source, host, limits);
	const list = r.ok && r.list ? await listTable(ws, notebook, cell.name, r.list) : null;
	return { ok: r.ok, error: r.error, line: r.line, output: { logs: r.logs, svgs: r.svgs, value: r.value, ...(list ?? {}) } };
}

/** Where a TS cell's list of records is kept as a table: one per notebook and cell. */
export const LIST_SCHEMA = 'cell_lists';

/**
 * A TS cell that returns a list of records gets the same paged, sortable Arrow grid as a SQL
 * cell: the list becomes the table cell_lists.<notebook>__<cell> (nested values as JSON text),
 * read by DuckDB's JSON reader from the one folder it may read. Anything else stays a value.
 */
async function listTable(
	ws: Workspace,
	notebook: string,
	cellName: string,
	text: string
): Promise<Pick<CellOutput, 'view' | 'columns'> | null> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return null;
	}
	if (!Array.isArray(parsed) || !parsed.length || !parsed.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x)))
		return null;
	const flat = (parsed as Array<Record<string, unknown>>).map((r) =>
		Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v]))
	);
	const name = `${notebook}__${cellName}`.replace(/[^A-Za-z0-9_]/g, '_');
	const file = path.join(ws.readDir, `list-${randomUUID()}.json`);
	fs.writeFileSync(file, JSON.stringify(flat), { mode: 0o600 });
	try {
		await ws.run(`create schema if not exists ${LIST_SCHEMA}`);
		await ws.run(
			`create or replace table ${LIST_SCHEMA}.${ident(name)} as select * from read_json(${literal(path.resolve(file))}, format = 'array', sample_size = -1)`
		);
	} finally {
		fs.rmSync(file, { force: true });
	}
	const columns = await ws.all<{ name: string; type: string }>(
		`select column_name as name, data_type as type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position`,
		[LIST_SCHEMA, name]
	);
	return { view: `${LIST_SCHEMA}.${name}`, columns };
}

async function record(ws: Workspace, notebook: string, name: string, hash: string, o: Outcome, ms: number): Promise<void> {
	await ws.run(
		`insert or replace into ferry.cell_runs (notebook, cell, hash, ok, error, error_line, ms, ran_at, output) values ($1, $2, $3, $4, $5, $6, $7, now(), $8::json)`,
		[notebook, name, hash, o.ok, o.error ?? null, o.line ?? null, ms, JSON.stringify(o.output ?? null)]
	);
}

export interface RunReport {
	ran: string[];
	failed: string[];
	skipped: string[];
	cells: CellState[];
}

/**
 * Runs one cell (with its stale or never-run ancestors and all its dependents) or, without
 * `cell`, every cell, in dependency order. A failed cell's dependents are skipped and stay stale.
 */
export function runNotebook(ws: Workspace, notebook: string, opts: { cell?: string; limits?: TsLimits } = {}): Promise<RunReport> {
	// One run at a time per notebook of a workspace; later runs wait their turn.
	return ws.oneAtATime(`cells.run:${notebook}`, async () => {
		const a = await analyse(ws, notebook);
		const runs = await lastRuns(ws, notebook);
		if (opts.cell && !a.graph.nodes.has(opts.cell)) throw new FerryError(`notebook '${notebook}' has no cell named '${opts.cell}'`, 404);
		const plan = opts.cell
			? [
					...upstream(a.graph, opts.cell).filter((n) => runs.get(n)?.hash !== a.hashes.get(n) || !runs.get(n)?.ok),
					...downstream(a.graph, opts.cell)
				]
			: a.graph.order;
		// The first cell under a name is the one that runs; a duplicate only carries its error.
		const byName = new Map(
			a.cells
				.slice()
				.reverse()
				.map((c) => [c.name, c] as const)
		);
		const report: RunReport = { ran: [], failed: [], skipped: [], cells: [] };
		const failed = new Set<string>();
		for (const name of plan) {
			const node = a.graph.nodes.get(name)!;
			if (node.error || node.deps.some((d) => failed.has(d))) {
				failed.add(name);
				report.skipped.push(name);
				continue;
			}
			const started = performance.now();
			const cell = byName.get(name)!;
			const o =
				cell.lang === 'sql' ? await runSql(ws, notebook, cell) : await runTsCell(ws, notebook, cell, a, opts.limits ?? defaultTsLimits);
			await record(ws, notebook, name, a.hashes.get(name)!, o, performance.now() - started);
			(o.ok ? report.ran : report.failed).push(name);
			if (!o.ok) failed.add(name);
		}
		await ws.audit('cells.run', notebook, { ran: report.ran.length, failed: report.failed.length, skipped: report.skipped.length });
		report.cells = await notebookState(ws, notebook);
		return report;
	});
}
