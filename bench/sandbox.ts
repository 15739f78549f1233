// npm run bench:sandbox — can the sandbox keep up with loader benchmarks? Batch creates of 60
// people over HTTP from a few concurrent clients for ~10 s, rate limiting off and no injected
// latency; reports requests/s and the ratio to Twenty's default 100 requests per minute
// (target ≥ 50×, i.e. ≥ 84 req/s). Appends the result to bench/README.md.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSandbox } from '../src/lib/server/sandbox/index.js';

const DURATION_MS = Number(process.env.BENCH_MS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = 60;
const TWENTY_DEFAULT_PER_S = 100 / 60;

function people(client: number, n: number) {
	return Array.from({ length: BATCH }, (_, i) => ({
		name: { firstName: `Bench${client}`, lastName: `N${n}-${i}` },
		emails: { primaryEmail: `bench.${client}.${n}.${i}@bench.example` },
		phones: { primaryPhoneNumber: '612345678', primaryPhoneCountryCode: 'FR', primaryPhoneCallingCode: '+33' },
		jobTitle: 'Patient'
	}));
}

async function client(url: string, key: string, id: number, until: number, latencies: number[]): Promise<number> {
	let n = 0;
	while (performance.now() < until) {
		const t0 = performance.now();
		const res = await fetch(`${url}/rest/batch/people`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(people(id, n))
		});
		await res.arrayBuffer();
		if (res.status !== 201) throw new Error(`batch create answered ${res.status}`);
		latencies.push(performance.now() - t0);
		n++;
	}
	return n;
}

const sandbox = createSandbox({ rateLimit: false });
const server = await sandbox.listen();
const latencies: number[] = [];
const started = performance.now();
const counts = await Promise.all(
	Array.from({ length: CLIENTS }, (_, i) => client(server.url, sandbox.apiKey, i, started + DURATION_MS, latencies))
);
const seconds = (performance.now() - started) / 1000;
await server.close();

const requests = counts.reduce((a, b) => a + b, 0);
const rps = requests / seconds;
const ratio = rps / TWENTY_DEFAULT_PER_S;
latencies.sort((a, b) => a - b);
const p50 = latencies[Math.floor(latencies.length / 2)];
const p95 = latencies[Math.floor(latencies.length * 0.95)];
const rows = sandbox.state().objects.person.live;
const verdict = ratio >= 50 ? 'meets' : 'MISSES';

console.log(`${requests} batch creates of ${BATCH} people in ${seconds.toFixed(1)} s from ${CLIENTS} clients`);
console.log(`${rps.toFixed(1)} requests/s (${(rps * BATCH).toFixed(0)} records/s), p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
console.log(`${ratio.toFixed(0)}× Twenty's default 100 requests/min: ${verdict} the ≥ 50× target`);

const readme = path.resolve('bench/README.md');
const heading = '## Twenty sandbox (`npm run bench:sandbox`)';
if (!existsSync(readme)) writeFileSync(readme, '# Benchmarks\n');
if (!readFileSync(readme, 'utf8').includes(heading))
	appendFileSync(
		readme,
		`\n${heading}\n\nBatch creates of ${BATCH} people over HTTP to an in-process sandbox (rate limiting off, no injected latency), ${CLIENTS} concurrent clients, ~${DURATION_MS / 1000} s. Target: ≥ 50× Twenty's default 100 requests/min (≥ 84 req/s).\n\n| date | machine | requests/s | records/s | × 100/min | p50 / p95 ms | rows at end |\n|---|---|---|---|---|---|---|\n`
	);
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const machine = `${os.cpus().length} cores (${cpu}), Node ${process.version}`;
appendFileSync(
	readme,
	`| ${new Date().toISOString().slice(0, 10)} | ${machine} | ${rps.toFixed(1)} | ${(rps * BATCH).toFixed(0)} | ${ratio.toFixed(0)}× | ${p50.toFixed(1)} / ${p95.toFixed(1)} | ${rows} |\n`
);
