// Per-table column profiles over the raw views: null rate, approximate distinct count, top
// values and pattern classes (email validity, phone and date formats). One full scan per table
// and two over a sample of about SAMPLE_ROWS rows (the table itself when it is no larger):
//  1. full: rows, non-null counts, approximate distincts (HyperLogLog), valid emails of columns
//     named like emails: exact;
//  2. sample: approx_top_k candidates per column where some value is common (not for mostly
//     unique columns: ids, names, emails, note text), @ counts (emails found by content);
//  3. sample: histograms of the candidates and of the phone/date shapes, in one aggregate.
// Counts from the sample are scaled to the table. A string function on every value of a
// million-row date column costs more than DuckDB's whole SUMMARIZE of the table; a 25,000-row
// sample names the formats and values in use and their shares.
import { ident, literal, type Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';

import type { ColumnKind, ColumnProfile, TableProfile } from '../../shared/contracts/profile.js';

export type { ColumnKind, ColumnProfile, TableProfile };

const EMAIL = '^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$';
// The importer stores empty fields as NULL, so plain column references suffice (a string
// function per value, e.g. nullif/trim, doubled the scan time).

/** Kind by header first (names are the best hint), then by content for emails. */
export function kindByName(name: string): ColumnKind {
	if (/e_?mail/.test(name)) return 'email';
	if (/phone|mobile|fax|tel(ephone)?$|^tel_|cell$/.test(name)) return 'phone';
	if (/(^|_)(date|dob|birth|born)(_|$)|_at$|_date$|^date|_from$|_to$/.test(name)) return 'date';
	return null;
}

interface Column {
	name: string;
	header: string;
}

async function columnsOf(ws: Workspace, table: string): Promise<Column[]> {
	const cols = await ws.all<{ name: string }>(
		`select column_name as name from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position`,
		[table]
	);
	const headers = await ws.all<{ name: string; original_name: string }>(
		`select name, original_name from ferry.snapshot_columns where table_name = $1 and snapshot_id = (select max(snapshot_id) from ferry.snapshot_columns where table_name = $1)`,
		[table]
	);
	const original = new Map(headers.map((h) => [h.name, h.original_name]));
	return cols.map((c) => ({ name: c.name, header: original.get(c.name) ?? c.name }));
}

/** Profile scans running at once in a workspace: several overlap well on a few cores; dozens would only compete for memory. */
export const PROFILE_CONCURRENCY = 4;

/** Columns profiled per pass: a wide table is read in chunks, so memory follows the chunk, not the width. */
export const PROFILE_CHUNK_COLUMNS = Number(process.env.FERRY_PROFILE_CHUNK_COLUMNS ?? 100);
/** Time one table's profile may take; past it the columns not yet read are reported as such. */
export const PROFILE_BUDGET_MS = Number(process.env.FERRY_PROFILE_BUDGET_MS ?? 120_000);

export interface ProfileOptions {
	/** Aborted when the caller goes away (the page closed): the profile stops between chunks. */
	signal?: AbortSignal;
	budgetMs?: number;
	chunkColumns?: number;
}

export function profileTable(ws: Workspace, table: string, opts: ProfileOptions = {}): Promise<TableProfile> {
	return ws.atMost('profile', PROFILE_CONCURRENCY, () => {
		// A caller that left while waiting for its turn costs nothing.
		if (opts.signal?.aborted) throw new FerryError(`profile of '${table}' cancelled: its caller went away`);
		return profileNow(ws, table, opts);
	});
}

async function profileNow(ws: Workspace, table: string, opts: ProfileOptions): Promise<TableProfile> {
	const cols = await columnsOf(ws, table);
	if (!cols.length) throw new FerryError(`raw table '${table}' does not exist in the current snapshot`, 404);
	const budget = opts.budgetMs ?? PROFILE_BUDGET_MS;
	const size = Math.max(1, opts.chunkColumns ?? PROFILE_CHUNK_COLUMNS);
	const started = performance.now();
	const parts: Array<Awaited<ReturnType<typeof profileColumns>>> = [];
	for (let at = 0; at < cols.length; at += size) {
		if (opts.signal?.aborted) throw new FerryError(`profile of '${table}' cancelled: its caller went away`);
		if (at > 0 && performance.now() - started > budget) break;
		parts.push(await profileColumns(ws, table, cols.slice(at, at + size)));
	}
	const done = parts.reduce((n, p) => n + p.columns.length, 0);
	const profile: TableProfile = { table, rows: parts[0].rows, sampleRows: parts[0].sampleRows, columns: parts.flatMap((p) => p.columns) };
	if (done < cols.length)
		profile.stopped = {
			columnsLeft: cols.length - done,
			reason: `stopped after ${Math.round(budget / 1000)} s (the FERRY_PROFILE_BUDGET_MS setting): ${cols.length - done} of ${cols.length} columns not profiled`
		};
	return profile;
}

/** One pass over some of a table's columns: a full scan and two over the sample. */
async function profileColumns(ws: Workspace, table: string, cols: Column[]): Promise<Omit<TableProfile, 'table' | 'stopped'>> {
	const from = `raw.${ident(table)}`;
	const named = cols.map((c) => kindByName(c.name));
	const valid = (c: string) => `regexp_full_match(${c}, ${literal(EMAIL)})`;
	// 1. Full scan: non-null counts, approximate distincts, valid emails of columns named like emails.
	const full = (await ws.one(
		`select count(*) as rows, ${cols
			.map((c, i) => {
				const col = ident(c.name);
				return `count(${col}) as p${i}, approx_count_distinct(${col}) as d${i}${named[i] === 'email' ? `, count(*) filter (where ${valid(col)}) as v${i}` : ''}`;
			})
			.join(', ')} from ${from}`
	))!;
	const rows = Number(full.rows);
	const nonNull = cols.map((_, i) => Number(full[`p${i}`]));
	// 2. The sample (the table itself when small): top-value candidates, @ counts and valid emails.
	const sampleSql = sampleOf(from, await baseTable(ws, table), rows);
	// Top values only where some value is common: in a mostly unique column (≈distinct ≥ half its
	// values) they are arbitrary single values, and approx_top_k over such columns is most of the cost.
	const unique = cols.map((_, i) => nonNull[i] > 0 && Number(full[`d${i}`]) >= 0.5 * nonNull[i]);
	const live = cols.map((_, i) => i).filter((i) => nonNull[i] > 0);
	const first = live.length
		? (await ws.one(
				`select count(*) as rows, ${live
					.map((i) => {
						const col = ident(cols[i].name);
						const email =
							named[i] === null
								? `, count(${col}) as p${i}, count(*) filter (where ${col} like '%@%') as a${i}, count(*) filter (where ${col} like '%@%' and ${valid(col)}) as v${i}`
								: '';
						return `${unique[i] ? `null` : `approx_top_k(${col}, ${TOP})`} as t${i}${email}`;
					})
					.join(', ')} from ${sampleSql}`
			))!
		: { rows: 0 };
	const sampleRows = Number(first.rows);
	const scale = sampleRows && sampleRows < rows ? rows / sampleRows : 1;
	// A column named like an email is one; another column is one when most of its values hold an @.
	const contentEmail = cols.map(
		(_, i) => named[i] === null && Number(first[`p${i}`] ?? 0) > 0 && Number(first[`a${i}`]) > 0.5 * Number(first[`p${i}`])
	);
	const kinds: ColumnKind[] = cols.map((_, i) => named[i] ?? (contentEmail[i] ? 'email' : null));
	const candidates = cols.map((_, i) => ((first[`t${i}`] as unknown[] | null | undefined) ?? []).filter((v) => v !== null).map(String));
	// 3. The sample again: counts of the candidates and the phone/date formats, in one GROUPING SETS query.
	const grouped = await sampleGroups(ws, sampleSql, cols, candidates, kinds);
	const est = (n: number) => Math.round(n * scale);
	return {
		rows,
		sampleRows,
		columns: cols.map((c, i) => {
			let classes: ColumnProfile['classes'] = [];
			if (kinds[i] === 'email') {
				const v = named[i] === 'email' ? Number(full[`v${i}`]) : Math.min(nonNull[i], est(Number(first[`v${i}`])));
				classes = [
					{ label: 'valid email', count: v, ok: true },
					{ label: 'invalid email', count: nonNull[i] - v, ok: false }
				];
			} else if (kinds[i]) classes = (grouped.formats.get(i) ?? []).map((f) => ({ label: f.label, count: est(f.count) }));
			const counts = grouped.tops.get(i) ?? new Map<string, number>();
			const top = candidates[i]
				.map((value) => ({ value, count: est(counts.get(value) ?? 0) }))
				.filter((t) => t.count > 0)
				.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
			return {
				name: c.name,
				header: c.header,
				nulls: rows - nonNull[i],
				nullRate: rows ? (rows - nonNull[i]) / rows : 0,
				distinct: Number(full[`d${i}`]),
				top,
				mostlyUnique: unique[i],
				kind: kinds[i],
				classes
			};
		})
	};
}

/** Tables larger than this have top values and phone/date formats counted in a sample of about this many rows, scaled to the table. */
export const SAMPLE_ROWS = 25_000;
/** The sample is this many runs of consecutive rows, spread evenly over the table. */
const WINDOWS = 25;

/** The snapshot table a raw view selects from, when the view is a plain `select *` of one table. */
async function baseTable(ws: Workspace, table: string): Promise<string | null> {
	const v = await ws.one<{ sql: string }>(`select sql from duckdb_views() where schema_name = 'raw' and view_name = $1`, [table]);
	return /^CREATE VIEW .+? AS SELECT \* FROM ([\w."]+);?\s*$/is.exec(v?.sql ?? '')?.[1] ?? null;
}

/**
 * About SAMPLE_ROWS rows of a large table: windows of row ids spread over its base table, which
 * DuckDB reads without touching the rows between (a sample taken through the view decompresses
 * every row: three times slower). Deterministic, so a re-run shows the same figures.
 */
function sampleOf(from: string, base: string | null, rows: number): string {
	if (rows <= SAMPLE_ROWS) return from;
	if (!base) return `(select * from ${from} using sample ${((100 * SAMPLE_ROWS) / rows).toFixed(6)} percent (system, 7))`;
	const per = Math.ceil(SAMPLE_ROWS / WINDOWS);
	const windows = Array.from({ length: WINDOWS }, (_, k) => Math.floor((k * rows) / WINDOWS)).map(
		(a) => `rowid between ${a} and ${a + per - 1}`
	);
	return `(select * from ${base} where ${windows.join(' or ')})`;
}
const TOP = 5;
const FORMATS = 8;

/** A DuckDB MAP as the node-api hands it over (entries, or a plain object) → [key, count] pairs. */
function mapEntries(m: unknown): Array<[string, number]> {
	if (!m) return [];
	if (Array.isArray(m)) return m.map((e: { key: unknown; value: unknown }) => [String(e.key), Number(e.value)]);
	return Object.entries(m as Record<string, unknown>).map(([k, v]) => [k, Number(v)]);
}

/**
 * One aggregate over the sample: per column, a histogram of its top-value candidates, and per
 * phone/date column a histogram of shapes with digits as 9 (translate, in SQL); letter runs
 * become a here, once per distinct shape, and equal shapes merge.
 */
async function sampleGroups(ws: Workspace, source: string, cols: Column[], candidates: string[][], kinds: ColumnKind[]) {
	const tops = new Map<number, Map<string, number>>();
	const formats = new Map<number, Array<{ label: string; count: number }>>();
	const topIdx = cols.map((_, i) => i).filter((i) => candidates[i].length > 0);
	const fmtIdx = cols.map((_, i) => i).filter((i) => kinds[i] === 'phone' || kinds[i] === 'date');
	const aggs = [
		...topIdx.map(
			(i) =>
				`histogram(${ident(cols[i].name)}) filter (where ${ident(cols[i].name)} in (${candidates[i].map(literal).join(', ')})) as h${i}`
		),
		...fmtIdx.map((i) => `histogram(translate(${ident(cols[i].name)}, '0123456789', '9999999999')) as f${i}`)
	];
	if (!aggs.length) return { tops, formats };
	const row = (await ws.one(`select ${aggs.join(', ')} from ${source}`))!;
	for (const i of topIdx) tops.set(i, new Map(mapEntries(row[`h${i}`])));
	for (const i of fmtIdx) {
		const merged = new Map<string, number>();
		for (const [shape, n] of mapEntries(row[`f${i}`])) {
			const label = shape.replace(/\p{L}+/gu, 'a');
			merged.set(label, (merged.get(label) ?? 0) + n);
		}
		formats.set(
			i,
			[...merged]
				.map(([label, count]) => ({ label, count }))
				.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1))
				.slice(0, FORMATS)
		);
	}
	return { tops, formats };
}
