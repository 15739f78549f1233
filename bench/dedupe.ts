// npm run bench:dedupe [sizes…]: generated exports with known duplicate groups; pairwise
// precision/recall/F1 at the default settings, candidate pairs and run time per size.
// Targets at 100k: precision ≥ 0.98, recall ≥ 0.95.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [10_000, 100_000, 1_000_000];
const root = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-dedupe-'));
process.env.FERRY_DATA = path.join(root, 'data');

const { generateExport } = await import('../src/lib/server/generate/index.js');
const { importExport } = await import('../src/lib/server/ingest/index.js');
const { openWorkspace } = await import('../src/lib/server/db/index.js');
const { runDedupe, pairwiseQuality, ensureDedupe, autoMerge, queue, clusterDetail, decide, undo } = await import('../src/lib/server/dedupe/index.js');

const secs = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
	const t = performance.now();
	const out = await work();
	return [out, (performance.now() - t) / 1000];
};

/** Review operations at this size: auto-merge, the queue, one cluster, one decision and its undo. */
async function review(ws: Awaited<ReturnType<typeof openWorkspace>>): Promise<string> {
	const [am, tAuto] = await secs(() => autoMerge(ws));
	const [q, tQueue] = await secs(() => queue(ws, 'open', 0, 100));
	const first = q.clusters[0];
	const [, tDetail] = await secs(() => clusterDetail(ws, first.cluster_id));
	const [, tDecide] = await secs(() => decide(ws, { kind: 'distinct', members: first.members }));
	const [, tUndo] = await secs(() => undo(ws));
	return `auto-merge ${am.merged.toLocaleString('en')} clusters ${tAuto.toFixed(2)} s; queue ${tQueue.toFixed(2)} s; cluster ${tDetail.toFixed(2)} s; decide ${tDecide.toFixed(2)} s; undo ${tUndo.toFixed(2)} s`;
}

/** The export's tables without its documents folder: dedupe reads tables only, and walking ~300k files is the import bench's job. */
function tablesOnly(out: string): string {
	const dir = `${out}-tables`;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir);
	for (const f of fs.readdirSync(out)) if (/\.(csv|json|xlsx)$/i.test(f)) fs.linkSync(path.join(out, f), path.join(dir, f)); // hard links: the importer reads regular files only
	return dir;
}

const rows: string[] = [];
for (const n of SIZES) {
	const out = path.join(root, `export-${n}`);
	let t = performance.now();
	const truth = fs.existsSync(`${out}.truth.json`)
		? JSON.parse(fs.readFileSync(`${out}.truth.json`, 'utf8'))
		: await generateExport({ out, patients: n, seed: 7 });
	const gen = (performance.now() - t) / 1000;
	const ws = await openWorkspace(`bench-${n}`, { create: true });
	t = performance.now();
	await importExport(ws, tablesOnly(out));
	const imp = (performance.now() - t) / 1000;
	await ensureDedupe(ws);
	await ws.run(`delete from dedupe.decision_values; delete from dedupe.decisions; delete from ferry.patient_survivors; delete from ferry.golden_values`); // a kept BENCH_DIR starts clean
	const run = await runDedupe(ws);
	const q = await pairwiseQuality(ws, truth.duplicateGroups);
	const twins = await ws.one<{ n: bigint }>(`select count(*) as n from dedupe.clusters where twin`);
	const line = `| ${n.toLocaleString('en')} | ${run.pairs.toLocaleString('en')} | ${run.clusters.toLocaleString('en')} | ${q.precision.toFixed(4)} | ${q.recall.toFixed(4)} | ${q.f1.toFixed(4)} | ${run.seconds.toFixed(1)} s | ${Number(twins?.n ?? 0)} |`;
	console.log(`n=${n} generate ${gen.toFixed(1)} s, import ${imp.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`, run, q);
	rows.push(line);
	console.log(`n=${n} review: ${await review(ws)}`);
	ws.close();
}
console.log('\n| patients | candidate pairs | clusters | precision | recall | F1 | dedupe run | clusters with twin pairs |\n|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
if (!process.env.BENCH_DIR) fs.rmSync(root, { recursive: true, force: true });
