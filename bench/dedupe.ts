// npm run bench:dedupe [--febrl-only | --no-febrl] [sizes…]: the public FEBRL data sets
// (dataset2, dataset3, dataset4a+4b) imported from their own files, then generated exports
// (patients.csv only: the same rows as a full export's) with known duplicate groups; EM's
// estimate; pairwise precision/recall/F1 at the default settings and at other thresholds, the
// share of true pairs blocking reaches, run time by stage, pairs scored per second per core
// and peak memory. Targets: FEBRL F1 ≥ 0.97 on 4a+4b, ≥ 0.95 on 2 and 3; generator at 100k
// precision ≥ 0.99, recall ≥ 0.98.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const sizes = args.map(Number).filter(Boolean);
const SIZES = args.includes('--febrl-only') ? [] : sizes.length ? sizes : [10_000, 100_000, 1_000_000];
const FEBRL_SETS = args.includes('--no-febrl') ? [] : [['dataset2'], ['dataset3'], ['dataset4a', 'dataset4b']];
const FEBRL_DIR = path.resolve(process.env.FEBRL_DIR ?? '../shared/benchmarks/febrl');
const CORES = os.availableParallelism();
const root = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-dedupe-'));
process.env.FERRY_DATA = path.join(root, 'data');

const { generateExport } = await import('../src/lib/server/generate/index.js');
const { importExport } = await import('../src/lib/server/ingest/index.js');
const { openWorkspace } = await import('../src/lib/server/db/index.js');
const { runDedupe, pairwiseQuality, blockingRecall, ensureDedupe, autoMerge, queue, clusterDetail, decide, undo, loadSettings } =
	await import('../src/lib/server/dedupe/index.js');
const { buildClusters } = await import('../src/lib/server/dedupe/clusters.js');
type Run = Awaited<ReturnType<typeof runDedupe>>;
type Ws = Awaited<ReturnType<typeof openWorkspace>>;

/** EM's estimate: expected duplicates among the candidates (their share) and two random records' match probability (the prior). */
const model = (r: Run) =>
	`EM: ${r.model.expectedMatches.toLocaleString('en')} expected duplicates = ${(100 * r.model.matchShare).toFixed(1)}% of candidates; λ (two random records match) ${r.model.randomMatch.toExponential(2)}, prior ${r.model.prior.toFixed(2)}, ${r.model.rounds} rounds`;

/** Pairwise P / R at other cluster thresholds from the same scores (clusters rebuilt), then the default's clusters back. */
async function sweep(ws: Ws, groups: string[][], threshold: number): Promise<string> {
	const out: string[] = [];
	for (const t of [3, 4, 5, 6, 7, 8]) {
		await buildClusters(ws, t);
		const q = await pairwiseQuality(ws, groups);
		out.push(`${t}: ${q.precision.toFixed(4)} / ${q.recall.toFixed(4)}`);
	}
	await buildClusters(ws, threshold);
	return `P / R by threshold: ${out.join(', ')}`;
}

const mb = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
/** Candidate pairs through estimation and scoring, per second and per core. */
const perCore = (r: Run) => Math.round(r.pairs / Math.max(r.stages.model + r.stages.scoring, 1e-3) / CORES);
const stages = (r: Run) =>
	Object.entries(r.stages)
		.map(([k, v]) => `${k} ${v.toFixed(1)}`)
		.join(', ');
/** The machine is shared: every time is printed with the 1-minute load average beside it. */
const load = () => `load average ${os.loadavg()[0].toFixed(1)}`;
/** A dedupe run with the CPU seconds it used (all DuckDB threads): on a loaded machine wall time says little. */
async function timedRun(ws: Awaited<ReturnType<typeof openWorkspace>>): Promise<[Run, number]> {
	const c0 = process.cpuUsage();
	const run = await runDedupe(ws);
	const c = process.cpuUsage(c0);
	return [run, (c.user + c.system) / 1e6];
}

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

/** The export's patients table alone: dedupe reads only it (the review's child counts read 0 without the others). */
function patientsOnly(out: string): string {
	const dir = `${out}-patients`;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir);
	fs.linkSync(path.join(out, 'patients.csv'), path.join(dir, 'patients.csv')); // a hard link: the importer reads regular files only
	return dir;
}

/** FEBRL's files with only their ", " separator made ","; truth from rec-<N>-org / rec-<N>-dup-<k>. */
function febrlExport(files: string[]): { dir: string; groups: string[][] } {
	const dir = path.join(root, `febrl-${files.join('-')}`);
	fs.mkdirSync(dir, { recursive: true });
	const lines: string[] = [];
	files.forEach((f, i) => {
		const all = fs
			.readFileSync(path.join(FEBRL_DIR, `${f}.csv`), 'utf8')
			.trimEnd()
			.split('\n');
		lines.push(...(i ? all.slice(1) : all).map((l) => l.replaceAll(', ', ',')));
	});
	fs.writeFileSync(path.join(dir, 'patients.csv'), lines.join('\n') + '\n');
	const byPerson = new Map<string, string[]>();
	for (const l of lines.slice(1)) {
		const id = l.split(',')[0];
		byPerson.set(id.split('-')[1], [...(byPerson.get(id.split('-')[1]) ?? []), id]);
	}
	return { dir, groups: [...byPerson.values()].filter((g) => g.length > 1) };
}

