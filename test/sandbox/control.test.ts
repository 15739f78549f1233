// Sandbox-only endpoints, workspace members, state file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/lib/server/sandbox/index.js';
import { data, email, REAL, startTarget, type Target } from './harness.js';

describe.skipIf(REAL)('/__sandbox', () => {
	let t: Target;
	beforeAll(async () => {
		t = await startTarget();
	});
	afterAll(() => t.close());

	it('[sandbox] GET /__sandbox/state counts records per object, soft-deleted ones apart', async () => {
		const a = data(await t.post('/rest/people', {}));
		await t.post('/rest/people', {});
		await t.del(`/rest/people/${a.id}?soft_delete=true`);
		const s = (await t.get('/__sandbox/state')).body;
		expect(s.objects.person).toEqual({ live: 1, softDeleted: 1 });
		expect(s.profile).toBe('current');
		expect(s.requests.total).toBeGreaterThanOrEqual(3);
	});

	it('[sandbox] /__sandbox needs the API key too', async () => {
		expect((await t.req('GET', '/__sandbox/state', undefined, { Authorization: '' })).status).toBe(403);
	});

	it('[sandbox] the request log holds method, path, status and ms: no query strings, no bodies', async () => {
		const e = email('phi');
		await t.post('/rest/people', { emails: { primaryEmail: e } });
		await t.get(`/rest/people?filter=emails.primaryEmail[eq]:${e}`);
		const log = (await t.get('/__sandbox/requests?limit=5')).body.requests;
		expect(JSON.stringify(log)).not.toContain(e);
		expect(log.at(-1)).toMatchObject({ method: 'GET', path: '/rest/people', status: 200 });
		expect(Object.keys(log.at(-1)).sort()).toEqual(['at', 'method', 'ms', 'path', 'status']);
	});

	it('[sandbox] POST /__sandbox/reset empties the workspace and drops custom metadata', async () => {
		const objects = data(await t.get('/rest/metadata/objects'));
		const person = objects.find((o: any) => o.nameSingular === 'person').id;
		await t.post('/rest/metadata/fields', { objectMetadataId: person, type: 'TEXT', name: 'resetMe', label: 'Reset me' });
		const r = await t.post('/__sandbox/reset');
		expect(r.body.objects.person).toEqual({ live: 0, softDeleted: 0 });
		expect((await t.post('/rest/people', { resetMe: 'x' })).status).toBe(400);
	});
});

describe.skipIf(REAL)('workspace members', () => {
	it('[TWENTY.md §4.3] members are seeded from options and found by userEmail', async () => {
		const sb = createSandbox({ members: [{ email: 'Dr.Who@Clinic.example', firstName: 'The', lastName: 'Doctor' }] });
		const res = await sb.app.fetch(
			new Request('http://sandbox/rest/workspaceMembers?filter=userEmail[eq]:dr.who@clinic.example', {
				headers: { Authorization: `Bearer ${sb.apiKey}` }
			})
		);
		const members = (await res.json()).data.workspaceMembers;
		expect(members).toHaveLength(1);
		expect(members[0].name).toEqual({ firstName: 'The', lastName: 'Doctor' });
	});
});

describe.skipIf(REAL)('state file', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'ferry-sandbox-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('[sandbox] records, custom fields and files survive a restart through --state', async () => {
		const file = path.join(dir, 'state.json');
		const first = createSandbox({ stateFile: file, apiKey: 'k' });
		const s1 = await first.listen();
		const h = { Authorization: 'Bearer k', 'Content-Type': 'application/json' };
		const objects = (await (await fetch(`${s1.url}/rest/metadata/objects`, { headers: h })).json()).data.objects;
		const person = objects.find((o: any) => o.nameSingular === 'person').id;
		await fetch(`${s1.url}/rest/metadata/fields`, {
			method: 'POST',
			headers: h,
			body: JSON.stringify({ objectMetadataId: person, type: 'TEXT', name: 'legacyId', label: 'Legacy id' })
		});
		const created = await (
			await fetch(`${s1.url}/rest/people`, { method: 'POST', headers: h, body: JSON.stringify({ legacyId: 'CP-7' }) })
		).json();
		await s1.close();
		expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('ferry-sandbox-state');

		const second = createSandbox({ stateFile: file, apiKey: 'k' });
		const s2 = await second.listen();
		const got = await (await fetch(`${s2.url}/rest/people/${created.data.createPerson.id}`, { headers: h })).json();
		expect(got.data.person.legacyId).toBe('CP-7');
		await s2.close();
	});

	it('[sandbox] a state file of another profile is refused', () => {
		const file = path.join(dir, 'other.json');
		const sb = createSandbox({ stateFile: file, profile: 'v1.5' });
		return sb.flush().then(() => expect(() => createSandbox({ stateFile: file, profile: 'current' })).toThrow(/profile v1.5/));
	});
});
