// Ferry's Twenty client against the sandbox (or a real Twenty, see test/sandbox/harness.ts).
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/lib/server/sandbox/index.js';
import { createTwentyClient, TwentyError, type TwentyClient } from '../../src/lib/server/twenty/index.js';
import { email, REAL, sandboxOnly, startTarget, uniq, type Target } from '../sandbox/harness.js';

let t: Target;
let client: TwentyClient;
beforeAll(async () => {
	t = await startTarget();
	client = createTwentyClient({ url: t.url, apiKey: t.apiKey });
});
afterAll(() => t.close());

async function failure(p: Promise<unknown>): Promise<TwentyError> {
	try {
		await p;
	} catch (err) {
		if (err instanceof TwentyError) return err;
		throw err;
	}
	throw new Error('expected a TwentyError');
}

describe('records', () => {
	it('create, get, update, soft delete, restore, destroy', async () => {
		const p = await client.create('people', { name: { firstName: 'Cli', lastName: 'Ent' }, emails: { primaryEmail: email() } });
		expect((await client.get('people', p.id)).id).toBe(p.id);
		expect((await client.update('people', p.id, { jobTitle: 'x' })).jobTitle).toBe('x');
		expect((await client.delete('people', p.id, { soft: true })).id).toBe(p.id);
		if (t.profile === 'v1.5') return; // v1.5 ignores soft_delete: the row is gone
		if (t.profile === 'current') expect((await client.restore('people', p.id)).deletedAt).toBeNull();
		else await client.restoreMany('people', `id[eq]:${p.id}`);
		expect(await client.delete('people', p.id)).toEqual({ id: p.id });
	});

	it('createMany with upsert is idempotent on client ids', async () => {
		const rows = [
			{ id: crypto.randomUUID(), jobTitle: 'a' },
			{ id: crypto.randomUUID(), jobTitle: 'b' }
		];
		const first = await client.createMany('people', rows, { upsert: true });
		const again = await client.createMany(
			'people',
			rows.map((r) => ({ ...r, jobTitle: 'c' })),
			{ upsert: true }
		);
		expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
		expect(again.map((r) => r.jobTitle)).toEqual(['c', 'c']);
	});

	it('list and listAll page with cursors', async () => {
		const tag = uniq('cl');
		await client.createMany(
			'people',
			Array.from({ length: 130 }, () => ({ jobTitle: tag }))
		);
		const page = await client.list('people', { filter: `jobTitle[eq]:${tag}`, limit: 50 });
		expect(page.records).toHaveLength(50);
		expect(page.totalCount).toBe(130);
		expect(page.pageInfo.hasNextPage).toBe(true);
		const all: string[] = [];
		for await (const r of client.listAll('people', { filter: `jobTitle[eq]:${tag}`, limit: 50 })) all.push(r.id);
		expect(new Set(all).size).toBe(130);
	});

	it('updateMany and deleteMany take a filter', async () => {
		const tag = uniq('um');
		await client.createMany('people', [{ jobTitle: tag }, { jobTitle: tag }]);
		expect(await client.updateMany('people', `jobTitle[eq]:${tag}`, { avatarUrl: 'x' })).toHaveLength(2);
		expect(await client.deleteMany('people', `jobTitle[eq]:${tag}`)).toHaveLength(2);
	});

	it('accepts the older response keys ({data:{people}} for a batch create)', async () => {
		const renaming: typeof fetch = async (input, init) => {
			const res = await fetch(input, init);
			const text = (await res.text()).replace('"createPeople"', '"people"');
			return new Response(text, { status: res.status, headers: res.headers });
		};
		const old = createTwentyClient({ url: t.url, apiKey: t.apiKey, fetch: renaming });
		expect(await old.createMany('people', [{ jobTitle: 'old' }])).toHaveLength(1);
	});
});

