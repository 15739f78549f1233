// Contract tests for the metadata API: TWENTY.md §9 fact 14 and §5.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, startTarget, uniq, type Target } from './harness.js';

let t: Target;
let personId = '';
let companyId = '';
beforeAll(async () => {
	t = await startTarget();
	const objects = data(await t.get('/rest/metadata/objects'));
	personId = objects.find((o: any) => o.nameSingular === 'person').id;
	companyId = objects.find((o: any) => o.nameSingular === 'company').id;
});
afterAll(() => t.close());
const v2 = () => t.profile !== 'v1.5';
const field = (body: Record<string, unknown>) => t.post('/rest/metadata/fields', { objectMetadataId: personId, ...body });
const messages = (r: { body: any }): string[] =>
	r.body.messages ?? Object.values(r.body.errors ?? {}).flatMap((g: any) => g.flatMap((e: any) => e.errors.map((x: any) => x.message)));

describe('§5.1 listing', () => {
	it('[TWENTY.md §5.1] GET /rest/metadata/objects lists objects with their fields (name, type)', async () => {
		const r = await t.get('/rest/metadata/objects');
		expect(r.status).toBe(200);
		const person = data(r).find((o: any) => o.nameSingular === 'person');
		expect(person.namePlural).toBe('people');
		const byName = Object.fromEntries(person.fields.map((f: any) => [f.name, f.type]));
		expect(byName).toMatchObject({ name: 'FULL_NAME', emails: 'EMAILS', phones: 'PHONES', jobTitle: 'TEXT', company: 'RELATION' });
	});

	it('[TWENTY.md §4.3] the nine objects Ferry uses are there', async () => {
		const names = data(await t.get('/rest/metadata/objects')).map((o: any) => o.nameSingular);
		for (const n of ['person', 'company', 'task', 'note', 'noteTarget', 'taskTarget', 'attachment', 'workspaceMember', 'opportunity'])
			expect(names).toContain(n);
	});

	it('[rec v2.20 11a / v1.5 11a] ?limit=2 pages on v2 (hasNextPage, totalCount); v1.5 rejects any query string', async () => {
		const r = await t.get('/rest/metadata/objects?limit=2');
		if (!v2()) {
			expect(r.status).toBe(400);
			expect(r.body.message).toMatch(/^Query path '\/rest\/metadata\/objects\?limit=2' invalid/);
			return;
		}
		expect(data(r)).toHaveLength(2);
		expect(r.body.pageInfo.hasNextPage).toBe(true);
		expect(r.body.totalCount).toBeGreaterThan(2);
	});

	it('[TWENTY.md §5.1] GET /rest/metadata/fields lists fields', async () => {
		const r = await t.get('/rest/metadata/fields');
		expect(r.status).toBe(200);
		expect(data(r).some((f: any) => f.name === 'emails')).toBe(true);
	});
});

