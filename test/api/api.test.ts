// The /api surface: token and origin checks, zod errors that name the field, imports by
// path and upload, rejects paging and Arrow-paged query results.
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { exportFolder } from '../helpers.js';
import { apiCaller } from '../support/api.js';

const TOKEN = 'test-token-123';
const api = createApi({ token: TOKEN });
const BASE = 'http://127.0.0.1:5180';
let n = 0;

const call = apiCaller(api, { token: TOKEN, origin: BASE });

async function newWorkspace(): Promise<string> {
	const name = `api-${process.pid}-${++n}`;
	expect((await call('/workspaces', { method: 'POST', json: { name } })).status).toBe(201);
	return name;
}

const PATIENTS =
	'Patient ID,First Name,Email\n' +
	Array.from({ length: 2500 }, (_, i) => `${i + 1},P${i + 1},p${i + 1}@x.com`).join('\n') +
	'\n2501,broken\n';

describe('access', () => {
	it('refuses a call without the token (401), with a wrong token, and from a foreign Origin (403)', async () => {
		expect((await call('/workspaces', {}, null)).status).toBe(401);
		expect((await call('/workspaces', {}, 'wrong')).status).toBe(401);
		const foreign = await call('/workspaces', { headers: { origin: 'http://evil.example' } });
		expect(foreign.status).toBe(403);
		expect((await call('/workspaces', { headers: { origin: BASE } })).status).toBe(200);
	});

	it('accepts the token as the cookie the first page visit sets', async () => {
		const res = await api.request(`${BASE}/api/workspaces`, { headers: { cookie: `ferry_token=${TOKEN}` } });
		expect(res.status).toBe(200);
	});
});

describe('validation', () => {
	it('a bad body gets a 400 that names the field', async () => {
		const res = await call('/workspaces', { method: 'POST', json: { name: 'Bad Name!' } });
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatch(/^name: use lower-case letters/);
		const missing = await call('/workspaces', { method: 'POST', json: {} });
		expect((await missing.json()).error).toMatch(/^name: /);
	});

	it('an unknown workspace is a 404, an unknown route too', async () => {
		expect((await call('/workspaces/nope-nope')).status).toBe(404);
		expect((await call('/nothing-here')).status).toBe(404);
	});

	it('a bad paging parameter names itself', async () => {
		const ws = await newWorkspace();
		const res = await call(`/workspaces/${ws}/snapshots/1/rejects?limit=-3`);
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatch(/^limit: /);
	});
});

describe('imports and results', () => {
	it('imports by path, reports accounting, pages rejects', async () => {
		const ws = await newWorkspace();
		const res = await call(`/workspaces/${ws}/imports?wait=true`, {
			method: 'POST',
			json: { path: exportFolder({ 'patients.csv': PATIENTS }) }
		});
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body).toMatchObject({ reused: false, rowsRead: 2501, rowsStaged: 2500, rowsRejected: 1 });
		const rejects = await (await call(`/workspaces/${ws}/snapshots/${body.snapshotId}/rejects?file=patients.csv`)).json();
		expect(rejects).toMatchObject({ total: 1, rows: [{ file: 'patients.csv', line: 2502, raw: '2501,broken' }] });
		const overview = await (await call(`/workspaces/${ws}`)).json();
		expect(overview.current.files[0]).toMatchObject({ table: 'patients', rowsStaged: 2500 });
		expect(overview.pipeline[0]).toMatchObject({ step: 'import', state: 'done' });
	});

	it('imports an upload and runs as a job whose progress can be read', async () => {
		const ws = await newWorkspace();
		const form = new FormData();
		form.append('files', new File(['Patient ID,Name\n1,Ann\n'], 'patients.csv'));
		form.append('files', new File(['Staff ID,Name\n9,Dr Who\n'], 'staff.csv'));
		const started = await call(`/workspaces/${ws}/imports`, { method: 'POST', body: form });
		expect(started.status).toBe(202);
		const { job } = await started.json();
		let state;
		do {
			await new Promise((r) => setTimeout(r, 20)); // poll like the UI does, letting the import's I/O run
			state = await (await call(`/jobs/${job}`)).json();
		} while (state.status === 'running');
		expect(state).toMatchObject({ status: 'done', result: { rowsStaged: 2 } });
	});

	it('an upload path that climbs out of the folder is refused', async () => {
		const ws = await newWorkspace();
		const form = new FormData();
		form.append('files', new File(['x'], '../../escape.csv'));
		const res = await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', body: form });
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatch(/points outside the export folder/);
	});

	it('returns query results as paged Arrow IPC with the total', async () => {
		const ws = await newWorkspace();
		await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', json: { path: exportFolder({ 'patients.csv': PATIENTS }) } });
		const res = await call(`/workspaces/${ws}/query`, {
			method: 'POST',
			json: { sql: 'select * from patients order by patient_id::int', offset: 1000, limit: 500 }
		});
		expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
		expect(res.headers.get('x-total-rows')).toBe('2500');
		const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
		expect(table.numRows).toBe(500);
		expect(table.schema.fields.map((f) => f.name)).toEqual(['patient_id', 'first_name', 'email']);
		expect(table.get(0)?.toJSON()).toMatchObject({ patient_id: '1001', first_name: 'P1001' });
	});

	it('refuses anything but one SELECT on the query route', async () => {
		const ws = await newWorkspace();
		for (const sql of ['drop table ferry.snapshots', 'select 1; select 2', 'selec 1']) {
			const res = await call(`/workspaces/${ws}/query`, { method: 'POST', json: { sql } });
			expect(res.status, sql).toBe(400);
			expect((await res.json()).error).toMatch(/^sql: /);
		}
	});
});

