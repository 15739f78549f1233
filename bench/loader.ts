// npm run bench:loader — the paced loader against the sandbox.
//  A. 20k records of a realistic mix (locations; patients with all their fields; appointments as
//     tasks and their targets; clinical notes with long bodies and their targets) with realistic
//     latency and Twenty's limit (100 requests/min) time-compressed by the sandbox's rate-limit
//     scale. The loader is not told the batch size: it asks for more and learns Twenty's 200 from
//     the refusal. Prints records/min as a share of the ceiling (budget × 200 records per
//     request; target ≥ 95%), the same for a naive one-record-per-request client, and the 429s.
//  B. Crash: `ferry push` in a child process, kill -9 ten times at random points, `--resume`
//     each time, then count duplicates and missing records in Twenty (must be 0 and 0).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHILD = process.argv[2] === '--child' ? process.argv[3] : null;
const DATA = CHILD ? process.env.FERRY_DATA! : fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-loader-'));
process.env.FERRY_DATA = DATA;
const { openWorkspace, closeAllWorkspaces } = await import('../src/lib/server/db/index.js');
const { createTwentyClient, setTarget, TwentyError } = await import('../src/lib/server/twenty/index.js');
const { approveBatch, CONFIRMED_MAP_SETTING, ensureLoader, freezeBatches, resumeRun, runCounts, startRun, unfinishedRun } =
	await import('../src/lib/server/loader/index.js');

const RECORDS = Number(process.env.BENCH_RECORDS ?? 60_000); // 300 requests at 200 per call: three windows, as 20k did at 60
const SCALE = Number(process.env.BENCH_SCALE ?? 10); // 100 req/min → 1000 req/min: a 20 s run
const WINDOW_MS = 60_000 / SCALE;
const BUDGET = 100;
/** Twenty 2.19's batch ceiling (recorded: 200 accepted, 201 refused): the ceiling A is measured against. */
const CEILING_BATCH = 200;
/** B kills the push mid-run: smaller chunks give it more requests to die between. */
const CRASH_BATCH = 60;
const LATENCY = { kind: 'normal' as const, mean: 40, sd: 15 }; // a hosted Twenty batch insert, time-compressed
const KILLS = Number(process.env.BENCH_KILLS ?? 10);
const CRASH_RECORDS = Number(process.env.BENCH_CRASH_RECORDS ?? 6000);

type Ws = Awaited<ReturnType<typeof openWorkspace>>;

interface Remote {
	url: string;
	apiKey: string;
	state: () => Promise<{ rateLimited: number; requests: { total: number } }>;
	close: () => Promise<void>;
}