describe('§9.14 custom fields', () => {
	it('[TWENTY.md §5.2, rec 12a] POST /rest/metadata/fields creates a TEXT field: 201 {data:{createOneField}}', async () => {
		const name = uniq('note').toLowerCase();
		const r = await field({ type: 'TEXT', name, label: 'Contract note' });
		expect(r.status).toBe(201);
		expect(r.body.data.createOneField).toMatchObject({ type: 'TEXT', name, label: 'Contract note' });
		const p = await t.post('/rest/people', { [name]: 'hello' });
		expect(data(p)[name]).toBe('hello');
	});

	it('[rec 12c] a duplicate field name is a 400 naming the name', async () => {
		const name = uniq('dup').toLowerCase();
		await field({ type: 'TEXT', name, label: 'x' });
		const r = await field({ type: 'TEXT', name, label: 'x' });
		expect(r.status).toBe(400);
		expect(messages(r)).toEqual([
			v2()
				? `Name "${name}" is not available as it is already used by another field`
				: `Name '${name}' is not available, check that it is not duplicating another field's name.`
		]);
		if (v2()) expect(r.body.error).toBe('METADATA_VALIDATION_ERROR');
	});

	it('[TWENTY.md §9.14] billingStatus__c is rejected: names must be camelCase ^[a-z][a-zA-Z0-9]*$', async () => {
		const r = await field({ type: 'TEXT', name: 'billingStatus__c', label: 'x' });
		expect(r.status).toBe(400);
		expect(messages(r)[0]).toMatch(/camelCase/);
	});

	it('[TWENTY.md §5.2] names longer than 63 characters and reserved names are rejected', async () => {
		expect((await field({ type: 'TEXT', name: `a${'b'.repeat(63)}`, label: 'x' })).status).toBe(400);
		expect((await field({ type: 'TEXT', name: 'addresses', label: 'x' })).status).toBe(400);
	});

	it('[TWENTY.md §5.2] a name clashing with a standard field is rejected', async () => {
		expect((await field({ type: 'TEXT', name: 'jobTitle', label: 'x' })).status).toBe(400);
	});

	it('[TWENTY.md §5.2, rec 12b/12d/12e] SELECT options: values UPPER_SNAKE, a tag colour; records must use one of them', async () => {
		const name = uniq('tier').toLowerCase();
		const r = await field({
			type: 'SELECT',
			name,
			label: 'Tier',
			defaultValue: "'GOLD'",
			options: [
				{ value: 'GOLD', label: 'Gold', color: 'yellow', position: 0 },
				{ value: 'SILVER', label: 'Silver', color: 'gray', position: 1 }
			]
		});
		expect(r.status).toBe(201);
		expect(r.body.data.createOneField.options.map((o: any) => o.value)).toEqual(['GOLD', 'SILVER']);
		expect(data(await t.post('/rest/people', {}))[name]).toBe('GOLD');
		expect(data(await t.post('/rest/people', { [name]: 'SILVER' }))[name]).toBe('SILVER');
		const bad = await t.post('/rest/people', { [name]: 'PLATINUM' });
		expect(bad.status).toBe(400);
		if (v2()) expect(bad.body.messages).toEqual([`Invalid value "PLATINUM" for field "${name}". Valid values are: GOLD, SILVER`]);
	});

	it('[TWENTY.md §5.2] option values must be UPPER_CASE snake_case, colours named, values unique', async () => {
		const opts = (o: Record<string, unknown>[]) => field({ type: 'SELECT', name: uniq('s').toLowerCase(), label: 'x', options: o });
		const lower = await opts([{ value: 'paid', label: 'Paid', color: 'green', position: 0 }]);
		expect(messages(lower)).toEqual(['Value must be in UPPER_CASE and follow snake_case']);
		expect((await opts([{ value: 'PAID', label: 'Paid', color: 'chartreuse', position: 0 }])).status).toBe(400);
		expect(
			(
				await opts([
					{ value: 'PAID', label: 'Paid', color: 'green', position: 0 },
					{ value: 'PAID', label: 'P', color: 'red', position: 1 }
				])
			).status
		).toBe(400);
	});

	it('[TWENTY.md §5.2] CURRENCY, MULTI_SELECT, EMAILS, LINKS custom fields take their composite shapes', async () => {
		const base = uniq('c').toLowerCase();
		await field({ type: 'CURRENCY', name: `${base}Fee`, label: 'Fee' });
		await field({
			type: 'MULTI_SELECT',
			name: `${base}Tags`,
			label: 'Tags',
			options: [
				{ value: 'A', label: 'A', color: 'red', position: 0 },
				{ value: 'B', label: 'B', color: 'blue', position: 1 }
			]
		});
		await field({ type: 'LINKS', name: `${base}Site`, label: 'Site' });
		const r = data(
			await t.post('/rest/people', {
				[`${base}Fee`]: { amountMicros: 2_000_000, currencyCode: 'EUR' },
				[`${base}Tags`]: ['A', 'B'],
				[`${base}Site`]: { primaryLinkUrl: 'https://a.example' }
			})
		);
		expect(r[`${base}Fee`]).toEqual({ amountMicros: 2_000_000, currencyCode: 'EUR' });
		expect(r[`${base}Tags`]).toEqual(['A', 'B']);
		expect(r[`${base}Site`].primaryLinkUrl).toBe('https://a.example');
	});

	it('[TWENTY.md §1.4] a custom isUnique field is an upsert match key', async () => {
		const name = uniq('ext').toLowerCase();
		await field({ type: 'TEXT', name, label: 'External id', isUnique: true });
		const a = data(await t.post('/rest/people', { [name]: 'CP-1' }));
		expect((await t.post('/rest/people', { [name]: 'CP-1' })).status).toBe(400);
		const up = data(await t.post('/rest/people?upsert=true', { [name]: 'CP-1', jobTitle: 'matched' }));
		expect(up.id).toBe(a.id);
	});

	it('[TWENTY.md §5.2] RELATION with relationCreationPayload creates the <name>Id join column and the inverse field', async () => {
		const name = uniq('ref').toLowerCase();
		const r = await field({
			type: 'RELATION',
			name,
			label: 'Referrer',
			relationCreationPayload: {
				targetObjectMetadataId: companyId,
				targetFieldLabel: `${name} Patients`,
				targetFieldIcon: 'IconUsers',
				type: 'MANY_TO_ONE'
			}
		});
		expect(r.status).toBe(201);
		const co = data(await t.post('/rest/companies', { name: 'Clinic' }));
		const p = data(await t.post('/rest/people', { [`${name}Id`]: co.id }));
		expect(p[`${name}Id`]).toBe(co.id);
		const objects = data(await t.get('/rest/metadata/objects'));
		const company = objects.find((o: any) => o.nameSingular === 'company');
		expect(company.fields.some((f: any) => f.name === `${name}Patients` && f.type === 'RELATION')).toBe(true);
	});
});

