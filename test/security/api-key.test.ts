// The Twenty API key (issue 9): given in TWENTY_API_KEY or in a 0600 file, used for a sample
// migration slice (target, schema sync, sample run, push, recipe, audit CSV), and then found
// nowhere: not in a recipe file, the audit log (table and CSV), any API answer, any page, or
// the server log at trace level. A key file readable by others is refused, saying why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceNav } from '../../src/lib/nav.js';
import { createSandbox } from '../../src/lib/server/sandbox/index.js';
import { startFerry, type FerryServer } from '../support/server.js';

const FAST = { budget: 100_000, minBackoffMs: 5, maxBackoffMs: 200 };

interface Setup {
	label: string;
	key: string;
	server: FerryServer;
	recipes: string;
	twenty: { url: string; close: () => Promise<void> };
	/** Every API answer body this test read, as text (binary answers as latin1). */
	bodies: string[];
}

const runs: Setup[] = [];

async function setup(label: 'environment' | 'file'): Promise<Setup> {
	// Distinctive, and shaped like a real Twenty key (a JWT), so any echo of it is unmistakable.
	const key = `eyJhbGciOiJIUzI1NiJ9.ferry-${label}-key-${Math.random().toString(36).slice(2)}.c2VjcmV0LXNpZ25hdHVyZQ`;
	const sb = createSandbox({ apiKey: key, rateLimit: false });
	const twenty = await sb.listen(0, '127.0.0.1');
	const recipes = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-recipes-'));
	const env: Record<string, string> = { FERRY_LOG: 'trace', FERRY_RECIPES: recipes };
	if (label === 'environment') env.TWENTY_API_KEY = key;
	const server = await startFerry({ args: ['--verbose'], env });
	return { label, key, server, recipes, twenty, bodies: [] };
}

beforeAll(async () => {
	runs.push(...(await Promise.all([setup('environment'), setup('file')])));
}, 300_000);
afterAll(async () => {
	for (const r of runs) {
		await r.server.stop();
		await r.twenty.close();
		fs.rmSync(r.recipes, { recursive: true, force: true });
	}
});