/** The sandbox in its own process, as a real Twenty would be: the loader's CPU is not the server's. */
async function remoteSandbox(seed: number): Promise<Remote> {
	const apiKey = `bench_${seed}_${Date.now()}`;
	const p = spawn(
		process.execPath,
		[
			'bin/ferry',
			'sandbox',
			'--port',
			'0',
			'--api-key',
			apiKey,
			'--rate-limit-scale',
			String(SCALE),
			'--latency',
			String(LATENCY.mean),
			'--latency-sd',
			String(LATENCY.sd),
			'--seed',
			String(seed)
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		p.stdout!.on('data', (d) => {
			out += d;
			const m = out.match(/listening on (http:\/\/\S+)/);
			if (m) resolve(m[1]);
		});
		p.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
	const control = async (path: string, init: RequestInit = {}) =>
		(await fetch(url + path, { ...init, headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' } })).json();
	return {
		url,
		apiKey,
		state: () => control('/__sandbox/state'),
		close: async () => {
			p.kill('SIGTERM');
			await exited(p);
		}
	};
}

/** Patients-only (B) or the realistic mix (A): per 10 records 2 patients, 3 tasks + 3 targets, 1 note + 1 target. */
async function stage(ws: Ws, records: number, mix = false, locations = 20): Promise<void> {
	const patients = mix ? Math.floor((records - locations) / 10) * 2 : records - locations;
	const tasks = mix ? Math.floor((records - locations) / 10) * 3 : 0;
	const notes = mix ? Math.floor((records - locations - patients - 2 * tasks) / 2) : 0;
	const sid = (k: string) => `ferry.source_id(${k})`;
	await ws.run(`create or replace view stage.companies as select 'location:L' || i as source_key, ${sid(`'location:L' || i`)} as id,
		json_object('name', 'Clinic ' || i, 'address', json_object('addressStreet1', i || ' George Street', 'addressCity', 'Sydney', 'addressPostcode', '2000', 'addressCountry', 'Australia')) as payload from range(${locations}) t(i)`);
	await ws.run(`create or replace view stage.people as select 'patient:' || i as source_key, ${sid(`'patient:' || i`)} as id,
		json_object('name', json_object('firstName', 'Pat' || i, 'lastName', 'Bench'), 'emails', json_object('primaryEmail', 'p' || i || '@bench.example', 'additionalEmails', []),
			'phones', json_object('primaryPhoneNumber', '4' || lpad((i % 100000000)::varchar, 8, '0'), 'primaryPhoneCountryCode', 'AU', 'primaryPhoneCallingCode', '+61',
				'additionalPhones', [json_object('number', '2' || lpad((i % 100000000)::varchar, 8, '0'), 'countryCode', 'AU', 'callingCode', '+61')]),
			'jobTitle', 'Patient', 'companyId', ${sid(`'location:L' || (i % ${locations})`)},
			'createdAt', '2015-03-0' || (i % 9 + 1) || 'T09:30:00.000Z') as payload from range(${patients}) t(i)`);
	const body = `repeat('Presenting complaint, history, examination, assessment and plan. ', 30)`; // ~2 KB, a real clinical note's size
	await ws.run(`create or replace view stage.tasks as select 'appointment:' || i as source_key, ${sid(`'appointment:' || i`)} as id,
		json_object('title', 'Follow-up appointment', 'status', ['TODO', 'DONE'][i % 2 + 1], 'dueAt', '2024-05-0' || (i % 9 + 1) || 'T10:00:00.000Z',
			'bodyV2', json_object('markdown', 'Review results; 30 min'), 'createdAt', '2024-04-0' || (i % 9 + 1) || 'T08:00:00.000Z') as payload from range(${tasks}) t(i)`);
	await ws.run(`create or replace view stage."taskTargets" as select 'taskTarget:' || i as source_key, ${sid(`'taskTarget:' || i`)} as id,
		json_object('taskId', ${sid(`'appointment:' || i`)}, 'targetPersonId', ${sid(`'patient:' || (i % greatest(${patients}, 1))`)}) as payload from range(${tasks}) t(i)`);
	await ws.run(`create or replace view stage.notes as select 'note:' || i as source_key, ${sid(`'note:' || i`)} as id,
		json_object('title', 'Consultation ' || i, 'bodyV2', json_object('markdown', ${body}), 'createdAt', '2023-11-1' || (i % 9) || 'T14:00:00.000Z') as payload from range(${notes}) t(i)`);
	await ws.run(`create or replace view stage."noteTargets" as select 'noteTarget:' || i as source_key, ${sid(`'noteTarget:' || i`)} as id,
		json_object('noteId', ${sid(`'note:' || i`)}, 'targetPersonId', ${sid(`'patient:' || (i % greatest(${patients}, 1))`)}) as payload from range(${notes}) t(i)`);
	await ws.run(`create or replace view stage.plan as select * from (values ('companies', 1, 'company'), ('people', 2, 'person'), ('tasks', 3, 'task'), ('notes', 3, 'note'),
		('taskTargets', 4, 'taskTarget'), ('noteTargets', 4, 'noteTarget')) t(plural, step, object) where ${mix} or plural in ('companies', 'people')`);
}

async function prepared(name: string, url: string, key: string, records: number, mix = false): Promise<Ws> {
	const ws = await openWorkspace(name, { create: true });
	await setTarget(ws, url, key);
	await stage(ws, records, mix);
	// A hand-built stage has no map to confirm: stamp it as confirmed, as test/loader/fixture.ts does, so the loader's guard lets it go.
	await ensureLoader(ws);
	await ws.run(`insert or replace into ferry.settings values ($1, $2)`, [CONFIRMED_MAP_SETTING, 'bench-stage']);
	const objects = await createTwentyClient({ url, apiKey: key }).metadata.listObjects();
	for (const b of await freezeBatches(ws, objects)) await approveBatch(ws, b.id, 'bench');
	return ws;
}

const ceilingPerMin = (perRequest: number) => (BUDGET * perRequest * 60_000) / WINDOW_MS;

async function paced(): Promise<{
	perMin: number;
	share: number;
	limited: number;
	requests: number;
	seconds: number;
	batch: number;
	refusals: number;
}> {
	const sb = await remoteSandbox(1);
	try {
		const ws = await prepared('paced', sb.url, sb.apiKey, RECORDS, true);
		const t0 = performance.now();
		const run = await startRun(ws, undefined, {
			settings: { budget: BUDGET, windowMs: WINDOW_MS, concurrency: 16 },
			onProgress: process.env.BENCH_DEBUG
				? (p) => console.error(Math.round(performance.now() - t0), p.requests, p.headroom.sentInWindow)
				: undefined
		});
		const p = await run.done;
		const seconds = (performance.now() - t0) / 1000;
		const counts = await runCounts(ws, run.runId);
		const done = counts.reduce((n, c) => n + c.created, 0);
		if (done !== RECORDS) throw new Error(`paced run settled ${done} of ${RECORDS}`);
		const perMin = (done / seconds) * 60;
		return {
			perMin,
			share: perMin / ceilingPerMin(CEILING_BATCH),
			limited: (await sb.state()).rateLimited,
			requests: p.requests,
			seconds,
			batch: p.batchSize,
			refusals: p.refusalRequests
		};
	} finally {
		await sb.close();
	}
}

/** One create per record, sequential, honouring Retry-After: correct, but unbatched. Runs two
 *  windows so the target's initial full bucket does not flatter it. */
async function naive(ms = 2 * WINDOW_MS): Promise<{ perMin: number; share: number; limited: number }> {
	const sb = await remoteSandbox(3);
	const client = createTwentyClient({ url: sb.url, apiKey: sb.apiKey });
	let done = 0;
	const t0 = performance.now();
	try {
		while (performance.now() - t0 < ms) {
			try {
				await client.create('people', {
					name: { firstName: 'N', lastName: String(done) },
					emails: { primaryEmail: `n${done}@bench.example` }
				});
				done++;
			} catch (e) {
				if (!(e instanceof TwentyError) || e.status !== 429) throw e;
				await new Promise((r) => setTimeout(r, Math.min(e.retryAfterMs ?? 100, WINDOW_MS)));
			}
		}
		const perMin = (done / (performance.now() - t0)) * 60_000;
		return { perMin, share: perMin / ceilingPerMin(CEILING_BATCH), limited: (await sb.state()).rateLimited };
	} finally {
		await sb.close();
	}
}

let childErr = '';
function child(args: string[]): ChildProcess {
	const c = spawn(process.execPath, ['--import', 'tsx', 'bench/loader.ts', '--child', ...args], {
		env: { ...process.env, FERRY_DATA: DATA },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	childErr = '';
	c.stderr!.on('data', (d) => (childErr += d));
	return c;
}

const exited = (c: ChildProcess) =>
	new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode ? r(c.exitCode) : c.once('exit', (code) => r(code))));

async function crash(): Promise<{ kills: number; duplicates: number; missing: number; extra: number; seconds: number }> {
	const sb = await remoteSandbox(2);
	const t0 = performance.now();
	try {
		await prepared('crash', sb.url, sb.apiKey, CRASH_RECORDS);
		await closeAllWorkspaces(); // the child processes own the workspace file now
		let kills = 0;
		let random = 12345;
		const rand = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let i = 0; i <= KILLS; i++) {
			const p = child([i === 0 ? 'start' : 'resume']);
			if (i === KILLS) {
				const code = await exited(p);
				if (code !== 0) throw new Error(`final resume exited with ${code}: ${childErr}`);
				break;
			}
			const before = (await sb.state()).requests.total;
			while ((await sb.state()).requests.total === before && p.exitCode === null) await new Promise((r) => setTimeout(r, 10));
			await new Promise((r) => setTimeout(r, rand() * 700));
			if (p.exitCode !== null)
				throw new Error(`the push ended (exit ${p.exitCode}) before it could be killed: ${childErr || 'raise BENCH_CRASH_RECORDS'}`);
			p.kill('SIGKILL');
			await exited(p);
			kills++;
		}
		// Read everything back without the rate limit (the count is the point, not the pace).
		await fetch(`${sb.url}/__sandbox/rate-limit`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${sb.apiKey}`, 'Content-Type': 'application/json' },
			body: '{"enabled":false}'
		});
		const client = createTwentyClient({ url: sb.url, apiKey: sb.apiKey });
		const rows: Array<{ id: string; emails?: { primaryEmail?: string } }> = [];
		for (const plural of ['people', 'companies']) for await (const r of client.listAll(plural, { limit: 200 })) rows.push(r as never);
		const ws = await openWorkspace('crash');
		const expected = new Set(
			(await ws.all<{ id: string }>(`select id from stage.people union all select id from stage.companies`)).map((r) => r.id)
		);
		const ids = new Set(rows.map((r) => r.id));
		const keys = rows.map((r) => r.emails?.primaryEmail ?? `company:${r.id}`);
		return {
			kills,
			duplicates: rows.length - new Set(keys).size + (rows.length - ids.size),
			missing: [...expected].filter((id) => !ids.has(id)).length,
			extra: [...ids].filter((id) => !expected.has(id)).length,
			seconds: (performance.now() - t0) / 1000
		};
	} finally {
		await sb.close();
	}
}

/**
 * The loader process that B kills: `ferry push` minus the CLI's import of mapping, whose push
 * guard would (rightly) refuse these hand-staged views that no confirmed mapping produced.
 */
async function childMain(mode: string): Promise<void> {
	const ws = await openWorkspace('crash');
	const settings = { budget: BUDGET, windowMs: WINDOW_MS, batchSize: CRASH_BATCH, concurrency: 8 };
	const id = mode === 'resume' ? await unfinishedRun(ws) : null;
	const run = id === null ? await startRun(ws, undefined, { settings }) : await resumeRun(ws, id, { settings });
	const p = await run.done;
	await closeAllWorkspaces();
	process.exit(p.status === 'done' ? 0 : 1);
}

if (CHILD) await childMain(CHILD);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const a = await paced();
const n = await naive();
console.log(
	`A. ${RECORDS} records (locations, patients with all fields, tasks + targets, notes with ~2 KB bodies + targets), budget ${BUDGET} req/min × scale ${SCALE}, latency ~${LATENCY.mean}±${LATENCY.sd} ms`
);
console.log(
	`   paced loader: batch size learned ${a.batch} (${a.refusals} request(s) spent on refusals); ${Math.round(a.perMin)} records/min = ${pct(a.share)} of the ceiling ${Math.round(ceilingPerMin(CEILING_BATCH))} = budget × ${CEILING_BATCH} (target ≥ 95%); ${a.requests} requests in ${a.seconds.toFixed(1)} s; 429s received: ${a.limited}`
);
console.log(
	`   naive (1 record/request): ${Math.round(n.perMin)} records/min = ${pct(n.share)} of the same ceiling; 429s received: ${n.limited}; paced/naive = ${(a.perMin / n.perMin).toFixed(1)}×`
);
const c = await crash();
console.log(
	`B. crash: ${CRASH_RECORDS} records, ${c.kills} × kill -9 at random points + resume: duplicates ${c.duplicates}, missing ${c.missing}, unexpected ${c.extra} (${c.seconds.toFixed(1)} s)`
);
await closeAllWorkspaces();
fs.rmSync(DATA, { recursive: true, force: true });
if (a.share < 0.95 || c.duplicates || c.missing || c.extra) process.exitCode = 1;
