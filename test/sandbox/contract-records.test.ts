// Contract tests for record shapes and validation: TWENTY.md §9 facts 11-13, §4, and the
// recorded errors for ids, unknown fields and SELECT values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, email, startTarget, uniq, type Target } from './harness.js';

let t: Target;
beforeAll(async () => {
	t = await startTarget();
});
afterAll(() => t.close());
const v2 = () => t.profile !== 'v1.5';

describe('§9.11 composite shapes', () => {
	it('[TWENTY.md §9.11] FULL_NAME, EMAILS, PHONES, LINKS are stored and read back', async () => {
		const input = {
			name: { firstName: 'Ada', lastName: 'Lovelace' },
			emails: { primaryEmail: email('ada'), additionalEmails: [email('ada2')] },
			phones: {
				primaryPhoneNumber: '612345678',
				primaryPhoneCountryCode: 'FR',
				primaryPhoneCallingCode: '+33',
				additionalPhones: [{ number: '699', countryCode: 'FR', callingCode: '+33' }]
			},
			linkedinLink: {
				primaryLinkUrl: 'https://linkedin.com/in/ada',
				primaryLinkLabel: 'ada',
				secondaryLinks: [{ url: 'https://x.example', label: 'x' }]
			}
		};
		const r = data(await t.post('/rest/people', input));
		expect(r.name).toEqual(input.name);
		expect(r.emails).toEqual(input.emails);
		expect(r.phones).toEqual(input.phones);
		expect(r.linkedinLink).toEqual(input.linkedinLink);
	});

	it('[TWENTY.md §4.2, rec 03] missing subfields read back as "" and additionalEmails as [] (null on v1.5)', async () => {
		const r = data(await t.post('/rest/people', { emails: { primaryEmail: email() } }));
		expect(r.name).toEqual({ firstName: '', lastName: '' });
		expect(r.emails.additionalEmails).toEqual(v2() ? [] : null);
		expect(r.phones).toEqual({
			primaryPhoneNumber: '',
			primaryPhoneCountryCode: '',
			primaryPhoneCallingCode: '',
			additionalPhones: v2() ? [] : null
		});
		expect(r.jobTitle).toBe('');
	});

	it('[TWENTY.md §9.11] ADDRESS and CURRENCY (amountMicros) on company', async () => {
		const address = {
			addressStreet1: '1 Rue',
			addressStreet2: '',
			addressCity: 'Paris',
			addressPostcode: '75001',
			addressState: '',
			addressCountry: 'France',
			addressLat: 48.86,
			addressLng: 2.35
		};
		const money = { amountMicros: 1_500_000_000, currencyCode: 'EUR' };
		const revenueField = v2() ? 'annualRevenue' : 'annualRecurringRevenue';
		const r = data(await t.post('/rest/companies', { name: uniq('Co'), address, [revenueField]: money }));
		expect(r.address).toEqual(address);
		expect(r[revenueField]).toEqual(money);
	});

	it('[TWENTY.md §9.13, §4.2] RICH_TEXT bodyV2 accepts {markdown}', async () => {
		const r = data(await t.post('/rest/notes', { title: 'n', bodyV2: { markdown: 'Hello **world**' } }));
		expect(r.bodyV2.markdown).toBe('Hello **world**');
		if (v2()) expect(typeof r.bodyV2.blocknote).toBe('string');
	});

	it('[TWENTY.md §4.2] a partial composite update keeps the other subfields', async () => {
		const p = data(await t.post('/rest/people', { name: { firstName: 'A', lastName: 'B' } }));
		const u = data(await t.patch(`/rest/people/${p.id}`, { name: { firstName: 'C' } }));
		expect(u.name).toEqual({ firstName: 'C', lastName: 'B' });
	});

	it('[data-arg-processor snapshot] a composite given as a string is a 400 "Invalid object value"', async () => {
		const r = await t.post('/rest/people', { name: 'Ada' });
		expect(r.status).toBe(400);
		if (v2()) expect(r.body.messages).toEqual([`Invalid object value 'Ada' for field "name"`]);
	});

	it('[data-arg-processor snapshot] an invalid primary email is a 400 on v2', async () => {
		const r = await t.post('/rest/people', { emails: { primaryEmail: 'not-an-email' } });
		if (v2()) expect(r.body.messages).toEqual([`Invalid string value 'not-an-email' for email field "emails.primaryEmail"`]);
		else expect(r.status).toBe(201);
	});

	it('[transform-emails-value.util.ts] emails are stored lower-cased on v2', async () => {
		const e = email('MiXeD').replace('MiXeD', 'MiXeD');
		const r = data(await t.post('/rest/people', { emails: { primaryEmail: e.toUpperCase() } }));
		expect(r.emails.primaryEmail).toBe(v2() ? e.toLowerCase() : e.toUpperCase());
	});
});

