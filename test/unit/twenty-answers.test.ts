// The production Twenty client reads every answer real servers gave (the recordings of v1.5, the
// v2.19 and v2.20 forks) through its zod schemas, and an answer of another shape stops with a
// FerryError that names the request and what was missing. No server: a fetch answers as recorded.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../src/lib/server/errors.js';
import { createTwentyClient, TwentyError, type TwentyClient } from '../../src/lib/server/twenty/index.js';
import { elidedCount, loadRecordings, type Exchange } from '../sandbox/recordings/load.js';

const answering = (status: number, body: unknown): TwentyClient =>
	createTwentyClient({
		url: 'http://twenty.test',
		apiKey: 'k',
		fetch: async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })
	});

/** The client call that makes the recorded request (null: Ferry's client has no such call). */
function callFor(x: Exchange, c: TwentyClient): (() => Promise<unknown>) | null {
	const url = new URL(x.path, 'http://twenty.test');
	const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
	const filter = url.searchParams.get('filter') ?? '';
	const body = x.request_body as Record<string, unknown>;
	const key = `${x.method} ${parts.slice(0, 3).join('/')}`;
	if (key === 'GET rest/metadata/objects') return () => c.metadata.listObjects();
	if (key === 'POST rest/metadata/objects') return () => c.metadata.createObject(body as never);
	if (key === 'POST rest/metadata/fields') return () => c.metadata.createField(body as never);
	if (key.startsWith('PATCH rest/metadata/fields')) return () => c.metadata.updateField(parts[3], body);
	if (parts[1] === 'metadata') return null; // deleting metadata: Ferry never does
	if (x.method === 'POST' && parts[0] === 'metadata' && String(x.note ?? x.file).match(/upload/i))
		return () => c.uploadFile({ data: new Uint8Array(1), filename: 'a.txt', fieldMetadataId: 'f' });
	if (x.method === 'POST' && (parts[0] === 'graphql' || parts[0] === 'metadata'))
		return () => c.graphql(String(body?.query ?? ''), z.record(z.string(), z.unknown()), {}, `/${parts[0]}` as '/graphql');
	if (parts[0] !== 'rest') return null; // file downloads
	if (parts[1] === 'batch') return () => c.createMany(parts[2], body as never);
	if (parts[1] === 'restore') return parts[3] ? () => c.restore(parts[2], parts[3]) : () => c.restoreMany(parts[2], filter);
	const [plural, id] = [parts[1], parts[2]];
	const calls: Record<string, () => Promise<unknown>> = id
		? { GET: () => c.get(plural, id), PATCH: () => c.update(plural, id, body), DELETE: () => c.delete(plural, id) }
		: { GET: () => c.list(plural), POST: () => c.create(plural, body), DELETE: () => c.deleteMany(plural, filter) };
	return calls[x.method] ?? null;
}

describe("every recorded answer reads through the client's schemas", () => {
	// How many recorded answers of each server the client has a call for: all of them are read.
	const answers: Record<string, number> = { 'v1.5-upstream': 19, 'v2.19-fork': 44, 'v2.20-fork': 22 };
	for (const [dir, expected] of Object.entries(answers))
		it(dir, async () => {
			let read = 0;
			for (const x of loadRecordings(dir).exchanges) {
				// Bodies the recorder shortened ("<60 records elided…>") hold no records to check.
				const inner = x.response_body?.data && Object.values(x.response_body.data)[0];
				if (elidedCount(inner) !== null) continue;
				const call = callFor(x, answering(x.status, x.response_body));
				if (!call) continue;
				const outcome = await call().then(
					(v) => ({ ok: v }),
					(e: unknown) => ({ err: e })
				);
				const label = `${x.file}: ${x.method} ${x.path}`;
				if (x.status < 300 && !x.response_body?.errors) {
					expect('ok' in outcome ? 'read' : String((outcome as { err: Error }).err.message), label).toBe('read');
					read++;
				} else expect((outcome as { err: unknown }).err, label).toBeInstanceOf(TwentyError);
			}
			expect(read).toBe(expected);
		});
});

async function refusal(p: Promise<unknown>): Promise<FerryError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(FerryError);
	expect((e as FerryError).status).toBe(502);
	return e as FerryError;
}

describe('an answer of another shape', () => {
	it('a batch create whose records lack an id names the request and the path', async () => {
		const e = await refusal(answering(201, { data: { createPeople: [{ id: 'a' }, { name: 'Ann' }] } }).createMany('people', [{}, {}]));
		expect(e.message).toMatch(/^Twenty's answer to POST \/rest\/batch\/people is not the shape Ferry reads: data\.createPeople\.1\.id: /);
		expect(e.message).not.toMatch(/Ann/); // field names only, never values
		expect(e.details).toMatchObject({ request: 'POST /rest/batch/people', issues: [{ path: ['data', 'createPeople', '1', 'id'] }] });
	});

	it('a list without its page, an object without fields, a body with no data', async () => {
		const list = await refusal(answering(200, { data: { people: [] } }).list('people'));
		expect(list.message).toMatch(/GET \/rest\/people .*pageInfo/);
		const objects = await refusal(
			answering(200, {
				data: { objects: [{ id: 'o', nameSingular: 'person', namePlural: 'people', labelSingular: 'P', labelPlural: 'P' }] },
				pageInfo: { hasNextPage: false }
			}).metadata.listObjects()
		);
		expect(objects.message).toMatch(/data\.objects\.0\.fields/);
		const html = await refusal(answering(200, '<html>a proxy page</html>').get('people', 'x'));
		expect(html.message).toMatch(/GET \/rest\/people\/x .*the body|data/);
		expect(html.message).toMatch(/Check that the target URL is a Twenty server/);
	});

	it('fields beyond the ones Ferry reads pass through untouched', async () => {
		const r = await answering(200, { data: { person: { id: 'p', name: { firstName: 'A' }, extra: [1] } } }).get('people', 'p');
		expect(r).toEqual({ id: 'p', name: { firstName: 'A' }, extra: [1] });
	});
});
