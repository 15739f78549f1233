// Quarantined rows, settled where they are shown: a row that failed to parse is either fixed by a
// person (its raw text edited until it reads as one row of its table, then admitted into the
// snapshot's raw table) or dropped with a reason. Both are kept in ferry.reject_resolutions,
// counted (a fixed row moves from rows_rejected to rows_staged, so rows read = staged + rejected
// still holds) and audited with line numbers only: the raw text is patient data.
import { importLimits } from '../config.js';
import { ident, type Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';
import { RecordReader } from '../ingest/index.js';

export interface RejectRef {
	snapshot: number;
	file: string;
	sheet?: string;
	line: number;
}

export interface Resolution {
	snapshot: number;
	line: number;
	resolution: 'fixed' | 'dropped';
	/** The raw table the fixed row went into. */
	table: string | null;
	/** The snapshot's counts after it. */
	rowsStaged: number;
	rowsRejected: number;
}

/** The quarantined row a reference names, refused when it is not there or already settled. */
async function openReject(ws: Workspace, ref: RejectRef): Promise<void> {
	const row = await ws.one<{ resolution: string | null }>(
		`select r.resolution from ferry.rejects j left join ferry.reject_resolutions r using (snapshot_id, file, sheet, line)
		 where j.snapshot_id = $1 and j.file = $2 and j.sheet = $3 and j.line = $4 limit 1`,
		[ref.snapshot, ref.file, ref.sheet ?? '', ref.line]
	);
	if (!row) throw new FerryError(`snapshot ${ref.snapshot} has no quarantined row at line ${ref.line} of that file`, 404);
	if (row.resolution) throw new FerryError(`line ${ref.line} was already ${row.resolution}: nothing to do`, 409);
}

async function counts(ws: Workspace, snapshot: number) {
	const c = await ws.one<{ s: number; r: number }>(
		`select rows_staged::double as s, rows_rejected::double as r from ferry.snapshots where id = $1`,
		[snapshot]
	);
	return { rowsStaged: Number(c?.s ?? 0), rowsRejected: Number(c?.r ?? 0) };
}

/** The edited text as one row of `width` fields, or a refusal saying what is still wrong. */
export function parseFixedRow(text: string, delimiter: string, width: number): Array<string | null> {
	if (/more characters not kept\]$/.test(text))
		throw new FerryError('the row was too long to keep whole in quarantine: fix it in the export file and import it again, or drop it');
	const read = new RecordReader(delimiter, width, importLimits.maxRecordBytes).push(text.replace(/(\r\n|\n|\r)$/, ''), true);
	if (read.length !== 1)
		throw new FerryError(
			`the fixed text reads as ${read.length} rows: give exactly one row (a line break inside a value needs the value in double quotes)`
		);
	const [r] = read;
	if (r.kind === 'reject') throw new FerryError(`the fixed text is still not a row of this table: ${r.reason}`);
	return r.fields.map((v) => (v === '' ? null : v));
}

/** Admits a fixed quarantined row into its snapshot's raw table (POST …/rejects/fix, ferry snapshots fix). */
export async function fixReject(ws: Workspace, ref: RejectRef, text: string, actor = 'analyst'): Promise<Resolution> {
	await openReject(ws, ref);
	const file = await ws.one<{ table_name: string | null; delimiter: string | null }>(
		`select table_name, delimiter from ferry.snapshot_files where snapshot_id = $1 and file = $2 and sheet = $3`,
		[ref.snapshot, ref.file, ref.sheet ?? '']
	);
	if (!file?.table_name || !file.delimiter)
		throw new FerryError(
			'only a row of a delimited text file (CSV, TSV) can be fixed here: fix it in the export and import it again, or drop it with a reason',
			422
		);
	const schema = `snap_${ref.snapshot}`;
	const columns = (
		await ws.all<{ name: string }>(
			`select column_name as name from duckdb_columns() where database_name = current_database() and schema_name = $1 and table_name = $2 order by column_index`,
			[schema, file.table_name]
		)
	).map((c) => c.name);
	if (!columns.length) throw new FerryError(`snapshot ${ref.snapshot} no longer has the table of that file`, 404);
	const values = parseFixedRow(text, file.delimiter, columns.length);
	await ws.transaction(async (c) => {
		await c.run(
			`insert into ${ident(schema)}.${ident(file.table_name!)} (${columns.map(ident).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
			values
		);
		await c.run(
			`insert into ferry.reject_resolutions (snapshot_id, file, sheet, line, resolution, reason, actor) values ($1, $2, $3, $4, 'fixed', null, $5)`,
			[ref.snapshot, ref.file, ref.sheet ?? '', ref.line, actor]
		);
		const move = `set rows_staged = rows_staged + 1, rows_rejected = rows_rejected - 1`;
		await c.run(`update ferry.snapshot_files ${move} where snapshot_id = $1 and file = $2 and sheet = $3`, [
			ref.snapshot,
			ref.file,
			ref.sheet ?? ''
		]);
		await c.run(`update ferry.snapshots ${move} where id = $1`, [ref.snapshot]);
	});
	await ws.audit('import.reject_fixed', `snapshot ${ref.snapshot}`, { line: ref.line, fields: columns.length }, actor);
	return { snapshot: ref.snapshot, line: ref.line, resolution: 'fixed', table: file.table_name, ...(await counts(ws, ref.snapshot)) };
}

/** Leaves a quarantined row out for good, with why (POST …/rejects/drop, ferry snapshots drop): it stays counted as rejected. */
export async function dropReject(ws: Workspace, ref: RejectRef, reason: string, actor = 'analyst'): Promise<Resolution> {
	if (!reason.trim()) throw new FerryError('reason: say why the row is left out (e.g. "report footer", "test patient")');
	await openReject(ws, ref);
	await ws.run(
		`insert into ferry.reject_resolutions (snapshot_id, file, sheet, line, resolution, reason, actor) values ($1, $2, $3, $4, 'dropped', $5, $6)`,
		[ref.snapshot, ref.file, ref.sheet ?? '', ref.line, reason.trim(), actor]
	);
	await ws.audit('import.reject_dropped', `snapshot ${ref.snapshot}`, { line: ref.line }, actor);
	return { snapshot: ref.snapshot, line: ref.line, resolution: 'dropped', table: null, ...(await counts(ws, ref.snapshot)) };
}
