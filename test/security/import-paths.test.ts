// Issue 18, item 9: the import API read any server path given in a JSON body, and its errors
// listed what it found there. A server-path import now reads only below the data folder, the
// bundled sample and FERRY_IMPORT_ROOTS; the CLI (a person at the shell) reads what they can.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { dataDir } from '../../src/lib/server/config.js';
import { apiCaller } from '../support/api.js';
import { ferryBin } from '../support/cli.js';

const TOKEN = 'import-paths-token';
const api = createApi({ token: TOKEN });
const caller = apiCaller(api, { token: TOKEN });
const call = (p: string, json: unknown) => caller(p, { method: 'POST', json });

const allowed = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-allowed-'));
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-outside-'));
const PATIENTS = 'Patient ID,First Name\n1,Ann\n';
fs.writeFileSync(path.join(outside, 'patients.csv'), PATIENTS);
fs.writeFileSync(path.join(outside, 'secret-plan.docx'), 'x');
fs.mkdirSync(path.join(allowed, 'export'));
fs.writeFileSync(path.join(allowed, 'export', 'patients.csv'), PATIENTS);
fs.symlinkSync(outside, path.join(allowed, 'link-out'));

let saved: string | undefined;
beforeEach(() => {
	saved = process.env.FERRY_IMPORT_ROOTS;
	process.env.FERRY_IMPORT_ROOTS = allowed;
});
afterEach(() => {
	if (saved === undefined) delete process.env.FERRY_IMPORT_ROOTS;
	else process.env.FERRY_IMPORT_ROOTS = saved;
});

async function workspace(name: string) {
	expect((await call('/workspaces', { name })).status).toBe(201);
	return name;
}

describe('a server-path import reads only below the allowed roots', () => {
	it('refuses /etc, /root, a missing path and a folder outside, alike, naming the setting and listing nothing', async () => {
		const ws = await workspace(`paths-${process.pid}`);
		for (const p of ['/etc', '/etc/passwd', '/root', '/no/such/export', outside, path.join(allowed, '..', path.basename(outside))]) {
			const res = await call(`/workspaces/${ws}/imports?wait=true`, { path: p });
			const body = (await res.json()) as { error: string };
			expect(res.status, `${p}: ${body.error}`).toBe(403);
			expect(body.error).toMatch(/is outside the folders the API imports from: .*FERRY_IMPORT_ROOTS/);
			// Nothing was read there: no file name, and no word on whether it exists.
			expect(body.error.replace(`'${path.resolve(p)}'`, '')).not.toMatch(/passwd|shadow|hosts|secret-plan|patients\.csv|no such file/);
		}
	});

	it('a recipe replay given an export path outside them is refused the same way, before anything runs', async () => {
		const ws = await workspace(`replay-${process.pid}`);
		const res = await call(`/workspaces/${ws}/recipes/clinic-place-to-twenty/replay?wait=true`, { export: '/etc', trust: true });
		const body = (await res.json()) as { error: string };
		expect(res.status, body.error).toBe(403);
		expect(body.error).toMatch(/FERRY_IMPORT_ROOTS/);
	});

	it('refuses a link inside an allowed root that leads outside it', async () => {
		const ws = await workspace(`link-${process.pid}`);
		const res = await call(`/workspaces/${ws}/imports?wait=true`, { path: path.join(allowed, 'link-out') });
		expect(res.status).toBe(403);
	});

	it('imports an export below FERRY_IMPORT_ROOTS and below the data folder', async () => {
		const ws = await workspace(`ok-${process.pid}`);
		const res = await call(`/workspaces/${ws}/imports?wait=true`, { path: path.join(allowed, 'export') });
		expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
		const inData = path.join(dataDir, 'exports', 'one');
		fs.mkdirSync(inData, { recursive: true });
		fs.writeFileSync(path.join(inData, 'patients.csv'), PATIENTS + '2,Bo\n');
		process.env.FERRY_IMPORT_ROOTS = '';
		const res2 = await call(`/workspaces/${ws}/imports?wait=true`, { path: inData });
		expect(res2.status, JSON.stringify(await res2.clone().json())).toBe(201);
		// With the setting empty, the other folder is refused again.
		expect((await call(`/workspaces/${ws}/imports?wait=true`, { path: path.join(allowed, 'export') })).status).toBe(403);
	});

	it('the CLI, a person at the shell, still imports from anywhere', { timeout: 120_000 }, () => {
		const env = { ...process.env, FERRY_IMPORT_ROOTS: '' };
		const run = spawnSync(process.execPath, [ferryBin(), 'import', outside, '-w', `cli-${process.pid}`], {
			env,
			encoding: 'utf8',
			timeout: 110_000
		});
		expect(run.status, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/rows read 1 = staged 1/);
	});
});
