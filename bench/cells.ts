// npm run bench:cells — the notebook on the 2-million-row export:
// (a) run `select * from appointments` as a cell, then time to the first page decoded by the
//     browser's data layer (Pager over the real API); target < 150 ms after the query completes;
// (b) Arrow IPC vs JSON for 100k rows: bytes and encode+decode time; target Arrow ≥ 3× smaller or faster;
// (c) the shipped profile notebook vs bare DuckDB SUMMARIZE over the same tables (medians of 3 alternating rounds); target ratio ≤ 3.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';

const patients = Number(process.env.BENCH_PATIENTS ?? 100_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-cells-'));
process.env.FERRY_DATA = path.join(root, 'data');
process.env.FERRY_CELLS = path.join(root, 'cells');
fs.mkdirSync(process.env.FERRY_CELLS);
fs.copyFileSync(path.resolve('cells/profile.md'), path.join(process.env.FERRY_CELLS, 'profile.md'));

const { generateExport } = await import('../src/lib/server/generate/index.js');
const { openWorkspace, closeAllWorkspaces, queryArrow, ident } = await import('../src/lib/server/db/index.js');
const { importExport } = await import('../src/lib/server/ingest/index.js');
const { runNotebook, saveNotebook } = await import('../src/lib/server/cells/index.js');
const { createApi } = await import('../src/lib/server/api/index.js');
const { Pager } = await import('../src/lib/components/grid/pages.js');

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const out = path.join(root, 'export');
let t = performance.now();
const truth = await generateExport({ out, patients, seed: 7 });
console.log(`generated ${truth.totalRows.toLocaleString()} rows (${patients.toLocaleString()} patients) in ${secs(performance.now() - t)}`);
const ws = await openWorkspace('bench', { create: true });
t = performance.now();
await importExport(ws, out);
console.log(`imported in ${secs(performance.now() - t)}`);

// (a) first page through the API and the browser's Pager.
saveNotebook('bench', { text: '```sql name=appts\nselect * from appointments\n```\n' });
const api = createApi({ token: 'bench' });
// The grid's pages go through the browser client (fetch of /api/…): answered here by the app in process.
globalThis.fetch = async (url: string | URL | Request, init?: RequestInit) =>
	api.request(`http://127.0.0.1${String(url)}`, { ...init, headers: { authorization: 'Bearer bench' } });
const firstPage: number[] = [];
let runMs = 0;
for (let i = 0; i < 5; i++) {
	const t0 = performance.now();
	const r = await runNotebook(ws, 'bench');
	if (r.failed.length) throw new Error('cell failed');
	runMs = performance.now() - t0;
	const t1 = performance.now();
	const pager = new Pager(ws.name, 'main.appts', {}, 200);
	const page = await pager.page(0);
	if (page.table.numRows !== 200) throw new Error('short page');
	firstPage.push(performance.now() - t1);
}
const sorted: number[] = [];
for (let i = 0; i < 3; i++) {
	const t1 = performance.now();
	await new Pager(ws.name, 'main.appts', { sort: 'starts_at', desc: true, filters: { status: 'complete' } }, 200).page(0);
	sorted.push(performance.now() - t1);
}
const total = Number((await ws.one(`select count(*) as n from main.appts`))!.n);
const a = median(firstPage);
console.log(
	`(a) cell run ${runMs.toFixed(0)} ms; first page of ${total.toLocaleString()} rows in the data layer: ${a.toFixed(0)} ms median (target < 150) ${a < 150 ? 'OK' : 'OVER TARGET'}; sorted+filtered first page ${median(sorted).toFixed(0)} ms`
);

// (b) 100k rows: Arrow IPC vs JSON, server encode + client decode.
const N = Math.min(100_000, total);
const arrowRuns: Array<{ ms: number; bytes: number }> = [];
const jsonRuns: Array<{ ms: number; bytes: number }> = [];
for (let i = 0; i < 3; i++) {
	let t0 = performance.now();
	const page = await ws.withConnection((c) => queryArrow(c, 'select * from appointments', { offset: 0, limit: N }));
	const table = tableFromIPC(page.ipc);
	if (table.numRows !== N) throw new Error('arrow short');
	arrowRuns.push({ ms: performance.now() - t0, bytes: page.ipc.byteLength });
	t0 = performance.now();
	const rows = await ws.all(`select * from appointments limit ${N}`);
	const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
	const back = JSON.parse(text) as unknown[];
	if (back.length !== N) throw new Error('json short');
	jsonRuns.push({ ms: performance.now() - t0, bytes: Buffer.byteLength(text) });
}
const am = median(arrowRuns.map((r) => r.ms));
const jm = median(jsonRuns.map((r) => r.ms));
const ab = arrowRuns[0].bytes;
const jb = jsonRuns[0].bytes;
const better = Math.max(jb / ab, jm / am);
console.log(
	`(b) ${N.toLocaleString()} rows: Arrow ${(ab / 1e6).toFixed(1)} MB in ${am.toFixed(0)} ms; JSON ${(jb / 1e6).toFixed(1)} MB in ${jm.toFixed(0)} ms; Arrow ${(jb / ab).toFixed(2)}× smaller, ${(jm / am).toFixed(2)}× faster (target ≥ 3× either) ${better >= 3 ? 'OK' : 'UNDER TARGET'}`
);

// (c) the shipped profile notebook vs bare SUMMARIZE over the same raw tables. The machine is
// shared, so the two alternate for three rounds and the ratio is of the medians.
const tables = (
	await ws.all<{ t: string }>(`select distinct table_name as t from information_schema.columns where table_schema = 'raw'`)
).map((r) => r.t);
const summarizeRuns: number[] = [];
const profileRuns: number[] = [];
for (let round = 0; round < 3; round++) {
	t = performance.now();
	for (const tb of tables) await ws.all(`summarize raw.${ident(tb)}`);
	summarizeRuns.push(performance.now() - t);
	t = performance.now();
	const prof = await runNotebook(ws, 'profile');
	profileRuns.push(performance.now() - t);
	if (prof.failed.length)
		throw new Error(
			`profile notebook failed: ${prof.cells
				.filter((c) => c.status === 'error')
				.map((c) => `${c.name}: ${c.error}`)
				.join('; ')}`
		);
}
const summarize = median(summarizeRuns);
const profileMs = median(profileRuns);
const ratio = profileMs / summarize;
console.log(
	`(c) profile notebook ${secs(profileMs)} vs SUMMARIZE of ${tables.length} tables ${secs(summarize)} (medians of 3 alternating rounds; rounds ${profileRuns.map((p, i) => (p / summarizeRuns[i]).toFixed(2)).join(', ')}): ratio ${ratio.toFixed(2)} (target ≤ 3) ${ratio <= 3 ? 'OK' : 'OVER TARGET'}`
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await closeAllWorkspaces();
fs.rmSync(root, { recursive: true, force: true });
