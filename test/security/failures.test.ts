// Issue 18, item 9: a damaged workspace file and a concurrent dedupe run answered a bare 500.
// Each now answers a clear 409 that says what happened and what to do, through the one error
// handler (no error id: nothing for the log to explain).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { closeAllWorkspaces, openWorkspace } from '../../src/lib/server/db/index.js';
import { exportFolder } from '../helpers.js';
import { jsonCaller } from '../support/api.js';

const TOKEN = 'failures-token';
const api = createApi({ token: TOKEN });
const call = jsonCaller<{ error?: string; errorId?: string }>(api, { token: TOKEN, prefix: '/api/workspaces' });

/** People with twins of themselves (a typo, a new email), so dedupe has pairs to score. */
function patients(): string {
	const first = ['Ann', 'Bob', 'Cara', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun'];
	const last = ['Smith', 'Nguyen', 'Okafor', 'Brown', 'Kowalski', 'Tanaka', 'Silva', 'Moreau'];
	const rows = ['Patient ID,First Name,Last Name,Date of Birth,Email,Mobile'];
	let id = 0;
	for (let i = 0; i < 300; i++) {
		const f = first[i % first.length],
			l = last[(i * 7) % last.length] + (i > 79 ? String.fromCharCode(97 + (i % 26)) : '');
		const dob = `19${50 + (i % 50)}-0${1 + (i % 9)}-${10 + (i % 18)}`;
		rows.push(`${++id},${f},${l},${dob},${f.toLowerCase()}.${l.toLowerCase()}${i}@mail.test,04${String(10000000 + i * 37).slice(0, 8)}`);
		if (i % 5 === 0) rows.push(`${++id},${f}${f.slice(-1)},${l},${dob},,04${String(10000000 + i * 37).slice(0, 8)}`);
	}
	return rows.join('\n') + '\n';
}

describe('clear errors instead of a bare 500', () => {
	it('two dedupe runs at once: one runs, the other is told one is already running', { timeout: 180_000 }, async () => {
		const ws = `dd-${process.pid}`;
		expect((await call('', 'POST', { name: ws })).status).toBe(201);
		const imported = await call(`/${ws}/imports?wait=true`, 'POST', { path: exportFolder({ 'patients.csv': patients() }) });
		expect(imported.status, imported.body.error).toBe(201);
		const runs = await Promise.all([call(`/${ws}/dedupe/run`, 'POST'), call(`/${ws}/dedupe/run`, 'POST')]);
		expect(runs.map((r) => r.status).sort(), JSON.stringify(runs.map((r) => r.body.error))).toEqual([200, 409]);
		const refused = runs.find((r) => r.status === 409)!;
		expect(refused.body.error).toMatch(/^a dedupe run is already running for workspace 'dd-\d+'/);
		expect(refused.body.errorId).toBeUndefined();
		// Once it ends, the next run runs.
		expect((await call(`/${ws}/dedupe/run`, 'POST')).status).toBe(200);
	});

	for (const [what, damage] of [
		['not a DuckDB file at all', (file: string) => fs.writeFileSync(file, Buffer.alloc(20_000, 7))],
		['cut short', (file: string) => fs.truncateSync(file, 5_000)],
		[
			'with a damaged block',
			(file: string) => {
				const fd = fs.openSync(file, 'r+');
				fs.writeSync(fd, Buffer.alloc(8192, 0x55), 0, 8192, 4096);
				fs.closeSync(fd);
			}
		]
	] as const)
		it(`a workspace file ${what} answers 409 naming the file and what to do`, async () => {
			const ws = `dmg-${what.split(' ')[0]}-${process.pid}`;
			expect((await call('', 'POST', { name: ws })).status).toBe(201);
			const w = await openWorkspace(ws);
			const file = path.join(w.dir, 'workspace.duckdb');
			await w.run(`create table ferry.filler as select range as x, repeat('y', 100) as y from range(20000)`);
			await w.run('checkpoint');
			await closeAllWorkspaces();
			fs.rmSync(file + '.wal', { force: true });
			damage(file);
			const r = await call(`/${ws}`);
			expect(r.status, r.body.error).toBe(409);
			expect(r.body.error).toContain(`workspace '${ws}' cannot be opened: its file ${file} is damaged`);
			expect(r.body.error).toMatch(/Restore that file from a backup, or move it aside/);
			expect(r.body.errorId).toBeUndefined();
			// The list still answers: one damaged workspace does not take the others down.
			expect((await call('')).status).toBe(200);
		});
});
