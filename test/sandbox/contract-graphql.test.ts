// Contract tests for the GraphQL subset Ferry uses [TWENTY.md §2], over the same store as REST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, email, startTarget, uniq, type Target } from './harness.js';

let t: Target;
beforeAll(async () => {
	t = await startTarget();
});
afterAll(() => t.close());
const v2 = () => t.profile !== 'v1.5';

describe('§2 GraphQL', () => {
	it('[TWENTY.md §2, §9.3] createPeople(data:[...], upsert:true) creates, then updates on a second run', async () => {
		const e = email();
		const q = 'mutation($data: [PersonCreateInput!]!) { createPeople(data: $data, upsert: true) { id jobTitle emails { primaryEmail } } }';
		const first = await t.gql(q, { data: [{ emails: { primaryEmail: e }, jobTitle: 'one' }] });
		const second = await t.gql(q, { data: [{ emails: { primaryEmail: e }, jobTitle: 'two' }] });
		expect(first.status).toBe(200);
		expect(second.body.data.createPeople[0].id).toBe(first.body.data.createPeople[0].id);
		expect(second.body.data.createPeople[0]).toMatchObject({ jobTitle: 'two', emails: { primaryEmail: e } });
	});

	it('[TWENTY.md §2] people(filter, first, after) answers a connection with edges, pageInfo and totalCount', async () => {
		const tag = uniq('g');
		await t.post('/rest/batch/people', [{ jobTitle: tag }, { jobTitle: tag }, { jobTitle: tag }]);
		const q = `query($after: String) { people(filter: { jobTitle: { eq: "${tag}" } }, first: 2, after: $after) {
			edges { node { id jobTitle } cursor } pageInfo { hasNextPage endCursor } totalCount } }`;
		const p1 = (await t.gql(q, {})).body.data.people;
		expect(p1.edges).toHaveLength(2);
		expect(p1.totalCount).toBe(3);
		expect(p1.pageInfo.hasNextPage).toBe(true);
		const p2 = (await t.gql(q, { after: p1.pageInfo.endCursor })).body.data.people;
		expect(p2.edges).toHaveLength(1);
		expect(p2.pageInfo.hasNextPage).toBe(false);
	});

	it('[TWENTY.md §2] filters nest composite subfields and combine with and/or/not', async () => {
		const e = email();
		await t.post('/rest/people', { emails: { primaryEmail: e }, name: { firstName: 'Gq', lastName: 'L' } });
		const r = await t.gql(
			`{ people(filter: { and: [{ emails: { primaryEmail: { eq: "${e}" } } }, { not: { name: { firstName: { eq: "Nope" } } } }] }) { edges { node { name { firstName } } } } }`
		);
		expect(r.body.data.people.edges.map((x: any) => x.node.name.firstName)).toEqual(['Gq']);
	});

	it('[TWENTY.md §2, rec v1.5 09a] deletePerson(id) soft-deletes', async () => {
		const p = data(await t.post('/rest/people', {}));
		const r = await t.gql('mutation($id: UUID!){ deletePerson(id: $id){ id deletedAt } }', { id: p.id });
		expect(r.body.data.deletePerson.id).toBe(p.id);
		expect(r.body.data.deletePerson.deletedAt).not.toBeNull();
		if (v2()) expect(t.sandbox ? t.sandbox.state().objects.person.softDeleted : 1).toBeGreaterThan(0);
	});

	it('[TWENTY.md §2, rec v1.5 09e] destroyPerson(id) destroys, soft-deleted rows included', async () => {
		const p = data(await t.post('/rest/people', {}));
		await t.gql('mutation($id: UUID!){ deletePerson(id: $id){ id } }', { id: p.id });
		const r = await t.gql('mutation($id: UUID!){ destroyPerson(id: $id){ id } }', { id: p.id });
		expect(r.body).toEqual({ data: { destroyPerson: { id: p.id } } });
	});

	it('[TWENTY.md §2] destroyPeople(filter) and deletePeople(filter) act on every match', async () => {
		const tag = uniq('gd');
		await t.post('/rest/batch/people', [{ jobTitle: tag }, { jobTitle: tag }]);
		const soft = await t.gql(`mutation { deletePeople(filter: { jobTitle: { eq: "${tag}" } }) { id } }`);
		expect(soft.body.data.deletePeople).toHaveLength(2);
		const hard = await t.gql(`mutation { destroyPeople(filter: { jobTitle: { eq: "${tag}" }, deletedAt: { is: NOT_NULL } }) { id } }`);
		expect(hard.body.data.destroyPeople).toHaveLength(v2() ? 2 : 0);
	});

	it('[TWENTY.md §2] updatePerson(id, data) and restorePerson(id)', async () => {
		const p = data(await t.post('/rest/people', {}));
		const u = await t.gql('mutation($id: UUID!){ updatePerson(id: $id, data: { jobTitle: "gql" }){ jobTitle } }', { id: p.id });
		expect(u.body.data.updatePerson.jobTitle).toBe('gql');
		await t.gql('mutation($id: UUID!){ deletePerson(id: $id){ id } }', { id: p.id });
		const r = await t.gql('mutation($id: UUID!){ restorePerson(id: $id){ id deletedAt } }', { id: p.id });
		expect(r.body.data.restorePerson.deletedAt).toBeNull();
	});

	it('[TWENTY.md §1.6] a data error (duplicate email) is an HTTP 200 with errors[] and a null field', async () => {
		const e = email();
		await t.post('/rest/people', { emails: { primaryEmail: e } });
		const r = await t.gql(`mutation { createPerson(data: { emails: { primaryEmail: "${e}" } }) { id } }`);
		expect(r.status).toBe(200);
		expect(r.body.data.createPerson).toBeNull();
		expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
	});

	it('[sandbox subset] fragments and unknown root fields are GraphQL errors in an HTTP 200', async () => {
		const frag = await t.gql('query { people { ...F } } fragment F on Person { id }');
		expect(frag.status).toBe(200);
		expect(frag.body.errors).toHaveLength(1);
	});

	it('[TWENTY.md §2] nested selections: company on a person, __typename', async () => {
		const co = data(await t.post('/rest/companies', { name: uniq('GCo') }));
		const p = data(await t.post('/rest/people', { companyId: co.id }));
		const r = await t.gql(`{ person(filter: { id: { eq: "${p.id}" } }) { __typename id company { id name } } }`);
		expect(r.body.data.person).toEqual({ __typename: 'Person', id: p.id, company: { id: co.id, name: co.name } });
	});
});
