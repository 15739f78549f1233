// The profile: column figures and cross-table checks against the sample's ground truth, the
// shipped cells/profile.md on the sample, and both on an export with renamed headers.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { notebookState, runNotebook } from '../../src/lib/server/cells/index.js';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { profileTable, profileWorkspace, runChecks } from '../../src/lib/server/profile/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';
import { apiCaller } from '../support/api.js';

process.env.FERRY_CELLS = path.resolve('cells');
const truth = JSON.parse(fs.readFileSync('data/sample.truth.json', 'utf8'));
let ws: Workspace;

beforeAll(async () => {
	ws = await freshWorkspace('profile');
	await importExport(ws, 'data/sample');
});

describe('profile on the sample', () => {
	it('finds the orphans and circular locations the generator planted', async () => {
		const checks = await runChecks(ws);
		const orphan = (t: string) => checks.orphans.find((o) => o.table === t && o.column === 'patient_id' && o.target === 'patients')!;
		expect(orphan('appointments').orphans).toBe(truth.orphans['appointments.csv'].length);
		expect(orphan('clinical_notes').orphans).toBe(truth.orphans['clinical_notes.csv'].length);
		expect(orphan('invoices').orphans).toBe(truth.orphans['invoices.csv'].length);
		expect(orphan('appointments').sample.sort()).toEqual([...truth.orphans['appointments.csv']].sort());
		expect(checks.cycles.map((c) => c.slice().sort())).toEqual([[...truth.circularLocations].sort()]);
		expect(checks.skipped).toEqual([]);
	});

	it('inventories pick-lists: defined vs used, unused values flagged', async () => {
		const { picklists } = await runChecks(ws);
		const type = picklists.find((p) => p.field === 'Appointment Type')!;
		expect(type).toMatchObject({ table: 'appointments', column: 'appointment_type' });
		expect(type.values.filter((v) => v.defined).length).toBe(7);
		expect(type.values.some((v) => !v.defined && v.used > 0)).toBe(true); // case/spacing variants
		const status = picklists.find((p) => p.field === 'Appointment Status')!;
		expect(status.column).toBe('status');
		expect(picklists.find((p) => p.field === 'Staff Role')).toMatchObject({ table: 'staff', column: 'role' });
	});

	it('profiles columns: nulls, distincts, top values, email validity and phone/date formats', async () => {
		const p = await profileTable(ws, 'patients');
		expect(p.rows).toBe(500);
		const col = (n: string) => p.columns.find((c) => c.name === n)!;
		const email = col('email');
		expect(email.kind).toBe('email');
		const invalid = email.classes.find((c) => c.label === 'invalid email')!.count;
		expect(invalid).toBeGreaterThanOrEqual(truth.files['patients.csv'].damaged.email_invalid);
		expect(email.nulls).toBeGreaterThanOrEqual(truth.files['patients.csv'].damaged.email_missing);
		expect(col('mobile_phone').kind).toBe('phone');
		expect(col('mobile_phone').classes.length).toBeGreaterThan(2);
		expect(col('date_of_birth').classes.map((c) => c.label)).toEqual(expect.arrayContaining(['99/99/9999', '9999-99-99']));
		expect(col('patient_id').header).toBe('Patient ID');
		expect(col('title').top[0].count).toBeGreaterThan(col('title').top[4].count);
	});

	it('the shipped cells/profile.md runs on the sample', async () => {
		const r = await runNotebook(ws, 'profile');
		expect(r.failed).toEqual([]);
		expect(r.ran).toEqual(['raw_columns', 'column_profiles', 'cross_checks']);
		const cells = await notebookState(ws, 'profile');
		const cols = cells.find((c) => c.name === 'column_profiles')!;
		expect(cols.output!.svgs!.length).toBeGreaterThanOrEqual(10);
		const checks = JSON.parse(cells.find((c) => c.name === 'cross_checks')!.output!.value!);
		expect(checks.cycles).toHaveLength(1);
		expect(checks.orphans).toContainEqual({ table: 'invoices', column: 'patient_id', target: 'patients', orphans: 3 });
	});
});

describe('profile on a non-reference export', () => {
	it('discovers renamed headers, skips what is absent and the notebook still runs', async () => {
		const other = await freshWorkspace('profile');
		const dir = exportFolder({
			'clients.csv':
				'Client Ref,Given,E-mail Address,Cell,Born\nC1,Ann,ann@example.com,0412 345 678,1980-01-02\nC2,Bob,bob@,+61 412 345 679,02/03/1975\nC3,,,,\n',
			'visits.csv': 'Visit Ref,Client Ref,When\nV1,C1,2024-01-01\nV2,C9,2024-01-02\nV3,,2024-01-03\n'
		});
		await importExport(other, dir);
		const p = await profileWorkspace(other);
		const clients = p.tables.find((t) => t.table === 'clients')!;
		const kinds = Object.fromEntries(clients.columns.map((c) => [c.name, c.kind]));
		expect(kinds).toMatchObject({ e_mail_address: 'email', cell: 'phone', born: 'date', given: null });
		expect(clients.columns.find((c) => c.name === 'e_mail_address')!.classes).toEqual([
			{ label: 'valid email', count: 1, ok: true },
			{ label: 'invalid email', count: 1, ok: false }
		]);
		expect(p.checks.orphans).toEqual([
			{ table: 'visits', column: 'client_ref', target: 'clients', targetColumn: 'client_ref', orphans: 1, sample: ['V2'] }
		]);
		expect(p.checks.skipped).toEqual([
			'pick-list inventory: no table plays the picklists role (set one with ferry map table <table> --role picklists, or on the Mapping page)',
			'circular location hierarchies: no table plays the locations role (set one with ferry map table <table> --role locations, or on the Mapping page)'
		]);
		const r = await runNotebook(other, 'profile');
		expect(r.failed).toEqual([]);
		expect(r.ran).toHaveLength(3);
	});
});

describe('profile API', () => {
	it('answers tables, one table and checks; an unknown table is a 404 naming it', async () => {
		const { createApi } = await import('../../src/lib/server/api/index.js');
		const api = createApi({ token: 't0k' });
		// Through the tests' caller, so each answer is also held to its contract (contracts/profile.ts).
		const get = apiCaller(api, { token: 't0k', prefix: `/api/workspaces/${ws.name}` });
		const tables = await (await get('/profile/tables')).json();
		expect(tables.tables.map((t: { table: string }) => t.table)).toContain('patients');
		expect((await (await get('/profile/tables/locations')).json()).rows).toBe(truth.files['locations.csv'].rows);
		expect((await (await get('/profile/checks')).json()).cycles).toHaveLength(1);
		const missing = await get('/profile/tables/nope');
		expect(missing.status).toBe(404);
		expect((await missing.json()).error).toBe(`raw table 'nope' does not exist in the current snapshot`);
		expect((await get('/profile/tables/Bad%20Name')).status).toBe(400);
	});
});
