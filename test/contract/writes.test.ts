// The write contract: every behaviour of Twenty that Ferry's loader depends on, as the real
// Twenty 2.19 answered it (../shared/twenty-recordings/v2.19-fork, tags below). One suite for
// both: in CI against an in-process sandbox; `npm run contract -- --target <url>` (key from
// TWENTY_API_KEY) runs it against any Twenty, real or a `ferry sandbox`. It creates only records
// with its own run-unique values and destroys each of them; about 45 requests, under the
// 100-per-minute limit of one workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, email, startTarget, uniq, type Target } from '../sandbox/harness.js';

let t: Target;
const created: Array<[string, string]> = [];
beforeAll(async () => {
	// In-process: the sandbox in the profile of the recorded server (SANDBOX_PROFILE overrides).
	t = await startTarget(process.env.SANDBOX_PROFILE ? {} : { profile: 'v2.19' });
});
afterAll(async () => {
	// Whatever a failing assertion left behind, children first.
	for (const [plural, id] of created.reverse()) await t.del(`/rest/${plural}/${id}`);
	await t.close();
});

async function make(plural: string, body: Record<string, unknown>) {
	const r = await t.post(`/rest/${plural}`, body);
	if (r.status === 201) created.push([plural, data(r).id]);
	return r;
}

async function destroy(plural: string, id: string) {
	const r = await t.del(`/rest/${plural}/${id}`);
	expect(r.status).toBe(200);
	created.splice(
		created.findIndex(([p, i]) => p === plural && i === id),
		1
	);
}

const messages = (r: { body: any }) => (r.body?.messages ?? [r.body?.message]).join(' ');

describe('batch calls', () => {
	it('[rec v2.19 q2_01, q2_02] 200 records per batch are accepted; 201 are refused, naming the ceiling', async () => {
		const tag = uniq('batch');
		const people = (n: number) =>
			Array.from({ length: n }, (_, i) => ({
				name: { firstName: tag, lastName: `P${i}` },
				emails: { primaryEmail: `${tag}.${i}@contract-test.example` }
			}));
		const refused = await t.post('/rest/batch/people', people(201));
		expect(refused.status).toBe(400);
		expect(messages(refused)).toBe('Maximum number of records to upsert is 200.');
		const ok = await t.post('/rest/batch/people', people(200));
		expect(ok.status).toBe(201);
		expect(data(ok)).toHaveLength(200);
		const gone = await t.del(`/rest/people?filter=${encodeURIComponent(`name.firstName[eq]:"${tag}"`)}`);
		expect(gone.status).toBe(200);
		expect(data(gone)).toHaveLength(200);
	});

	it('[acceptance run 2026-12-06] a relation id pointing at no record refuses the whole batch', async () => {
		const tag = uniq('fk');
		const ids = [crypto.randomUUID(), crypto.randomUUID()];
		const r = await t.post('/rest/batch/people', [
			{ id: ids[0], name: { firstName: tag, lastName: 'Fine' } },
			{ id: ids[1], name: { firstName: tag, lastName: 'Dangling' }, companyId: crypto.randomUUID() }
		]);
		expect(r.status).toBe(400);
		const after = await t.get(`/rest/people?filter=${encodeURIComponent(`id[in]:[${ids.join(',')}]`)}`);
		expect(data(after)).toEqual([]);
	});
});

