// `ferry run` as a script sees it: exit 2 and a message for a bad recipe or arguments, a JSON
// summary and exit 0 for a plan, exit 3 when the export does not meet the recipe; and
// `ferry rebuild-reference` writes both documents. The same replay answers over the API.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExport } from '../../src/lib/server/generate/index.js';
import { createApi } from '../../src/lib/server/api/index.js';
import { freshWorkspace } from '../helpers.js';
import { ferryBin } from '../support/cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-run-'));
const exp = path.join(tmp, 'export');
const env = { ...process.env, FERRY_DATA: path.join(tmp, 'data'), TWENTY_API_KEY: '' };

function ferry(...args: string[]) {
	const r = spawnSync(process.execPath, [ferryBin(), ...args], { env, encoding: 'utf8', timeout: 60_000 });
	return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
	await generateExport({ out: exp, patients: 25, seed: 41, clean: true });
});

describe('ferry run', () => {
	it('exits 2 naming the problem for a missing recipe or conflicting targets', () => {
		const missing = ferry('run', 'recipes/nope', '--export', exp);
		expect(missing.code).toBe(2);
		expect(missing.err).toMatch(/no recipe 'recipes\/nope'/);
		const both = ferry('run', 'recipes/clinic-place-to-twenty', '--export', exp, '--sandbox', '--target', 'http://x');
		expect(both.code).toBe(2);
		expect(both.err).toMatch(/either --target or --sandbox/);
	});

	it('plans with a JSON summary (exit 0), and exits 3 when the export lacks a file the recipe needs', () => {
		const plan = ferry('run', 'recipes/clinic-place-to-twenty', '--export', exp, '--json', '-w', 'cli-plan', '--trust');
		expect(plan.code, plan.err).toBe(0);
		const s = JSON.parse(plan.out);
		expect(s.status).toBe('planned');
		expect(s.stage.find((p: { plural: string }) => p.plural === 'people').records).toBeGreaterThanOrEqual(25);
		fs.rmSync(path.join(exp, 'staff.csv'));
		const blocked = ferry('run', 'recipes/clinic-place-to-twenty', '--export', exp, '-w', 'cli-blocked', '--trust');
		expect(blocked.code).toBe(3);
		expect(blocked.out).toMatch(/problem: the export has no staff.csv/);
	}, 60_000);

	it('writes the rebuild reference as Markdown and HTML', () => {
		const r = ferry('rebuild-reference', 'data/sample', '--out', path.join(tmp, 'automations'));
		expect(r.code, r.err).toBe(0);
		expect(fs.readFileSync(path.join(tmp, 'automations.md'), 'utf8')).toMatch(/^# Automations to rebuild/);
		expect(fs.readFileSync(path.join(tmp, 'automations.html'), 'utf8')).toMatch(/^<!doctype html>/);
		expect(ferry('rebuild-reference', 'data/sample', '--out', path.join(tmp, 'a.pdf')).err).toMatch(/--out must end in .md or .html/);
	});
});

describe('replay over the API (the page button)', () => {
	it('plans a replay into the workspace; a push without a target is a 409 that says why', async () => {
		const ws = await freshWorkspace('apireplay');
		const api = createApi({ token: 'replay-token-1' });
		const post = (p: string, body: unknown) =>
			api.request(`http://127.0.0.1/api/workspaces/${ws.name}${p}`, {
				method: 'POST',
				headers: { authorization: 'Bearer replay-token-1', 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		const fresh = path.join(tmp, 'api-export');
		await generateExport({ out: fresh, patients: 20, seed: 43, clean: true });
		const res = await post('/recipes/clinic-place-to-twenty/replay?wait=true', { export: fresh, trust: true });
		expect(res.status).toBe(200);
		expect((await res.json()).status).toBe('planned');
		const queued = await post('/recipes/clinic-place-to-twenty/replay', { export: path.join(tmp, 'nowhere') });
		expect(queued.status).toBe(202);
		const { job } = await queued.json();
		let state: { status: string; error: string | null } = { status: 'running', error: null };
		for (let i = 0; i < 100 && state.status === 'running'; i++) {
			await new Promise((r) => setTimeout(r, 50));
			state = await (await api.request(`http://127.0.0.1/api/jobs/${job}`, { headers: { authorization: 'Bearer replay-token-1' } })).json();
		}
		expect(state.status).toBe('failed');
		expect(state.error).toMatch(/nothing to import at/);
		const push = await post('/recipes/clinic-place-to-twenty/replay', { export: fresh, push: true });
		expect(push.status).toBe(409);
		expect((await push.json()).error).toMatch(/no Twenty target/);
		expect((await post('/recipes/nope/replay', { export: fresh })).status).toBe(404);
	}, 30_000);
});
