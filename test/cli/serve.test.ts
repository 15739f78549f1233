// `npm start` as a person lives it: the workbench builds if needed, imports the bundled
// sample on first start, listens on 127.0.0.1 and prints one URL whose token opens it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFerry, type FerryServer } from '../support/server.js';
import { ferryBin } from '../support/cli.js';

const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-serve-'));
const env = { ...process.env, FERRY_DATA: data, FERRY_TOKEN: '' };
let server: FerryServer | undefined;

afterAll(async () => {
	await server?.stop();
	fs.rmSync(data, { recursive: true, force: true });
});

describe('ferry serve (npm start)', () => {
	it('imports the sample on first start and serves only to the printed token', { timeout: 240_000 }, async () => {
		server = await startFerry({ data });
		const { url, base, token, output } = server;
		expect(output()).toMatch(/First start: importing the bundled sample export/);
		expect(output().match(/\?token=/g)).toHaveLength(1);

		expect((await fetch(`${base}/api/workspaces`)).status).toBe(401);
		expect((await fetch(`${base}/w/sample`)).status).toBe(401);
		const visit = await fetch(url, { redirect: 'manual' });
		expect(visit.status).toBe(303);
		expect(visit.headers.get('location')).toBe('/w/sample');
		const cookie = visit.headers.get('set-cookie')!.split(';')[0];
		expect(visit.headers.get('set-cookie')).toMatch(/HttpOnly/i);

		const page = await fetch(`${base}/w/sample`, { headers: { cookie } });
		expect(page.status).toBe(200);
		const overview = await (await fetch(`${base}/api/workspaces/sample`, { headers: { authorization: `Bearer ${token}` } })).json();
		const truth = JSON.parse(fs.readFileSync('data/sample.truth.json', 'utf8'));
		const expectedRows = Object.values(truth.files as Record<string, { rows: number }>).reduce((n, f) => n + f.rows, 0);
		expect(overview.current.rowsRead).toBe(expectedRows + 11); // + automations.json's 11 records
		expect(overview.current.rowsRejected).toBe(truth.malformedRows.length);
		// The browser's own writes carry the page's Origin and must pass.
		const own = await fetch(`${base}/api/workspaces`, {
			method: 'POST',
			headers: { cookie, origin: base, 'content-type': 'application/json' },
			body: '{"name":"from-browser"}'
		});
		expect(own.status).toBe(201);
		const foreign = await fetch(`${base}/api/workspaces`, { headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' } });
		expect(foreign.status).toBe(403);
		// The data folder is this file's (the CLI test below reuses it), so stop() leaves it.
		expect(await server.stop('SIGTERM')).toBe(0);
	});

	it('ferry import prints the accounting and recognises the same bytes', { timeout: 60_000 }, () => {
		const run = () => spawnSync(process.execPath, [ferryBin(), 'import', 'data/sample', '-w', 'cli'], { env, encoding: 'utf8' });
		const first = run();
		expect(first.status, first.stderr).toBe(0);
		expect(first.stdout).toMatch(/rows read (\d+) = staged \d+ \+ rejected 3/);
		const again = run();
		expect(again.stdout).toMatch(/Already imported: snapshot 1 holds these exact bytes; nothing new was created\./);
		const missing = spawnSync(process.execPath, [ferryBin(), 'import', '/no/such/export', '-w', 'cli'], { env, encoding: 'utf8' });
		expect(missing.status).toBe(1);
		expect(missing.stderr).toMatch(/ferry: nothing to import at '\/no\/such\/export': no such file or folder/);
	});
});