describe('values Twenty checks and rewrites', () => {
	it('[rec v2.19 q1_01, q1_02] createdAt is kept as given on create', async () => {
		const r = await make('notes', { title: uniq('backdated'), createdAt: '2019-05-01T10:00:00Z', bodyV2: { markdown: 'hello from 2019' } });
		expect(r.status).toBe(201);
		const got = data(await t.get(`/rest/notes/${data(r).id}`));
		expect(got.createdAt).toBe('2019-05-01T10:00:00.000Z');
		await destroy('notes', data(r).id);
	});

	it('[remove-empty-links.ts] a link URL that is not one is refused; a valid one is stored with its origin lower-cased and no trailing slash', async () => {
		const bad = await t.post('/rest/companies', {
			name: uniq('formula'),
			domainName: { primaryLinkUrl: '=HYPERLINK("https://www.bupa.com.au","Bupa")' }
		});
		expect(bad.status).toBe(400);
		expect(messages(bad)).toBe('The URL of the link is not valid');
		const host = uniq('site');
		const ok = await make('companies', {
			name: host,
			domainName: { primaryLinkUrl: `HTTPS://WWW.${host.toUpperCase()}.Example.COM/About/` }
		});
		expect(ok.status).toBe(201);
		expect(data(ok).domainName.primaryLinkUrl).toBe(`https://www.${host}.example.com/About`);
		await destroy('companies', data(ok).id);
	});

	it('[transform-phones-value.util.ts] phones: the national number is stored with inferred codes; conflicting codes and unparseable numbers are refused', async () => {
		const ok = await make('people', {
			name: { firstName: uniq('phone'), lastName: 'Ok' },
			emails: { primaryEmail: email('Mixed.CASE') },
			phones: { primaryPhoneNumber: '+61 412 345 678' }
		});
		expect(ok.status).toBe(201);
		expect(data(ok).phones).toMatchObject({
			primaryPhoneNumber: '412345678',
			primaryPhoneCountryCode: 'AU',
			primaryPhoneCallingCode: '+61'
		});
		// [transform-emails-value.util.ts] emails are stored lower-case.
		expect(data(ok).emails.primaryEmail).toMatch(/^mixed\.case[0-9a-f]+@contract-test\.example$/);
		const conflicting = await t.post('/rest/people', {
			name: { firstName: uniq('phone'), lastName: 'Conflict' },
			phones: { primaryPhoneNumber: '412345678', primaryPhoneCountryCode: 'FR', primaryPhoneCallingCode: '+61' }
		});
		expect(conflicting.status).toBe(400);
		expect(messages(conflicting)).toBe('Provided country code and calling code are conflicting');
		const garbage = await t.post('/rest/people', {
			name: { firstName: uniq('phone'), lastName: 'Garbage' },
			phones: { primaryPhoneNumber: 'call reception' }
		});
		expect(garbage.status).toBe(400);
		expect(messages(garbage)).toMatch(/^Provided phone number is invalid/);
		await destroy('people', data(ok).id);
	});

	it('[rec v2.19 q4_10] a select value that is not an option is refused, naming the options', async () => {
		const r = await t.post('/rest/tasks', { title: uniq('task'), status: 'REFUNDED' });
		expect(r.status).toBe(400);
		expect(messages(r)).toBe('Invalid value "REFUNDED" for field "status". Valid values are: TODO, IN_PROGRESS, DONE');
	});

	it('[rec v2.19 q7_01–q7_06] a soft-deleted person keeps its email until destroyed', async () => {
		const address = email('soft');
		const first = await make('people', { name: { firstName: uniq('soft'), lastName: 'Deleted' }, emails: { primaryEmail: address } });
		expect(first.status).toBe(201);
		expect((await t.del(`/rest/people/${data(first).id}?soft_delete=true`)).status).toBe(200);
		const blocked = await t.post('/rest/people', {
			name: { firstName: uniq('soft'), lastName: 'Again' },
			emails: { primaryEmail: address }
		});
		expect(blocked.status).toBe(400);
		expect(messages(blocked)).toBe('A duplicate entry was detected');
		await destroy('people', data(first).id);
		const again = await make('people', { name: { firstName: uniq('soft'), lastName: 'Again' }, emails: { primaryEmail: address } });
		expect(again.status).toBe(201);
		await destroy('people', data(again).id);
	});
});

describe('metadata, files and members', () => {
	let objects: any[];
	beforeAll(async () => {
		objects = data(await t.get('/rest/metadata/objects'));
	});
	const object = (name: string) => objects.find((o) => o.nameSingular === name);

	it('[rec v2.19 q4_06] a RELATION field needs relationCreationPayload with targetFieldIcon', async () => {
		const r = await t.post('/rest/metadata/fields', {
			objectMetadataId: object('person').id,
			type: 'RELATION',
			name: uniq('rel'),
			label: uniq('Rel'),
			icon: 'IconLink',
			relationCreationPayload: { targetObjectMetadataId: object('company').id, targetFieldLabel: uniq('Inverse'), type: 'MANY_TO_ONE' }
		});
		if (r.status < 300) await t.del(`/rest/metadata/fields/${data(r).id}`); // only if a target wrongly accepted it
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.body)).toContain('targetFieldIcon must be a string');
	});

	it('[rec v2.19 q6_01–q6_05] attachments: uploadFilesFieldFile on /metadata with the FILES field id, then POST /rest/attachments with file [{fileId, label}]', async () => {
		const field = object('attachment').fields.find((f: any) => f.type === 'FILES');
		expect(field).toBeTruthy();
		const note = await make('notes', { title: uniq('with-file') });
		const form = new FormData();
		form.set(
			'operations',
			JSON.stringify({
				query:
					'mutation($file: Upload!, $fieldMetadataId: String!) { uploadFilesFieldFile(file: $file, fieldMetadataId: $fieldMetadataId) { id path size } }',
				variables: { file: null, fieldMetadataId: field.id }
			})
		);
		form.set('map', JSON.stringify({ 0: ['variables.file'] }));
		form.set('0', new Blob([new Uint8Array(1024).fill(65)], { type: 'text/plain' }), 'contract-1k.txt');
		const up = await fetch(`${t.url}/metadata`, { method: 'POST', headers: { Authorization: `Bearer ${t.apiKey}` }, body: form }).then(
			(r) => r.json()
		);
		const file = up.data.uploadFilesFieldFile;
		expect(file.size).toBe(1024);
		const att = await make('attachments', {
			name: 'contract-1k.txt',
			file: [{ fileId: file.id, label: 'contract-1k.txt' }],
			targetNoteId: data(note).id
		});
		expect(att.status).toBe(201);
		expect(data(att).file[0]).toMatchObject({ fileId: file.id, label: 'contract-1k.txt', extension: '.txt' });
		await destroy('attachments', data(att).id);
		await destroy('notes', data(note).id);
	});

	it('[rec v2.19 q8_06] workspace members cannot be created through the API', async () => {
		const r = await t.post('/rest/workspaceMembers', { name: { firstName: 'Api', lastName: 'Created' }, userEmail: email('member') });
		expect(r.status).toBe(400);
		expect(r.body).toMatchObject({ code: 'PERMISSION_DENIED', messages: ['Entity performing the request does not have permission'] });
	});
});