describe('errors', () => {
	it("a 400 throws a TwentyError with Twenty's messages", async () => {
		const e = await failure(client.create('people', { notAField: 1 }));
		expect(e.status).toBe(400);
		expect(e.messages[0]).toMatch(/notAField/);
	});

	it('not found and forbidden keep their status', async () => {
		expect((await failure(client.get('people', '00000000-0000-4000-8000-000000000000'))).status).toBe(t.profile === 'v1.5' ? 400 : 404);
		const bad = createTwentyClient({ url: t.url, apiKey: 'wrong' });
		expect((await failure(bad.list('people'))).status).toBe(403);
	});

	it('metadata validation errors surface their messages', async () => {
		const objects = await client.metadata.listObjects();
		const person = objects.find((o) => o.nameSingular === 'person')!;
		const e = await failure(client.metadata.createField({ objectMetadataId: person.id, type: 'TEXT', name: 'bad__name', label: 'x' }));
		expect(e.messages[0]).toMatch(/camelCase/);
	});

	it('GraphQL errors (HTTP 200) throw too', async () => {
		const e = await failure(client.graphql('{ notAThing { id } }', z.object({ notAThing: z.unknown() })));
		expect(e.status).toBe(200);
		expect(e.code).toBe('GRAPHQL_VALIDATION_FAILED');
	});
});

describe.skipIf(REAL)('pacing signals, no retries', () => {
	it('a 429 carries retryAfterMs from Retry-After (current) and none on v2.20; the client does not retry', async () => {
		for (const [profile, expected] of [
			['current', 1000],
			['v2.20', undefined]
		] as const) {
			const sb = createSandbox({ profile, faults: { failNth: [1], failStatus: 429 } });
			const server = await sb.listen();
			try {
				const c = createTwentyClient({ url: server.url, apiKey: sb.apiKey });
				const e = await failure(c.list('people'));
				expect([e.status, e.retryAfterMs]).toEqual([429, expected]);
				expect(sb.state().requests.total).toBe(1);
			} finally {
				await server.close();
			}
		}
	});

	it('a dropped connection is a TwentyError with status 0', async () => {
		const sb = createSandbox({ faults: { rateDrop: 1 } });
		const server = await sb.listen();
		try {
			const e = await failure(createTwentyClient({ url: server.url, apiKey: sb.apiKey }).list('people'));
			expect([e.status, e.code]).toEqual([0, 'NETWORK']);
		} finally {
			await server.close();
		}
	});
});

describe('metadata and files', () => {
	it('creates a custom object and a field on it', async () => {
		const name = uniq('visit').toLowerCase();
		const o = await client.metadata.createObject({
			nameSingular: name,
			namePlural: `${name}s`,
			labelSingular: 'Visit',
			labelPlural: 'Visits'
		});
		const f = await client.metadata.createField({ objectMetadataId: o.id, type: 'DATE', name: 'visitDate', label: 'Visit date' });
		expect(f.name).toBe('visitDate');
		expect((await client.create(`${name}s`, { name: 'V1', visitDate: '2024-05-01' })).visitDate).toBe('2024-05-01');
		expect((await client.metadata.listFields()).some((x) => x.id === f.id)).toBe(true);
	});

	sandboxOnly('uploads a file and links it as an attachment', async () => {
		if (t.profile === 'v1.5') return;
		const attachment = (await client.metadata.listObjects()).find((o) => o.nameSingular === 'attachment')!;
		const fileField = attachment.fields.find((f) => f.name === 'file')!;
		const up = await client.uploadFile({
			data: new TextEncoder().encode('hello'),
			filename: 'hello.txt',
			contentType: 'text/plain',
			fieldMetadataId: fileField.id
		});
		expect(up.size).toBe(5);
		const a = await client.create('attachments', { name: 'hello.txt', file: [{ fileId: up.id, label: 'hello.txt' }] });
		expect(a.file).toEqual([{ fileId: up.id, label: 'hello.txt', extension: 'txt' }]);
	});
});
