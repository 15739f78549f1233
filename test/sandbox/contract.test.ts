// Contract tests: one per fact of TWENTY.md §9 (and the facts behind it), each title naming
// the fact and its source. They run against the sandbox, or a real Twenty (see harness.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, email, startTarget, uniq, type Target } from './harness.js';

let t: Target;
beforeAll(async () => {
	t = await startTarget();
});
afterAll(() => t.close());

const person = (extra: Record<string, unknown> = {}) => ({
	name: { firstName: uniq('F'), lastName: uniq('L') },
	emails: { primaryEmail: email() },
	...extra
});
const v2 = () => t.profile !== 'v1.5';

describe('§9.1 auth and endpoints', () => {
	it('[TWENTY.md §9.1, rec 14a] a request without an API key gets 403 "Missing authentication token", not 401', async () => {
		const r = await t.req('GET', '/rest/people?limit=1', undefined, { Authorization: '' });
		expect(r.status).toBe(403);
		expect(r.body).toEqual({ statusCode: 403, messages: ['Missing authentication token'], error: 'FORBIDDEN_EXCEPTION' });
	});

	it('[TWENTY.md §1.1] a wrong API key is refused with 403', async () => {
		const r = await t.req('GET', '/rest/people?limit=1', undefined, { Authorization: 'Bearer not-the-key' });
		expect(r.status).toBe(403);
	});

	it('[TWENTY.md §9.1] REST records at /rest/<plural>, metadata at /rest/metadata/objects, GraphQL at /graphql and /metadata', async () => {
		expect((await t.get('/rest/people?limit=1')).status).toBe(200);
		expect((await t.get('/rest/metadata/objects')).status).toBe(200);
		expect((await t.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
		expect((await t.gql('{ __typename }', {}, '/metadata')).body).toEqual({ data: { __typename: 'Query' } });
	});
});

describe('§9.2 batch create', () => {
	it('[TWENTY.md §9.2, rec 03] POST /rest/batch/<plural> with an array answers 201 {data:{createPeople:[...]}}', async () => {
		const r = await t.post('/rest/batch/people', [person(), person()]);
		expect(r.status).toBe(201);
		expect(Object.keys(r.body.data)).toEqual(['createPeople']);
		expect(r.body.data.createPeople).toHaveLength(2);
	});

	it('[TWENTY.md §9.2, rec v2.20 07_200/07_201] 200 records pass; 201 give 400 "Maximum number of records to upsert is 200."', async () => {
		const many = (n: number) => Array.from({ length: n }, () => person());
		const ok = await t.post('/rest/batch/people', many(200));
		const tooMany = await t.post('/rest/batch/people', many(201));
		if (t.profile === 'v1.5') {
			expect([ok.status, tooMany.status]).toEqual([201, 201]);
			return;
		}
		expect(ok.status).toBe(201);
		expect(tooMany.status).toBe(400);
		expect(tooMany.body).toEqual({
			statusCode: 400,
			error: 'BadRequestException',
			messages: ['Maximum number of records to upsert is 200.']
		});
	});

	it('[TWENTY.md §1.4, rec v2.20 07_201] the batch maximum applies with ?upsert=true too', async () => {
		const r = await t.post(
			'/rest/batch/people?upsert=true',
			Array.from({ length: 201 }, () => person())
		);
		expect(r.status).toBe(v2() ? 400 : 201);
	});

	it('[rec 14d / v2.20 07f] a batch body that is not an array is a 400', async () => {
		const r = await t.post('/rest/batch/people', { name: { firstName: 'x' } });
		expect(r.status).toBe(400);
		expect(r.body.messages).toEqual([v2() ? 'args.data.forEach is not a function' : 'Body must be an array']);
	});

	it('[rec v2.20 07e / v1.5 14e] an empty batch: 201 [] on v2.20, 400 "Input must not be empty" on v1.5', async () => {
		const r = await t.post('/rest/batch/people', []);
		if (v2()) expect([r.status, r.body]).toEqual([201, { data: { createPeople: [] } }]);
		else expect([r.status, r.body.messages]).toEqual([400, ['Input must not be empty']]);
	});

	it('[TWENTY.md §1.4] one invalid record fails the whole batch: nothing is written', async () => {
		const good = person();
		const r = await t.post('/rest/batch/people', [good, { notAField: 1 }]);
		expect(r.status).toBe(400);
		const found = await t.get(`/rest/people?filter=emails.primaryEmail[eq]:${good.emails.primaryEmail}`);
		expect(data(found)).toEqual([]);
	});
});

describe('§9.3 upsert', () => {
	it('[TWENTY.md §1.4] ?upsert=true matching by id updates only the supplied fields', async () => {
		const created = data(await t.post('/rest/people', person({ jobTitle: 'Nurse', city: undefined })));
		const r = await t.post('/rest/people?upsert=true', { id: created.id, jobTitle: 'Doctor' });
		expect(r.status).toBe(201);
		const got = data(await t.get(`/rest/people/${created.id}`));
		expect(got.jobTitle).toBe('Doctor');
		expect(got.emails.primaryEmail).toBe(created.emails.primaryEmail);
		expect(got.name).toEqual(created.name);
	});

	it('[TWENTY.md §1.4] person upsert matches on emails.primaryEmail', async () => {
		const p = person();
		const created = data(await t.post('/rest/people', p));
		const r = await t.post('/rest/batch/people?upsert=true', [{ emails: { primaryEmail: p.emails.primaryEmail }, jobTitle: 'Matched' }]);
		expect(r.status).toBe(201);
		expect(data(r)[0].id).toBe(created.id);
		expect(data(r)[0].jobTitle).toBe('Matched');
	});

	it('[TWENTY.md §1.4] company upsert matches on domainName.primaryLinkUrl', async () => {
		const url = `https://${uniq('d')}.example`;
		const created = data(await t.post('/rest/companies', { name: 'Acme', domainName: { primaryLinkUrl: url } }));
		const r = await t.post('/rest/companies?upsert=true', { name: 'Acme 2', domainName: { primaryLinkUrl: url } });
		expect(data(r).id).toBe(created.id);
		expect(data(r).name).toBe('Acme 2');
	});

	it('[TWENTY.md §1.4] upsert matching a soft-deleted person restores it and updates it', async () => {
		const p = person();
		const created = data(await t.post('/rest/people', p));
		// GraphQL deletePerson soft-deletes in every version (rec v1.5 09a).
		await t.gql('mutation($id: UUID!){ deletePerson(id: $id){ id } }', { id: created.id });
		const r = await t.post('/rest/people?upsert=true', { emails: { primaryEmail: p.emails.primaryEmail }, jobTitle: 'Back' });
		expect(r.status).toBe(201);
		expect(data(r).id).toBe(created.id);
		expect(data(r).deletedAt).toBeNull();
		const got = await t.get(`/rest/people/${created.id}`);
		expect(got.status).toBe(200);
		expect(data(got).jobTitle).toBe('Back');
	});

	it('[TWENTY.md §1.4] an input whose id matches one row and email another fails with a 400 conflict', async () => {
		const a = data(await t.post('/rest/people', person()));
		const b = data(await t.post('/rest/people', person()));
		const r = await t.post('/rest/people?upsert=true', { id: a.id, emails: { primaryEmail: b.emails.primaryEmail } });
		expect(r.status).toBe(400);
		expect(r.body.messages[0]).toMatch(/UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT|Multiple/);
	});

	it('[TWENTY.md §1.4] two inputs with the same new email in one upsert batch are not merged: 400 duplicate', async () => {
		const e = email();
		const r = await t.post('/rest/batch/people?upsert=true', [{ emails: { primaryEmail: e } }, { emails: { primaryEmail: e } }]);
		expect(r.status).toBe(400);
	});

	it('[TWENTY.md §1.4] upsert keeps createdBy and sets updatedBy from the API key', async () => {
		const created = data(await t.post('/rest/people', person({ createdBy: { source: 'IMPORT' } })));
		const r = data(await t.post('/rest/people?upsert=true', { id: created.id, jobTitle: 'x' }));
		expect(r.createdBy.source).toBe('IMPORT');
		if (v2()) expect(r.updatedBy.source).toBe('API');
	});

	it('[TWENTY.md §1.2 upsert-parser-utils] only the exact string "true" turns upsert on', async () => {
		const created = data(await t.post('/rest/people', person()));
		const r = await t.post('/rest/people?upsert=TRUE', { id: created.id });
		expect(r.status).toBe(400);
	});

	it('[TWENTY.md §9.3] a client-chosen id makes a re-run idempotent with upsert', async () => {
		const id = crypto.randomUUID();
		const p = person({ id });
		const first = await t.post('/rest/batch/people?upsert=true', [p]);
		const second = await t.post('/rest/batch/people?upsert=true', [p]);
		expect([first.status, second.status]).toEqual([201, 201]);
		expect(data(await t.get(`/rest/people?filter=id[eq]:${id}`))).toHaveLength(1);
	});
});

describe('§9.4 list envelope and paging', () => {
	let ids: string[] = [];
	const tag = uniq('page');
	beforeAll(async () => {
		const rows = Array.from({ length: 7 }, (_, i) => person({ jobTitle: tag, name: { firstName: `P${i}`, lastName: tag } }));
		ids = data(await t.post('/rest/batch/people', rows)).map((r: { id: string }) => r.id);
	});

	it('[TWENTY.md §9.4, rec v2.20 07g] findMany: {data:{people}, totalCount, pageInfo{startCursor,endCursor,hasNextPage,hasPreviousPage}}', async () => {
		const r = await t.get(`/rest/people?limit=3&filter=jobTitle[eq]:${tag}`);
		expect(r.status).toBe(200);
		expect(data(r)).toHaveLength(3);
		expect(r.body.totalCount).toBe(7);
		const pageKeys = v2() ? ['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor'] : ['endCursor', 'hasNextPage', 'startCursor'];
		expect(Object.keys(r.body.pageInfo).sort()).toEqual(pageKeys);
		expect(r.body.pageInfo.hasNextPage).toBe(true);
	});

	it('[TWENTY.md §1.2] a cursor is base64 of JSON {...orderByValues, id}', async () => {
		const r = await t.get(`/rest/people?limit=1&filter=jobTitle[eq]:${tag}`);
		const decoded = JSON.parse(Buffer.from(r.body.pageInfo.endCursor, 'base64').toString());
		expect(decoded).toEqual({ id: data(r)[0].id });
	});

	it('[TWENTY.md §9.4] starting_after=<endCursor> pages forward with no overlap until hasNextPage is false', async () => {
		const seen: string[] = [];
		let after = '';
		for (;;) {
			const r = await t.get(`/rest/people?limit=3&filter=jobTitle[eq]:${tag}${after ? `&starting_after=${after}` : ''}`);
			seen.push(...data(r).map((p: { id: string }) => p.id));
			if (!r.body.pageInfo.hasNextPage) break;
			after = encodeURIComponent(r.body.pageInfo.endCursor);
		}
		expect(seen).toEqual([...ids].sort());
	});

	it('[TWENTY.md §1.2] ending_before=<startCursor> pages backward', async () => {
		const last = await t.get(`/rest/people?limit=7&filter=jobTitle[eq]:${tag}`);
		const cursor = encodeURIComponent(last.body.pageInfo.endCursor);
		const r = await t.get(`/rest/people?limit=2&filter=jobTitle[eq]:${tag}&ending_before=${cursor}`);
		const sorted = [...ids].sort();
		expect(data(r).map((p: { id: string }) => p.id)).toEqual(sorted.slice(4, 6));
		if (v2()) expect(r.body.pageInfo.hasPreviousPage).toBe(true);
	});

	it('[TWENTY.md §9.4] limit defaults to 60', async () => {
		await t.post(
			'/rest/batch/people',
			Array.from({ length: 61 }, () => person({ jobTitle: `${tag}-many` }))
		);
		const r = await t.get(`/rest/people?filter=jobTitle[eq]:${tag}-many`);
		expect(data(r)).toHaveLength(60);
		expect(r.body.totalCount).toBe(61);
	});

	it('[TWENTY.md §9.4, rec v2.20 07g] limit above 200 is silently capped at 200', async () => {
		const r = await t.get('/rest/people?limit=500');
		expect(r.status).toBe(200);
		expect(data(r).length).toBeLessThanOrEqual(v2() ? 200 : 500);
	});

	it('[TWENTY.md §1.2] a negative or non-integer limit is a 400 "limit \'x\' is invalid. Should be an integer"', async () => {
		for (const bad of ['-1', 'abc']) {
			const r = await t.get(`/rest/people?limit=${bad}`);
			expect(r.status).toBe(400);
			expect(r.body.messages).toEqual([`limit '${bad}' is invalid. Should be an integer`]);
		}
	});
});

describe('§9.5 single-record envelopes', () => {
	it('[TWENTY.md §9.5] createOne 201 createPerson, findOne person, update updatePerson, delete deletePerson {id}, restore restorePerson', async () => {
		const c = await t.post('/rest/people', person());
		expect(c.status).toBe(201);
		const id = c.body.data.createPerson.id;
		expect(Object.keys((await t.get(`/rest/people/${id}`)).body.data)).toEqual(['person']);
		expect(Object.keys((await t.patch(`/rest/people/${id}`, { jobTitle: 'x' })).body.data)).toEqual(['updatePerson']);
		const d = await t.del(`/rest/people/${id}?soft_delete=true`);
		expect(d.body.data.deletePerson.id).toBe(id);
		if (t.profile === 'current') {
			const r = await t.patch(`/rest/restore/people/${id}`);
			expect(Object.keys(r.body.data)).toEqual(['restorePerson']);
		}
		if (t.profile === 'v1.5') return; // its DELETE already destroyed the row
		const destroyed = await t.del(`/rest/people/${id}`);
		expect(destroyed.body).toEqual({ data: { deletePerson: { id } } });
	});

	it('[TWENTY.md §1.3] every record carries id, createdAt, updatedAt, deletedAt, createdBy, position (and updatedBy on v2)', async () => {
		const r = data(await t.post('/rest/people', person()));
		for (const k of ['id', 'createdAt', 'updatedAt', 'deletedAt', 'createdBy', 'position', 'companyId']) expect(r).toHaveProperty(k);
		if (v2()) expect(r).toHaveProperty('updatedBy');
		expect(r).not.toHaveProperty('company');
	});
});

describe('§9.6 filter, order_by, depth', () => {
	const tag = uniq('flt');
	let rows: Array<Record<string, any>> = [];
	beforeAll(async () => {
		const input = [
			{
				name: { firstName: 'Alice', lastName: tag },
				jobTitle: tag,
				emails: { primaryEmail: `alice.${tag}@contract-test.example` },
				position: 3
			},
			{
				name: { firstName: 'bob', lastName: tag },
				jobTitle: tag,
				emails: { primaryEmail: `bob.${tag}@contract-test.example` },
				position: 1
			},
			{ name: { firstName: 'Carol', lastName: tag }, jobTitle: tag, position: 2 }
		];
		rows = data(await t.post('/rest/batch/people', input));
	});
	const names = async (q: string) =>
		data(await t.get(`/rest/people?filter=${encodeURIComponent(q)}`))
			.map((p: any) => p.name.firstName)
			.sort();
	const within = (f: string) => `and(jobTitle[eq]:${tag},${f})`;

	it('[TWENTY.md §1.2] eq and neq', async () => {
		expect(await names(within('name.firstName[eq]:Alice'))).toEqual(['Alice']);
		expect(await names(within('name.firstName[neq]:Alice'))).toEqual(['Carol', 'bob']);
	});
	it('[TWENTY.md §1.2] in takes [a,b] with quoted values unquoted', async () => {
		expect(await names(within('name.firstName[in]:["Alice",bob]'))).toEqual(['Alice', 'bob']);
	});
	it('[TWENTY.md §1.2] is NULL / NOT_NULL', async () => {
		expect(await names(within('deletedAt[is]:NULL'))).toHaveLength(3);
		expect(await names(within('companyId[is]:NOT_NULL'))).toEqual([]);
	});
	it('[TWENTY.md §1.2] gt, gte, lt, lte', async () => {
		expect(await names(within('position[gt]:1'))).toEqual(['Alice', 'Carol']);
		expect(await names(within('position[gte]:2'))).toEqual(['Alice', 'Carol']);
		expect(await names(within('position[lt]:2'))).toEqual(['bob']);
		expect(await names(within('position[lte]:2'))).toEqual(['Carol', 'bob']);
	});
	it('[TWENTY.md §1.2] startsWith, endsWith, like, ilike (% wildcard)', async () => {
		expect(await names(within('name.firstName[startsWith]:Ca'))).toEqual(['Carol']);
		expect(await names(within('name.firstName[endsWith]:ob'))).toEqual(['bob']);
		expect(await names(within('name.firstName[like]:"%li%"'))).toEqual(['Alice']);
		expect(await names(within('name.firstName[like]:"B%"'))).toEqual([]);
		expect(await names(within('name.firstName[ilike]:"B%"'))).toEqual(['bob']);
	});
	it('[TWENTY.md §1.2] or(...), not(...), and a bare comma list means and(...)', async () => {
		expect(await names(within('or(name.firstName[eq]:Alice,name.firstName[eq]:bob)'))).toEqual(['Alice', 'bob']);
		expect(await names(within('not(name.firstName[eq]:Alice)'))).toEqual(['Carol', 'bob']);
		expect(await names(`jobTitle[eq]:${tag},name.firstName[eq]:Carol`)).toEqual(['Carol']);
	});
	it('[TWENTY.md §1.2] composite subfields: emails.primaryEmail[eq]', async () => {
		expect(await names(`emails.primaryEmail[eq]:bob.${tag}@contract-test.example`)).toEqual(['bob']);
	});
	it('[TWENTY.md §1.2] containsAny on array fields', async () => {
		const p = data(
			await t.post(
				'/rest/people',
				person({ jobTitle: `${tag}-arr`, emails: { primaryEmail: email(), additionalEmails: [`x.${tag}@contract-test.example`] } })
			)
		);
		const r = await t.get(
			`/rest/people?filter=${encodeURIComponent(`emails.additionalEmails[containsAny]:[x.${tag}@contract-test.example]`)}`
		);
		expect(data(r).map((x: any) => x.id)).toEqual([p.id]);
	});
	it('[TWENTY.md §1.2] a malformed filter is a 400 "\'filter\' invalid for …"', async () => {
		const r = await t.get(`/rest/people?filter=${encodeURIComponent('jobTitle[eqq]:x')}`);
		expect(r.status).toBe(400);
		expect(r.body.messages[0]).toMatch(/^'filter' invalid for 'jobTitle\[eqq\]:x'/);
	});
	it('[TWENTY.md §1.2] order_by with a direction and composite subfield; id ascending breaks ties', async () => {
		const r = await t.get(`/rest/people?filter=jobTitle[eq]:${tag}&order_by=position[DescNullsLast]`);
		expect(data(r).map((p: any) => p.name.firstName)).toEqual(['Alice', 'Carol', 'bob']);
		const byName = await t.get(`/rest/people?filter=jobTitle[eq]:${tag}&order_by=name.firstName[AscNullsFirst]`);
		expect(data(byName).map((p: any) => p.name.firstName)).toEqual(['Alice', 'bob', 'Carol']);
		const ties = await t.get(`/rest/people?filter=jobTitle[eq]:${tag}&order_by=jobTitle`);
		expect(data(ties).map((p: any) => p.id)).toEqual(rows.map((p) => p.id).sort());
	});
	it('[TWENTY.md §1.2] an invalid order_by direction is a 400', async () => {
		expect((await t.get('/rest/people?order_by=position[Sideways]')).status).toBe(400);
	});
	it('[TWENTY.md §1.2] depth is 0 or 1; depth=1 embeds the company; other values are a 400', async () => {
		const co = data(await t.post('/rest/companies', { name: uniq('Co') }));
		const p = data(await t.post('/rest/people', person({ companyId: co.id })));
		const d0 = data(await t.get(`/rest/people/${p.id}`));
		expect(d0.companyId).toBe(co.id);
		expect(d0.company).toBeUndefined();
		const d1 = data(await t.get(`/rest/people/${p.id}?depth=1`));
		expect(d1.company.id).toBe(co.id);
		const bad = await t.get(`/rest/people/${p.id}?depth=2`);
		expect([bad.status, bad.body.messages]).toEqual([400, ["'depth=2' parameter invalid. Allowed values are 0, 1"]]);
	});
	it('[TWENTY.md §1.2] omit_null_values=true drops null fields', async () => {
		const r = await t.get(`/rest/people?omit_null_values=true&filter=jobTitle[eq]:${tag}&limit=1`);
		expect(data(r)[0]).not.toHaveProperty('deletedAt');
		expect(data(r)[0]).toHaveProperty('id');
	});
	it('[TWENTY.md §1.1] PUT is an alias of PATCH', async () => {
		const r = await t.req('PUT', `/rest/people/${rows[0].id}`, { avatarUrl: 'put' });
		expect([r.status, Object.keys(r.body.data)]).toEqual([200, ['updatePerson']]);
	});
	it('[TWENTY.md §1.2] fields= chooses the returned fields', async () => {
		const r = await t.get(`/rest/people?fields=id,jobTitle&filter=jobTitle[eq]:${tag}&limit=1`);
		expect(Object.keys(data(r)[0]).sort()).toEqual(['id', 'jobTitle']);
	});
});

describe('§9.7 delete, destroy, restore', () => {
	it('[TWENTY.md §9.7, rec v2.20 09a/09b] DELETE without ?soft_delete=true destroys permanently', async () => {
		const p = data(await t.post('/rest/people', person()));
		expect((await t.del(`/rest/people/${p.id}`)).status).toBe(200);
		const r = await t.get(`/rest/people?filter=${encodeURIComponent(`and(id[eq]:${p.id},deletedAt[is]:NOT_NULL)`)}`);
		expect(data(r)).toEqual([]);
	});

	it('[TWENTY.md §1.5, rec v2.20 08a-08c] DELETE ?soft_delete=true soft-deletes: gone from GET, listed with a deletedAt filter', async () => {
		const p = data(await t.post('/rest/people', person()));
		const d = await t.del(`/rest/people/${p.id}?soft_delete=true`);
		expect(d.status).toBe(200);
		expect((await t.get(`/rest/people/${p.id}`)).status).toBe(v2() ? 404 : 400);
		const listed = data(await t.get(`/rest/people?filter=${encodeURIComponent(`and(id[eq]:${p.id},deletedAt[is]:NOT_NULL)`)}`));
		expect(listed.map((x: any) => x.id)).toEqual(v2() ? [p.id] : []);
	});

	it('[TWENTY.md §9.7] bulk DELETE without a filter is a 400', async () => {
		const r = await t.del('/rest/people');
		expect(r.status).toBe(400);
		expect(r.body.messages[0]).toMatch(/^Filters are mandatory for bulk/);
	});

	it('[TWENTY.md §1.5, rec v2.20 10a/10b] bulk DELETE by filter destroys, or soft-deletes with ?soft_delete=true', async () => {
		const a = data(await t.post('/rest/people', person()));
		const b = data(await t.post('/rest/people', person()));
		const hard = await t.del(`/rest/people?filter=emails.primaryEmail[eq]:${a.emails.primaryEmail}`);
		expect(hard.body).toEqual({ data: { deletePeople: [{ id: a.id }] } });
		const soft = await t.del(`/rest/people?soft_delete=true&filter=emails.primaryEmail[eq]:${b.emails.primaryEmail}`);
		expect(soft.body.data.deletePeople[0].id).toBe(b.id);
		if (v2()) expect(soft.body.data.deletePeople[0].deletedAt).not.toBeNull();
	});

	it('[TWENTY.md §9.7, rec v2.20 08g] PATCH /rest/restore/<plural>?filter= restores soft-deleted rows', async () => {
		const p = data(await t.post('/rest/people', person()));
		await t.del(`/rest/people/${p.id}?soft_delete=true`);
		const r = await t.patch(`/rest/restore/people?filter=id[eq]:${p.id}`);
		expect(r.status).toBe(200);
		expect(r.body.data.restorePeople.map((x: any) => x.id)).toEqual(v2() ? [p.id] : []);
		if (v2()) expect((await t.get(`/rest/people/${p.id}`)).status).toBe(200);
	});

	it('[TWENTY.md §9.7] bulk mutations are capped at MUTATION_MAXIMUM_AFFECTED_RECORDS = 100', async () => {
		const tag = uniq('cap');
		await t.post(
			'/rest/batch/people',
			Array.from({ length: 101 }, () => person({ jobTitle: tag }))
		);
		const r = await t.del(`/rest/people?filter=jobTitle[eq]:${tag}`);
		expect(r.status).toBe(400);
		expect(data(await t.get(`/rest/people?filter=jobTitle[eq]:${tag}&limit=200`))).toHaveLength(101);
	});
});

describe('§9.8 unique values and soft-deleted rows', () => {
	it('[TWENTY.md §9.8, rec v2.20 08f] a live duplicate email is a 400 "A duplicate entry was detected"', async () => {
		const p = person();
		await t.post('/rest/people', p);
		const r = await t.post('/rest/people', { emails: p.emails });
		expect(r.status).toBe(400);
		expect(r.body.messages).toEqual([
			v2() ? 'A duplicate entry was detected' : `Duplicate Emails with value ${p.emails.primaryEmail}. Please set a unique one.`
		]);
	});

	it('[TWENTY.md §9.8, rec v2.20 08d, issues #24227 #26216] a soft-deleted person still owns its email; after a destroy it is free', async () => {
		const p = person();
		const created = data(await t.post('/rest/people', p));
		await t.del(`/rest/people/${created.id}?soft_delete=true`);
		const again = await t.post('/rest/people', { emails: p.emails });
		expect(again.status).toBe(v2() ? 400 : 201);
		if (!v2()) return;
		await t.del(`/rest/people/${created.id}`);
		expect((await t.post('/rest/people', { emails: p.emails })).status).toBe(201);
	});

	it('[TWENTY.md §1.5] company domainName is unique too', async () => {
		const url = `https://${uniq('dom')}.example`;
		await t.post('/rest/companies', { domainName: { primaryLinkUrl: url } });
		expect((await t.post('/rest/companies', { domainName: { primaryLinkUrl: url } })).status).toBe(400);
	});

	it('[TWENTY.md §1.5] empty emails are not unique values: many people without an email', async () => {
		const r = await t.post('/rest/batch/people', [{ jobTitle: 'a' }, { jobTitle: 'b' }]);
		expect(r.status).toBe(201);
	});
});

describe('§9.9 errors', () => {
	it('[TWENTY.md §9.9, rec v2.20 14b] not found is a 404 NotFoundException (400 on v1.5)', async () => {
		const r = await t.get('/rest/people/00000000-0000-4000-8000-000000000000');
		if (v2()) expect(r.body).toEqual({ statusCode: 404, error: 'NotFoundException', messages: ['Record not found'] });
		else expect(r.body).toEqual({ statusCode: 400, error: 'BadRequestException', messages: ['Record not found'] });
	});

	it('[rec 14c] an invalid UUID in the path is a 400 "\'x\' is not a valid UUID"', async () => {
		const r = await t.get('/rest/people/not-a-uuid');
		expect(r.body).toEqual({ statusCode: 400, error: 'BadRequestException', messages: ["'not-a-uuid' is not a valid UUID"] });
	});

	it('[TWENTY.md §1.1, rec 14g] an unknown plural is a 400 "object \'x\' not found. eg: companies"', async () => {
		const r = await t.get('/rest/notAnObject');
		expect(r.body).toEqual({ statusCode: 400, error: 'BadRequestException', messages: ["object 'notAnObject' not found. eg: companies"] });
	});

	it('[rec v1.5 10c] a path with extra segments is a 400 "Query path … invalid"', async () => {
		const r = await t.del('/rest/people/00000000-0000-4000-8000-000000000000/destroy');
		expect(r.status).toBe(400);
		expect(r.body.messages[0]).toMatch(/^Query path '\/rest\/people\/00000000-0000-4000-8000-000000000000\/destroy' invalid/);
	});

	it('[TWENTY.md §9.9] GraphQL errors come back as HTTP 200 with errors[]', async () => {
		const r = await t.gql('{ notAThing { id } }');
		expect(r.status).toBe(200);
		expect(r.body.errors[0].message).toMatch(/Cannot query field "notAThing"/);
	});
});