/** The API, with every answer's body kept for the scan. */
async function call(r: Setup, pathname: string, method = 'GET', body?: unknown): Promise<{ status: number; text: string; json: any }> {
	const res = await r.server.api(pathname, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const bytes = Buffer.from(await res.arrayBuffer());
	const text = /json|text|csv|html|markdown/.test(res.headers.get('content-type') ?? '')
		? bytes.toString('utf8')
		: bytes.toString('latin1');
	r.bodies.push(`${method} ${pathname} ${res.status} ${[...res.headers].join(' ')}\n${text}`);
	let json: any = null;
	try {
		json = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, text, json };
}

async function ok(r: Setup, pathname: string, method = 'GET', body?: unknown, status = 200): Promise<any> {
	const a = await call(r, pathname, method, body);
	expect(a.status, `${r.label}: ${method} ${pathname}: ${a.text.slice(0, 300)}`).toBe(status);
	return a.json;
}

async function waitJob(r: Setup, id: string): Promise<any> {
	for (;;) {
		const job = await ok(r, `/api/jobs/${id}`);
		if (job.status !== 'running') return job;
		await new Promise((res) => setTimeout(res, 200));
	}
}

/** The slice: target, schema sync, sample run pushed and read back, a recipe, the audit log. */
async function slice(r: Setup): Promise<void> {
	const W = '/api/workspaces/sample';
	const given = r.label === 'file' ? { url: r.twenty.url, apiKey: r.key } : { url: r.twenty.url };
	const target = await ok(r, `${W}/target`, 'PUT', given);
	expect(target.keySource).toBe(r.label);
	if (r.label === 'file') {
		const file = path.join(r.server.data, 'workspaces', 'sample', 'twenty-api-key');
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
	}
	expect((await ok(r, `${W}/target/check`)).ok).toBe(true);
	await ok(r, `${W}/mapping/confirm`, 'POST', {});
	await ok(r, `${W}/mapping/schema`);
	await ok(r, `${W}/mapping/schema/apply`, 'POST', { confirm: true });
	await ok(r, `${W}/mapping/staff`, 'POST', {});
	await ok(r, `${W}/mapping/compile`, 'POST', {});
	const batches = (await ok(r, `${W}/loader/batches`, 'POST', { sample: { patients: 6 } }, 201)) as Array<{
		id: number;
		valid: number;
		invalid: number;
	}>;
	for (const b of batches.filter((x) => x.invalid > 0)) {
		const { records } = await ok(r, `${W}/loader/batches/${b.id}/records?status=invalid&limit=1000`);
		await ok(r, `${W}/loader/batches/${b.id}/exclude`, 'POST', {
			sourceKeys: records.map((x: { sourceKey: string }) => x.sourceKey),
			reason: 'invalid'
		});
	}
	for (const b of batches) if (b.valid > 0) await ok(r, `${W}/loader/batches/${b.id}/approve`, 'POST', { acknowledgeLosses: true });
	const { runId } = await ok(r, `${W}/loader/runs`, 'POST', { settings: FAST }, 201);
	let run;
	do {
		await new Promise((res) => setTimeout(res, 250));
		run = await ok(r, `${W}/loader/runs/${runId}`);
	} while (run.run.status === 'running' || run.live);
	expect(run.run.status).toBe('done');
	await call(r, `${W}/loader/runs/${runId}/events`);
	expect((await waitJob(r, (await ok(r, `${W}/loader/readback`, 'POST', { settings: FAST }, 202)).jobId)).status).toBe('done');
	await ok(r, `${W}/loader/diff`);
	await ok(r, `${W}/loader/report`);
	await call(r, `${W}/loader/report?format=csv`);
	await call(r, `${W}/loader/report?format=html`);
	await ok(r, `${W}/recipes`, 'POST', { name: `key-${r.label}`, description: 'api key test' }, 201);
	await ok(r, '/api/recipes');
	await ok(r, `/api/recipes/key-${r.label}`);
	for (const p of [
		'',
		'/audit',
		'/jobs',
		'/target',
		'/mapping',
		'/mapping/validation',
		'/mapping/export.csv',
		'/mapping/schema.md',
		'/loader/batches',
		'/loader/runs',
		'/dedupe/settings',
		'/delta/moves',
		'/rebuild-reference'
	])
		await call(r, `${W}${p}`);
	const csv = await call(r, `${W}/audit?format=csv`);
	expect(csv.text).toMatch(/target\.set/);
	expect(csv.text).toMatch(/loader\.push/);
	expect(csv.text).toMatch(/recipe\.save/);
	const audit = await ok(r, `${W}/audit?limit=10000`);
	expect(audit.rows.length).toBeGreaterThan(10);
}

/** Every page a person opens: the home page, the workspace and each step of the nav. */
async function pages(r: Setup): Promise<string[]> {
	const visit = await fetch(r.server.url, { redirect: 'manual' });
	const cookie = visit.headers.get('set-cookie')!.split(';')[0];
	const out: string[] = [];
	for (const p of ['/', ...workspaceNav.map((n) => `/w/sample${n.path ? `/${n.path}` : ''}`)]) {
		const res = await fetch(r.server.base + p, { headers: { cookie } });
		expect(res.status, p).toBe(200);
		out.push(`${p}\n${await res.text()}`);
	}
	return out;
}

function filesUnder(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('the Twenty API key', () => {
	for (const label of ['environment', 'file'] as const)
		it(`from the ${label}: used for a migration slice, then found nowhere`, { timeout: 600_000 }, async () => {
			const r = runs.find((x) => x.label === label)!;
			await slice(r);
			const places: Record<string, string[]> = {
				recipe: filesUnder(r.recipes).map((f) => fs.readFileSync(f, 'utf8')),
				'API answer': r.bodies,
				page: await pages(r),
				'server log': [r.server.output()]
			};
			expect(places.recipe.length).toBeGreaterThan(0);
			expect(r.bodies.length).toBeGreaterThan(40);
			// The pieces too: a log or page that printed half the key would still leak it.
			const needles = [r.key, ...r.key.split('.').filter((p) => p.length >= 12)];
			for (const [where, texts] of Object.entries(places))
				for (const t of texts) for (const n of needles) expect(t.includes(n), `${label} key in a ${where}: ${t.slice(0, 120)}`).toBe(false);
			// The log is the trace-level log of a migration that used the key (so its silence means something).
			expect(r.server.output()).toMatch(/ trace twenty\.request method=POST path=\/rest\/batch\/\w+ status=20\d /);
			// The Twenty side saw the key: it was used, not just never loaded.
			expect(r.bodies.some((b) => /"keySource":"(environment|file)"/.test(b))).toBe(true);
		});

	it('refuses a key file others can read, saying why', async () => {
		const r = runs.find((x) => x.label === 'file')!;
		const file = path.join(r.server.data, 'workspaces', 'sample', 'twenty-api-key');
		fs.chmodSync(file, 0o644);
		try {
			const check = await ok(r, '/api/workspaces/sample/target/check');
			expect(check.ok).toBe(false);
			expect(check.error).toMatch(/twenty-api-key is readable by others \(mode 644\); run chmod 600 on it/);
			const push = await call(r, '/api/workspaces/sample/loader/batches', 'POST', {});
			expect(push.status).toBe(409);
			expect(push.json.error).toMatch(/readable by others .*chmod 600/);
			const target = await call(r, '/api/workspaces/sample/target');
			expect(target.status).toBe(409);
			expect(target.json.error).toMatch(/readable by others .*chmod 600/);
			for (const b of [check, push.json, target.json]) expect(JSON.stringify(b)).not.toContain(r.key);
		} finally {
			fs.chmodSync(file, 0o600);
		}
	});
});
