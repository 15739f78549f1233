// Issue 16: the sign-off report accounts for every row read and names why rows were left out,
// with reasons cut to their kind (no quoted row text).
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { exportFolder } from '../helpers.js';
import { apiCaller } from '../support/api.js';

const api = createApi({ token: 't16' });
const call = apiCaller(api, { token: 't16' });

describe('sign-off report', () => {
	it('accounts for the rows read, groups quarantined rows by reason without their text, and is empty-handed before any push', async () => {
		const ws = `signoff-${process.pid}`;
		expect((await call('/workspaces', { method: 'POST', json: { name: ws } })).status).toBe(201);
		const path = exportFolder({ 'patients.csv': 'Patient ID,First Name,Email\n1,Ann,a@x.com\n2,Bo,b@x.com,EXTRA-Zelda\n3,Cy,c@x.com\n' });
		expect((await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', json: { path } })).status).toBe(201);
		const r = await (await call(`/workspaces/${ws}/signoff`)).json();
		expect(r.snapshot).toMatchObject({ id: 1, rowsRead: 3, rowsStaged: 2, rowsRejected: 1 });
		expect(r.quarantined).toEqual([{ file: 'patients.csv', reason: expect.stringMatching(/fields/), rows: 1 }]);
		expect(JSON.stringify(r)).not.toContain('Zelda');
		expect(r.runs).toEqual([]);
		expect(r.batches).toEqual([]);
		expect(r.approvals.map((a: { action: string }) => a.action)).toEqual(['import']);
	});
});

describe('patient search', () => {
	it('follows a patient from its raw row, and says plainly when the id is unknown', async () => {
		const ws = `patient-${process.pid}`;
		expect((await call('/workspaces', { method: 'POST', json: { name: ws } })).status).toBe(201);
		const path = exportFolder({ 'patients.csv': 'Patient ID,First Name,Email\n100048,Ann,a@x.com\n100049,Bo,b@x.com\n' });
		expect((await call(`/workspaces/${ws}/imports?wait=true`, { method: 'POST', json: { path } })).status).toBe(201);
		const t = await (await call(`/workspaces/${ws}/patients/100048`)).json();
		expect(t).toMatchObject({
			patientId: '100048',
			sourceKey: 'patient:100048',
			movesAs: 'patient:100048',
			rawTable: 'patients',
			raw: { patient_id: '100048', first_name: 'Ann' },
			decisions: [],
			staged: null,
			batches: [],
			ledger: [],
			twentyUrl: null
		});
		expect(t.twentyId).toMatch(/^[0-9a-f-]{36}$/);
		const none = await call(`/workspaces/${ws}/patients/999999`);
		expect(none.status).toBe(404);
		expect((await none.json()).error).toMatch(/^no patient '999999' in the current snapshot's patients table/);
	});
});
