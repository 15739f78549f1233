// Issue 16: uploads stream to disk (a folder upload keeps its paths), and a wrong import is
// undone through the snapshot history: make an older snapshot current, delete one, and the
// same export re-imported becomes current again.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { exportFolder } from '../helpers.js';
import { apiCaller } from '../support/api.js';

const TOKEN = 'test-token-16';
const api = createApi({ token: TOKEN });
const BASE = 'http://127.0.0.1:5180';
let n = 0;

const call = apiCaller(api, { token: TOKEN, origin: BASE });

async function newWorkspace(): Promise<string> {
	const name = `snaps-${process.pid}-${++n}`;
	expect((await call('/workspaces', { method: 'POST', json: { name } })).status).toBe(201);
	return name;
}

const PATIENTS =
	'Patient ID,First Name,Email\n' + Array.from({ length: 300 }, (_, i) => `${i + 1},P${i + 1},p${i + 1}@x.com`).join('\n') + '\n';
const STAFF = 'Staff ID,Name\n1,Dr A\n2,Dr B\n';

async function importPath(ws: string, path: string) {
	const res = await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', json: { path } });
	expect(res.status).toBe(201);
	return res.json();
}

describe('uploads', () => {
	it('a folder upload keeps its relative paths and a body far over 512 KB streams through', async () => {
		const ws = await newWorkspace();
		// ~6 MB of patients: twelve times adapter-node's old default limit.
		const big =
			'Patient ID,First Name,Note\n' + Array.from({ length: 60_000 }, (_, i) => `${i + 1},P${i + 1},${'x'.repeat(90)}`).join('\n') + '\n';
		const form = new FormData();
		form.append('files', new File([big], 'clinic-export/patients.csv'));
		form.append('files', new File([STAFF], 'clinic-export/staff.csv'));
		form.append('files', new File(['scan'], 'clinic-export/files/p1/card.txt'));
		const res = await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', body: form });
		expect(res.status).toBe(201);
		const r = await res.json();
		expect(r).toMatchObject({ reused: false, rowsStaged: 60_002, rowsRejected: 0 });
		expect(r.files.map((f: { table: string }) => f.table).sort()).toEqual(['patients', 'staff']);
	});

	it('a body that is not multipart is refused with a sentence, and an empty upload names the field', async () => {
		const ws = await newWorkspace();
		const empty = new FormData();
		empty.append('note', 'no files');
		const res = await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', body: empty });
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatch(/^files: upload at least one file/);
	});

	it('JSON bodies on other routes stay bounded (413 with a sentence)', async () => {
		const ws = await newWorkspace();
		const res = await call(`/workspaces/${ws}/query`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'content-length': String(40 * 1024 ** 2) },
			body: 'x'.repeat(40 * 1024 ** 2)
		});
		expect(res.status).toBe(413);
		expect((await res.json()).error).toMatch(/request body is over 32 MB/);
	});
});

describe('snapshot history', () => {
	it('a stray file warns, the right export re-imported becomes current again, and the stray one can be deleted', async () => {
		const ws = await newWorkspace();
		const right = exportFolder({ 'patients.csv': PATIENTS, 'staff.csv': STAFF });
		const first = await importPath(ws, right);
		expect(first).toMatchObject({ snapshotId: 1, reused: false, warnings: [] });
		const stray = await importPath(ws, exportFolder({ 'notes.csv': 'Note ID,Text\n1,hello\n' }));
		expect(stray.snapshotId).toBe(2);
		expect(stray.warnings.join(' ')).toMatch(
			/snapshot 2 lacks 2 of the 2 tables snapshot 1 had \(patients, staff\|staff, patients\)|snapshot 2 lacks 2 of the 2 tables/
		);
		let overview = await (await call(`/workspaces/${ws}`)).json();
		expect(overview.current.snapshotId).toBe(2);
		expect(overview.snapshots.map((s: { id: number; current: boolean }) => [s.id, s.current])).toEqual([
			[2, true],
			[1, false]
		]);

		const again = await importPath(ws, right);
		expect(again).toMatchObject({ snapshotId: 1, reused: true, madeCurrent: true, previous: 2 });
		overview = await (await call(`/workspaces/${ws}`)).json();
		expect(overview.current.snapshotId).toBe(1);
		const rows = await call(`/workspaces/${ws}/query`, { method: 'POST', json: { sql: 'select count(*)::int as n from raw.patients' } });
		expect(rows.headers.get('x-total-rows')).toBe('1');

		const deps = await (await call(`/workspaces/${ws}/snapshots/2/dependents`)).json();
		expect(deps).toMatchObject({ snapshot: 2, current: false });
		const del = await call(`/workspaces/${ws}/snapshots/2`, { method: 'DELETE' });
		expect(del.status).toBe(200);
		overview = await (await call(`/workspaces/${ws}`)).json();
		expect(overview.snapshots.map((s: { id: number }) => s.id)).toEqual([1]);
		const audit = await (await call(`/workspaces/${ws}/audit`)).json();
		expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['snapshot.current', 'snapshot.delete']));
	});

	it('makes an older snapshot current, and refuses to delete the current one or one that does not exist', async () => {
		const ws = await newWorkspace();
		await importPath(ws, exportFolder({ 'patients.csv': PATIENTS }));
		await importPath(ws, exportFolder({ 'patients.csv': PATIENTS + '301,P301,p301@x.com\n', 'staff.csv': STAFF }));
		const refused = await call(`/workspaces/${ws}/snapshots/2`, { method: 'DELETE' });
		expect(refused.status).toBe(409);
		expect((await refused.json()).error).toMatch(/snapshot 2 is current: make another snapshot current first/);
		const made = await (await call(`/workspaces/${ws}/snapshots/1/current`, { method: 'POST' })).json();
		expect(made).toMatchObject({ snapshot: 1, previous: 2, tables: 1 });
		const res = await call(`/workspaces/${ws}/query`, { method: 'POST', json: { sql: 'select * from raw.patients' } });
		expect(res.headers.get('x-total-rows')).toBe('300');
		// raw.staff belonged to snapshot 2 only: it is gone with the switch.
		const staff = await call(`/workspaces/${ws}/query`, { method: 'POST', json: { sql: 'select * from raw.staff' } });
		expect(staff.status).toBe(400);
		const missing = await call(`/workspaces/${ws}/snapshots/9/current`, { method: 'POST' });
		expect(missing.status).toBe(404);
		expect((await missing.json()).error).toMatch(/snapshot 9 does not exist in workspace '.*' \(it has 1, 2\)/);
		// Deleting 2 (no longer current) removes its tables.
		expect((await call(`/workspaces/${ws}/snapshots/2`, { method: 'DELETE' })).status).toBe(200);
		const schemas = await call(`/workspaces/${ws}/query`, {
			method: 'POST',
			json: { sql: "select schema_name from duckdb_schemas() where schema_name like 'snap_%'" }
		});
		expect(schemas.headers.get('x-total-rows')).toBe('1');
	});
});
