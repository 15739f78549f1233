// npm run bench:import — Ferry's import against bare DuckDB read_csv of the same files,
// in one process, as a ratio. Target: ratio ≤ 1.5. Prints peak RSS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const patients = Number(process.env.BENCH_PATIENTS ?? 100_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-import-'));
process.env.FERRY_DATA = path.join(root, 'data');

const { generateExport } = await import('../src/lib/server/generate/index.js');
const { openWorkspace, closeAllWorkspaces, literal } = await import('../src/lib/server/db/index.js');
const { importExport } = await import('../src/lib/server/ingest/index.js');

const out = path.join(root, 'export');
const t = performance.now();
const truth = await generateExport({ out, patients, seed: 7 });
console.log(
	`generated ${truth.totalRows.toLocaleString()} rows (${patients.toLocaleString()} patients) in ${((performance.now() - t) / 1000).toFixed(1)} s`
);
if (truth.totalRows < 2_000_000) console.warn('warning: fewer than 2 million rows; raise BENCH_PATIENTS');

async function bareDuckDB(): Promise<number> {
	const db = await DuckDBInstance.create(path.join(root, 'bare.duckdb'), { autoinstall_known_extensions: 'false' });
	const conn = await db.connect();
	const start = performance.now();
	for (const [file, f] of Object.entries(truth.files)) {
		const enc = f.encoding === 'windows-1252' ? 'latin-1' : 'utf-8';
		await conn.run(
			`create table ${path.basename(file, '.csv')} as select * from read_csv(${literal(path.join(out, file))}, delim = ${literal(f.delimiter)}, header = true, quote = '"', escape = '"', all_varchar = true, ignore_errors = true, strict_mode = false, encoding = ${literal(enc)}, max_line_size = 16777216)`
		);
	}
	const ms = performance.now() - start;
	conn.closeSync();
	db.closeSync();
	return ms;
}

async function ferry(): Promise<{ ms: number; rows: number }> {
	const ws = await openWorkspace('bench', { create: true });
	const start = performance.now();
	const r = await importExport(ws, out);
	const ms = performance.now() - start;
	if (r.rowsRead !== r.rowsStaged + r.rowsRejected) throw new Error('accounting broken');
	await closeAllWorkspaces();
	return { ms, rows: r.rowsRead };
}

const bare = await bareDuckDB();
const ours = await ferry();
const ratio = ours.ms / bare;
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`bare DuckDB read_csv: ${(bare / 1000).toFixed(2)} s`);
console.log(
	`Ferry import:         ${(ours.ms / 1000).toFixed(2)} s  (${ours.rows.toLocaleString()} rows read, ${Math.round(ours.rows / (ours.ms / 1000)).toLocaleString()} rows/s)`
);
console.log(`ratio Ferry / bare:   ${ratio.toFixed(2)}  (target ≤ 1.5)  ${ratio <= 1.5 ? 'OK' : 'OVER TARGET'}`);
console.log(`peak RSS:             ${rssMb.toFixed(0)} MB`);
fs.rmSync(root, { recursive: true, force: true });