describe('audit log export', () => {
	it('exports the whole log as CSV, oldest first, formula-looking cells kept as text', async () => {
		const ws = await newWorkspace();
		await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', json: { path: exportFolder({ 'patients.csv': PATIENTS }) } });
		const { openWorkspace } = await import('../../src/lib/server/db/index.js');
		await (await openWorkspace(ws)).audit('note', '=HYPERLINK("http://x")', { n: 1 });
		const res = await call(`/workspaces/${ws}/audit?format=csv`);
		expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
		const lines = (await res.text()).trim().split('\r\n');
		expect(lines[0]).toBe('id,at,actor,action,subject,detail');
		expect(lines[1]).toMatch(/^1,\d{4}-\d\d-\d\dT[\d:.]+Z,analyst,import,snapshot 1,/);
		expect(lines[2]).toContain(`'=HYPERLINK(""http://x"")`);
	});
});

describe('pipeline steps', () => {
	// Issue 16 changed the overview: states come from the workspace's real state, each step
	// links to its page, and exactly one step is `next`. Same journey, new shape.
	it('say what the workspace file proves, and what to do next', async () => {
		const ws = await newWorkspace();
		let steps = (await (await call(`/workspaces/${ws}`)).json()).pipeline;
		expect(steps.map((s: { state: string }) => s.state)).toEqual([
			'ready',
			'blocked',
			'blocked',
			'blocked',
			'blocked',
			'todo',
			'todo',
			'todo'
		]);
		expect(steps.filter((s: { next: boolean }) => s.next).map((s: { step: string }) => s.step)).toEqual(['import']);
		await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', json: { path: exportFolder({ 'patients.csv': PATIENTS }) } });
		steps = (await (await call(`/workspaces/${ws}`)).json()).pipeline;
		expect(steps.slice(0, 5)).toEqual([
			{ step: 'import', state: 'done', detail: 'snapshot 1 of 1 is current (1 tables)', href: '', next: false },
			{ step: 'profile', state: 'ready', detail: 'look over the 1 raw tables: nulls, patterns, orphans', href: 'profile', next: false },
			{ step: 'dedupe', state: 'ready', detail: 'run duplicate detection, then review the clusters', href: 'dedupe', next: true },
			{ step: 'map', state: 'ready', detail: 'confirm the field map and compile it', href: 'mapping', next: false },
			{ step: 'schema', state: 'blocked', detail: 'set a Twenty target (Home)', href: '', next: false }
		]);
	});

	it('a snapshot without a patients table blocks dedupe instead of calling it ready', async () => {
		const ws = await newWorkspace();
		await call(`/workspaces/${ws}/imports?wait=true`, {
			method: 'POST',
			json: { path: exportFolder({ 'invoices.csv': 'Invoice ID,Amount\n1,10\n' }) }
		});
		const steps = (await (await call(`/workspaces/${ws}`)).json()).pipeline;
		expect(steps[2]).toMatchObject({
			step: 'dedupe',
			state: 'blocked',
			detail: expect.stringMatching(/^snapshot 1 has no patients table/)
		});
	});
});