describe('scalar validation', () => {
	let objectId = '';
	const fields = uniq('f').toLowerCase();
	beforeAll(async () => {
		const objects = data(await t.get('/rest/metadata/objects'));
		objectId = objects.find((o: any) => o.nameSingular === 'person').id;
		for (const [type, name] of [
			['NUMBER', 'Num'],
			['BOOLEAN', 'Bool'],
			['DATE', 'Day'],
			['DATE_TIME', 'At'],
			['UUID', 'Ref']
		])
			await t.post('/rest/metadata/fields', { objectMetadataId: objectId, type, name: `${fields}${name}`, label: `${fields} ${name}` });
	});

	it('[data-arg-processor snapshot] NUMBER, BOOLEAN, DATE, DATE_TIME and UUID values are type-checked', async () => {
		const cases: Array<[string, unknown, string]> = [
			['Num', 'string', `Invalid number value 'string' for field "${fields}Num"`],
			['Bool', 1, `Invalid boolean value 1 for field "${fields}Bool"`],
			['Day', '2024-02-31', `Invalid value '2024-02-31' for date field "${fields}Day". Expected format: 'YYYY-MM-DD'`],
			[
				'At',
				'2024-01-15T25:30:00Z',
				`Invalid value '2024-01-15T25:30:00Z' for date-time field "${fields}At". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'`
			],
			['Ref', 'non-uuid', `Invalid UUID value 'non-uuid' for field "${fields}Ref"`]
		];
		for (const [name, value, message] of cases) {
			const r = await t.post('/rest/people', { [`${fields}${name}`]: value });
			expect(r.status).toBe(400);
			if (v2()) expect(r.body.messages).toEqual([message]);
		}
	});

	it('[TWENTY.md §4.2] valid NUMBER, BOOLEAN, DATE and DATE_TIME values are stored (DATE_TIME as ISO)', async () => {
		const r = data(
			await t.post('/rest/people', {
				[`${fields}Num`]: 42.5,
				[`${fields}Bool`]: true,
				[`${fields}Day`]: '2024-02-29',
				[`${fields}At`]: '2024-01-15T10:30:00+02:00'
			})
		);
		expect([r[`${fields}Num`], r[`${fields}Bool`], r[`${fields}Day`], r[`${fields}At`]]).toEqual([
			42.5,
			true,
			'2024-02-29',
			'2024-01-15T08:30:00.000Z'
		]);
	});
});

describe('ids, unknown fields, SELECT values', () => {
	it('[TWENTY.md §4.1, rec 04] a client-supplied id on create is kept', async () => {
		const id = crypto.randomUUID();
		const r = await t.post('/rest/people', { id, name: { firstName: 'Client', lastName: 'Chosen' } });
		expect([r.status, data(r).id]).toEqual([201, id]);
	});

	it('[rec 05/05b/14f] creating an id that exists is a 400 ("A duplicate entry was detected" v2, "Record already exists" v1.5)', async () => {
		const id = crypto.randomUUID();
		await t.post('/rest/people', { id });
		const one = await t.post('/rest/people', { id });
		const batch = await t.post('/rest/batch/people', [{ id }]);
		const msg = v2() ? 'A duplicate entry was detected' : 'Record already exists';
		expect([one.status, one.body.messages, batch.status, batch.body.messages]).toEqual([400, [msg], 400, [msg]]);
	});

	it('[rec 14i] an invalid id on create is a 400', async () => {
		const r = await t.post('/rest/people', { id: 'not-a-uuid' });
		expect(r.status).toBe(400);
		expect(r.body.messages).toEqual([v2() ? 'Value "not-a-uuid" is not a valid UUID' : 'invalid input syntax for type uuid: "not-a-uuid"']);
	});

	it('[rec 06, TWENTY.md §9.14] a field that does not exist is a 400 naming the field', async () => {
		const r = await t.post('/rest/people', { name: { firstName: 'Unknown', lastName: 'Field' }, notAField: 'x' });
		expect(r.status).toBe(400);
		expect(r.body.messages).toEqual([
			v2()
				? 'Object person doesn\'t have any "notAField" field.'
				: 'Field metadata for field "notAField" is missing in object metadata person'
		]);
	});

	it('[TWENTY.md §9.12, rec v2.20 02x] v2 person has no city field; v1.5 has', async () => {
		const r = await t.post('/rest/people', { city: 'London' });
		if (v2()) expect(r.body.messages).toEqual(['Object person doesn\'t have any "city" field.']);
		else expect(data(r).city).toBe('London');
	});

	it('[TWENTY.md §9.13] task.status is TODO | IN_PROGRESS | DONE, default TODO; other values are rejected (rec 12e)', async () => {
		const r = data(await t.post('/rest/tasks', { title: 'call back' }));
		expect(r.status).toBe('TODO');
		expect(data(await t.patch(`/rest/tasks/${r.id}`, { status: 'DONE' })).status).toBe('DONE');
		const bad = await t.post('/rest/tasks', { status: 'LATER' });
		expect(bad.status).toBe(400);
		if (v2()) expect(bad.body.messages).toEqual(['Invalid value "LATER" for field "status". Valid values are: TODO, IN_PROGRESS, DONE']);
	});
});