describe('§9.14 custom objects', () => {
	it('[TWENTY.md §5.2] POST /rest/metadata/objects creates an object served at /rest/<namePlural> with a name field', async () => {
		const base = uniq('invoice').toLowerCase();
		const r = await t.post('/rest/metadata/objects', {
			nameSingular: base,
			namePlural: `${base}s`,
			labelSingular: 'Invoice',
			labelPlural: 'Invoices',
			icon: 'IconFileInvoice'
		});
		expect(r.status).toBe(201);
		const objectId = r.body.data.createOneObject.id;
		const created = await t.post(`/rest/${base}s`, { name: 'INV-1' });
		expect(created.status).toBe(201);
		expect(data(created)).toMatchObject({ name: 'INV-1', deletedAt: null });
		const batch = await t.post(`/rest/batch/${base}s`, [{ name: 'INV-2' }]);
		expect(batch.body.data[`create${base[0].toUpperCase()}${base.slice(1)}s`]).toHaveLength(1);
		const f = await t.post('/rest/metadata/fields', { objectMetadataId: objectId, type: 'NUMBER', name: 'amount', label: 'Amount' });
		expect(f.status).toBe(201);
	});

	it('[TWENTY.md §4.3] notes can target a custom object (target<Object>Id on v2, <object>Id on v1.5)', async () => {
		const base = uniq('pet').toLowerCase();
		await t.post('/rest/metadata/objects', { nameSingular: base, namePlural: `${base}s`, labelSingular: 'Pet', labelPlural: 'Pets' });
		const pet = data(await t.post(`/rest/${base}s`, { name: 'Rex' }));
		const note = data(await t.post('/rest/notes', { title: 'vet' }));
		const column = v2() ? `target${base[0].toUpperCase()}${base.slice(1)}Id` : `${base}Id`;
		const nt = await t.post('/rest/noteTargets', { noteId: note.id, [column]: pet.id });
		expect(nt.status).toBe(201);
	});

	it('[TWENTY.md §5.2] object names follow the same rules: reserved or clashing names are rejected', async () => {
		expect(
			(await t.post('/rest/metadata/objects', { nameSingular: 'person', namePlural: 'persons', labelSingular: 'P', labelPlural: 'Ps' }))
				.status
		).toBe(400);
		expect(
			(await t.post('/rest/metadata/objects', { nameSingular: 'event', namePlural: 'eventItems', labelSingular: 'E', labelPlural: 'Es' }))
				.status
		).toBe(400);
	});
});
