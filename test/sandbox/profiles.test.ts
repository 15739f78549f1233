// What differs between the version profiles, one test per difference, each naming its source.
// (The contract suites run on any profile too: SANDBOX_PROFILE=v1.5 npx vitest run test/sandbox.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../src/lib/server/sandbox/index.js';
import { REAL, startTarget, type Target } from './harness.js';

const targets = {} as Record<ProfileName, Target>;
beforeAll(async () => {
	if (REAL) return;
	for (const p of ['v1.5', 'v2.20', 'current'] as ProfileName[]) targets[p] = await startTarget({ profile: p });
});
afterAll(async () => {
	for (const t of Object.values(targets)) await t.close();
});

const each = async <T>(fn: (t: Target) => Promise<T>) => ({
	'v1.5': await fn(targets['v1.5']),
	'v2.20': await fn(targets['v2.20']),
	current: await fn(targets.current)
});

describe.skipIf(REAL)('profile differences', () => {
	it('[recordings README; rec 07_1000 vs v2.20 07_201] batch maximum: none on v1.5, 200 on v2', async () => {
		const r = await each(
			async (t) =>
				(
					await t.post(
						'/rest/batch/people',
						Array.from({ length: 201 }, () => ({}))
					)
				).status
		);
		expect(r).toEqual({ 'v1.5': 201, 'v2.20': 400, current: 400 });
	});

	it('[issue 13] REST ?upsert=true: ignored on v1.5 (a second create with the id is refused), honoured on v2; emails lower-cased on every version', async () => {
		const r = await each(async (t) => {
			const id = crypto.randomUUID();
			const first = await t.post('/rest/people', { id, emails: { primaryEmail: `Up.Sert.${t.profile}@Contract-Test.example` } });
			const again = await t.post('/rest/people?upsert=true', { id, jobTitle: 'Updated' });
			return [first.body.data.createPerson.emails.primaryEmail, again.status];
		});
		expect(r).toEqual({
			'v1.5': ['up.sert.v1.5@contract-test.example', 400],
			'v2.20': ['up.sert.v2.20@contract-test.example', 201],
			current: ['up.sert.current@contract-test.example', 201]
		});
	});

	it('[rec 14b] record not found: 400 on v1.5, 404 on v2', async () => {
		const r = await each(async (t) => (await t.get('/rest/people/00000000-0000-4000-8000-000000000000')).status);
		expect(r).toEqual({ 'v1.5': 400, 'v2.20': 404, current: 404 });
	});

	it('[rec v1.5 09d vs v2.20 08d] a soft-deleted person blocks its email on v2 only', async () => {
		const r = await each(async (t) => {
			const e = `soft.${t.profile}@contract-test.example`;
			const p = (await t.post('/rest/people', { emails: { primaryEmail: e } })).body.data.createPerson;
			await t.gql('mutation($id: UUID!){ deletePerson(id: $id){ id } }', { id: p.id });
			return (await t.post('/rest/people', { emails: { primaryEmail: e } })).status;
		});
		expect(r).toEqual({ 'v1.5': 201, 'v2.20': 400, current: 400 });
	});

	it('[rec v1.5 10a/10b vs v2.20 08a] DELETE ?soft_delete=true: ignored on v1.5 (destroys), honoured on v2', async () => {
		const r = await each(async (t) => {
			const p = (await t.post('/rest/people', {})).body.data.createPerson;
			const before = t.sandbox!.state().objects.person.softDeleted;
			await t.del(`/rest/people/${p.id}?soft_delete=true`);
			return t.sandbox!.state().objects.person.softDeleted - before;
		});
		expect(r).toEqual({ 'v1.5': 0, 'v2.20': 1, current: 1 });
	});

	it('[rec v1.5 13_rest_* vs v2.20 13] REST record requests are rate limited on v2 only', () => {
		expect([PROFILES['v1.5'].throttlesRecords, PROFILES['v2.20'].throttlesRecords, PROFILES.current.throttlesRecords]).toEqual([
			false,
			true,
			true
		]);
	});

	it('[rec v2.20 13 vs TWENTY.md §3.1 newest] the 429: no Retry-After on v2.20, Retry-After and X-RateLimit-* on current', () => {
		expect([PROFILES['v2.20'].limiter, PROFILES.current.limiter, PROFILES['v1.5'].limiter]).toEqual(['floor', 'exact', 'window']);
	});

	it('[rec v2.20 02x, TWENTY.md §4.3] person.city exists on v1.5 only', async () => {
		const r = await each(async (t) => (await t.post('/rest/people', { city: 'Lyon' })).status);
		expect(r).toEqual({ 'v1.5': 201, 'v2.20': 400, current: 400 });
	});

	it('[rec 03 both versions] batch answers are keyed createPeople in every profile; createOne createPerson', async () => {
		const r = await each(async (t) => [
			Object.keys((await t.post('/rest/batch/people', [{}])).body.data),
			Object.keys((await t.post('/rest/people', {})).body.data)
		]);
		for (const v of Object.values(r)) expect(v).toEqual([['createPeople'], ['createPerson']]);
	});

	it('[TWENTY.md §1.4, §6] body and upload limit: 10 MB on v1.5, 100 MB on v2', () => {
		expect([PROFILES['v1.5'].maxFileSize, PROFILES['v2.20'].maxFileSize, PROFILES.current.maxFileSize]).toEqual(
			[10, 100, 100].map((m) => m * 1024 * 1024)
		);
	});

	it('[rec v1.5 02 vs v2.20 02] empty composite lists read back as null on v1.5, [] on v2; updatedBy only on v2', async () => {
		const r = await each(async (t) => {
			const p = (await t.post('/rest/people', {})).body.data.createPerson;
			return [p.emails.additionalEmails, 'updatedBy' in p];
		});
		expect(r).toEqual({ 'v1.5': [null, false], 'v2.20': [[], true], current: [[], true] });
	});

	it('[rec v2.20 08e vs TWENTY.md §1.1] PATCH /rest/restore/<plural>/<id>: invalid path on v2.20, a restore on current', async () => {
		const r = await each(
			async (t) => (await t.patch(`/rest/restore/people/00000000-0000-4000-8000-000000000000`)).body.messages?.[0] ?? 'ok'
		);
		expect(r['v2.20']).toMatch(/^Query path/);
		expect(r.current).toBe('Record not found');
	});

	it('[rec v1.5 14e vs v2.20 07e] an empty batch: 400 on v1.5, 201 [] on v2', async () => {
		const r = await each(async (t) => (await t.post('/rest/batch/people', [])).status);
		expect(r).toEqual({ 'v1.5': 400, 'v2.20': 201, current: 201 });
	});

	it('[rec v1.5 09c vs v2.20 08c] a deletedAt filter lists soft-deleted rows on v2 only', async () => {
		const r = await each(async (t) => {
			const p = (await t.post('/rest/people', {})).body.data.createPerson;
			await t.gql('mutation($id: UUID!){ deletePerson(id: $id){ id } }', { id: p.id });
			return (await t.get(`/rest/people?filter=and(id[eq]:${p.id},deletedAt[is]:NOT_NULL)`)).body.data.people.length;
		});
		expect(r).toEqual({ 'v1.5': 0, 'v2.20': 1, current: 1 });
	});

	it('[rec v1.5 11a vs v2.20 11a] /rest/metadata/objects?limit=2: 400 on v1.5, a page of 2 on v2', async () => {
		const r = await each(async (t) => (await t.get('/rest/metadata/objects?limit=2')).status);
		expect(r).toEqual({ 'v1.5': 400, 'v2.20': 200, current: 200 });
	});

	it('[TWENTY.md §4.3, §6] targets and uploads: personId + uploadFile on v1.5, targetPersonId + uploadFilesFieldFile on v2', async () => {
		const r = await each(async (t) => {
			const objects = (await t.get('/rest/metadata/objects')).body.data.objects;
			return objects
				.find((o: any) => o.nameSingular === 'noteTarget')
				.fields.map((f: any) => f.name)
				.includes('targetPerson');
		});
		expect(r).toEqual({ 'v1.5': false, 'v2.20': true, current: true });
		expect([PROFILES['v1.5'].upload, PROFILES.current.upload]).toEqual(['uploadFile', 'uploadFilesFieldFile']);
	});
});