describe('§9.13 relations, targets and members', () => {
	const target = () => (v2() ? 'targetPersonId' : 'personId');

	it('[TWENTY.md §9.13] a note is linked to a person through a noteTarget (noteId + target*Id)', async () => {
		const p = data(await t.post('/rest/people', { emails: { primaryEmail: email() } }));
		const n = data(await t.post('/rest/notes', { title: 'visit' }));
		const nt = await t.post('/rest/noteTargets', { noteId: n.id, [target()]: p.id });
		expect(nt.status).toBe(201);
		const list = data(await t.get(`/rest/noteTargets?filter=noteId[eq]:${n.id}`));
		expect(list.map((x: any) => x[target()])).toEqual([p.id]);
	});

	it('[TWENTY.md §1.5] a join column pointing at no record is a 400 (foreign key)', async () => {
		const r = await t.post('/rest/people', { companyId: '00000000-0000-4000-8000-000000000000' });
		expect(r.status).toBe(400);
	});

	it('[TWENTY.md §1.5] destroying a note removes its noteTargets (CASCADE)', async () => {
		const p = data(await t.post('/rest/people', {}));
		const n = data(await t.post('/rest/notes', { title: 'x' }));
		const nt = data(await t.post('/rest/noteTargets', { noteId: n.id, [target()]: p.id }));
		await t.del(`/rest/notes/${n.id}`);
		const left = data(
			await t.get(
				`/rest/noteTargets?filter=${encodeURIComponent(`or(and(id[eq]:${nt.id},deletedAt[is]:NULL),and(id[eq]:${nt.id},deletedAt[is]:NOT_NULL))`)}`
			)
		);
		expect(left).toEqual([]);
	});

	it('[TWENTY.md §1.5] destroying a company clears person.companyId (SET_NULL)', async () => {
		const co = data(await t.post('/rest/companies', { name: uniq('Co') }));
		const p = data(await t.post('/rest/people', { companyId: co.id }));
		await t.del(`/rest/companies/${co.id}`);
		expect(data(await t.get(`/rest/people/${p.id}`)).companyId).toBeNull();
	});

	it('[TWENTY.md §1.5 relation-on-delete] soft-deleting a task soft-deletes its taskTargets', async () => {
		if (!v2()) return;
		const p = data(await t.post('/rest/people', {}));
		const task = data(await t.post('/rest/tasks', { title: 't' }));
		const tt = data(await t.post('/rest/taskTargets', { taskId: task.id, targetPersonId: p.id }));
		await t.del(`/rest/tasks/${task.id}?soft_delete=true`);
		const r = data(await t.get(`/rest/taskTargets?filter=${encodeURIComponent(`and(id[eq]:${tt.id},deletedAt[is]:NOT_NULL)`)}`));
		expect(r.map((x: any) => x.id)).toEqual([tt.id]);
	});

	it('[TWENTY.md §9.13] assigneeId points to a workspaceMember, looked up by userEmail', async () => {
		const members = data(await t.get('/rest/workspaceMembers'));
		expect(members.length).toBeGreaterThan(0);
		const m = members[0];
		expect(typeof m.userEmail).toBe('string');
		const task = await t.post('/rest/tasks', { title: 'assigned', assigneeId: m.id });
		expect(data(task).assigneeId).toBe(m.id);
	});

	it('[TWENTY.md §4.3] workspace members cannot be created through the API', async () => {
		const r = await t.post('/rest/workspaceMembers', { userEmail: email() });
		expect(r.status).toBeGreaterThanOrEqual(400);
	});
});

describe('§4.1 system fields', () => {
	it('[TWENTY.md §4.1, rec 02] createdBy is {source:"API", workspaceMemberId:null, name:<key name>, context:{}}', async () => {
		const r = data(await t.post('/rest/people', {}));
		expect(r.createdBy.source).toBe('API');
		expect(r.createdBy.workspaceMemberId).toBeNull();
		if (!t.real) expect(r.createdBy).toEqual({ source: 'API', workspaceMemberId: null, name: 'My api key', context: {} });
	});

	it('[TWENTY.md §4.1] a createdBy.source given without a name (e.g. IMPORT) is kept', async () => {
		const r = data(await t.post('/rest/people', { createdBy: { source: 'IMPORT' } }));
		expect(r.createdBy.source).toBe('IMPORT');
	});

	it('[TWENTY.md §4.1] createdAt can be set on create', async () => {
		const r = data(await t.post('/rest/people', { createdAt: '2020-05-01T12:00:00.000Z' }));
		expect(r.createdAt).toBe('2020-05-01T12:00:00.000Z');
	});

	it('[rec v2.20 03/04] new rows go first: position 0, -1, -2… (v1.5 answers 0)', async () => {
		const r = data(await t.post('/rest/batch/people', [{}, {}]));
		if (v2()) expect(r[1].position).toBe(r[0].position - 1);
		else expect(r.map((x: any) => x.position)).toEqual([0, 0]);
	});
});