const febrlRows: string[] = [];
for (const files of FEBRL_SETS) {
	const name = files.join('+');
	const { dir, groups } = febrlExport(files);
	const ws = await openWorkspace(`bench-febrl-${files.join('-')}`, { create: true });
	await importExport(ws, dir);
	await ensureDedupe(ws);
	await ws.run(
		`delete from dedupe.decision_values; delete from dedupe.decisions; delete from ferry.patient_survivors; delete from ferry.golden_values`
	);
	const [run, cpu] = await timedRun(ws);
	const q = await pairwiseQuality(ws, groups);
	const b = await blockingRecall(ws, groups);
	console.log(
		`FEBRL ${name}: ${stages(run)} s (${cpu.toFixed(1)} s CPU, ${load()}); ${perCore(run).toLocaleString('en')} pairs scored/s/core; peak RSS ${mb()}`,
		{ ...q, blockingRecall: b.recall, warnings: run.warnings }
	);
	console.log(`FEBRL ${name}: ${model(run)}; ${await sweep(ws, groups, (await loadSettings(ws)).threshold)}`);
	febrlRows.push(
		`| ${name} | ${run.records.toLocaleString('en')} | ${q.truePairs.toLocaleString('en')} | ${run.pairs.toLocaleString('en')} | ${b.recall.toFixed(4)} | ${q.precision.toFixed(4)} | ${q.recall.toFixed(4)} | ${q.f1.toFixed(4)} | ${run.seconds.toFixed(1)} s (${cpu.toFixed(1)} s CPU, ${load()}) |`
	);
	ws.close();
}
if (febrlRows.length) {
	console.log(
		'\n| FEBRL | records | true pairs | candidate pairs | blocking recall | precision | recall | F1 | dedupe run |\n|---|---|---|---|---|---|---|---|---|'
	);
	for (const r of febrlRows) console.log(r);
	console.log();
}

const rows: string[] = [];
for (const n of SIZES) {
	const out = path.join(root, `export-${n}`);
	let t = performance.now();
	const truth = fs.existsSync(`${out}.truth.json`)
		? JSON.parse(fs.readFileSync(`${out}.truth.json`, 'utf8'))
		: await generateExport({ out, patients: n, seed: 7, patientsOnly: true });
	const gen = (performance.now() - t) / 1000;
	const ws = await openWorkspace(`bench-${n}`, { create: true });
	t = performance.now();
	await importExport(ws, patientsOnly(out));
	const imp = (performance.now() - t) / 1000;
	await ensureDedupe(ws);
	await ws.run(
		`delete from dedupe.decision_values; delete from dedupe.decisions; delete from ferry.patient_survivors; delete from ferry.golden_values`
	); // a kept BENCH_DIR starts clean
	const before = mb();
	const duck = await ws.one<{ threads: number; mem: string }>(
		`select current_setting('threads')::integer as threads, current_setting('memory_limit') as mem`
	);
	const [run, cpu] = await timedRun(ws);
	console.log(
		`n=${n}: DuckDB threads ${duck?.threads}, memory_limit ${duck?.mem}; peak RSS ${before} before dedupe (generation and import), ${mb()} after`
	);
	const q = await pairwiseQuality(ws, truth.duplicateGroups);
	const b = await blockingRecall(ws, truth.duplicateGroups);
	const twins = await ws.one<{ n: bigint }>(`select count(*) as n from dedupe.clusters where twin`);
	const twinPairs: string[][] = truth.twinPairs ?? [];
	const twinsClustered = twinPairs.length
		? await ws.one<{
				n: number;
			}>(`select count(*)::integer as n from dedupe.cluster_members a join dedupe.cluster_members b using (cluster_id)
		where list_contains([${twinPairs.map(([x, y]) => `['${x}', '${y}']`).join(', ')}], [a.patient_id, b.patient_id])`)
		: { n: 0 };
	const line = `| ${n.toLocaleString('en')} | ${run.pairs.toLocaleString('en')} | ${b.recall.toFixed(4)} | ${run.clusters.toLocaleString('en')} | ${q.precision.toFixed(4)} | ${q.recall.toFixed(4)} | ${q.f1.toFixed(4)} | ${run.seconds.toFixed(1)} s (${cpu.toFixed(1)} s CPU, ${load()}) | ${perCore(run).toLocaleString('en')} | ${mb()} | ${Number(twins?.n ?? 0)} | ${twinsClustered?.n ?? 0} of ${twinPairs.length} |`;
	console.log(
		`n=${n} generate ${gen.toFixed(1)} s, import ${imp.toFixed(1)} s; dedupe ${stages(run)} s (${cpu.toFixed(1)} s CPU, ${load()}); peak RSS ${mb()}`,
		{ ...q, blockingRecall: b.recall, warnings: run.warnings }
	);
	console.log(`n=${n} ${model(run)}; ${await sweep(ws, truth.duplicateGroups, (await loadSettings(ws)).threshold)}`);
	rows.push(line);
	console.log(`n=${n} review: ${await review(ws)}`);
	ws.close();
}
if (rows.length) {
	console.log(
		`\n| patients | candidate pairs | blocking recall | clusters | precision | recall | F1 | dedupe run | pairs scored/s/core (${CORES} cores) | peak RSS | clusters with twin pairs | twin pairs clustered |\n|---|---|---|---|---|---|---|---|---|---|---|---|`
	);
	for (const r of rows) console.log(r);
}
if (!process.env.BENCH_DIR) fs.rmSync(root, { recursive: true, force: true });
