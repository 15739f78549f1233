// REST record routes [TWENTY.md §1.1 table, §1.3 envelopes, §1.4 batch, §1.5 delete/restore].
import type { Context } from 'hono';
import type { SandboxCore } from '../core.js';
import { badRequest, restError } from '../http/errors.js';
import { capitalize } from '../metadata/names.js';
import type { ObjectMeta } from '../metadata/types.js';
import { notFound } from '../profiles/messages.js';
import { findMany, matchingRows } from '../query/find.js';
import type { RecordContext } from '../records/context.js';
import { createRecords, destroyRows, restoreRows, softDeleteRows, updateRecords } from '../records/mutations.js';
import { serializeRow, type SerializeOptions } from '../records/serialize.js';
import type { Row } from '../records/table.js';
import { readJson } from './body.js';
import { MUTATION_MAXIMUM_AFFECTED_RECORDS, isTrue, parseDepth, parseFields, parseFilter, parseLimit, parseOrderBy } from './params.js';
import { parseCorePath, type CoreRoute } from './path.js';

interface Req {
	c: Context;
	core: SandboxCore;
	ctx: RecordContext;
	route: CoreRoute;
	q: URLSearchParams;
	pathname: string;
}

const single = (o: ObjectMeta) => o.nameSingular;
const pluralKey = (o: ObjectMeta) => capitalize(o.namePlural);
const singularKey = (o: ObjectMeta) => capitalize(o.nameSingular);

export async function handleRestRecords(c: Context, core: SandboxCore): Promise<Response> {
	const url = new URL(c.req.url);
	const route = parseCorePath(url.pathname, core.registry, core.profile);
	const r: Req = { c, core, ctx: core.recordContext(), route, q: url.searchParams, pathname: url.pathname };
	const method = c.req.method === 'PUT' ? 'PATCH' : c.req.method;
	if (route.kind === 'batch' && method === 'POST') return createMany(r);
	if (route.kind === 'restore' && method === 'PATCH') return restore(r);
	if (route.kind === 'plain') {
		if (method === 'GET') return route.id ? findOne(r) : list(r);
		if (method === 'POST' && !route.id) return createOne(r);
		if (method === 'PATCH') return route.id ? updateOne(r) : updateMany(r);
		if (method === 'DELETE') return route.id ? deleteOne(r) : deleteMany(r);
	}
	return c.json({ statusCode: 404, message: `Cannot ${c.req.method} ${url.pathname}`, error: 'Not Found' }, 404);
}

function serializeOpts(r: Req): SerializeOptions {
	return {
		depth: parseDepth(r.q),
		fields: parseFields(r.q, r.core.registry.schema(single(r.route.object))),
		omitNull: isTrue(r.q, 'omit_null_values'),
		origin: new URL(r.c.req.url).origin
	};
}

const out = (r: Req, rows: Row[], opts: SerializeOptions = { depth: 0, origin: new URL(r.c.req.url).origin }) =>
	rows.map((row) => serializeRow(r.ctx, single(r.route.object), row, opts));

function list(r: Req): Response {
	const object = single(r.route.object);
	const limit = parseLimit(r.q, r.core.profile);
	const opts = serializeOpts(r);
	const found = findMany(r.core.store.table(object), r.core.registry.schema(object), {
		filter: parseFilter(r.q),
		orderBy: parseOrderBy(r.q),
		limit,
		after: r.q.get('starting_after') ?? undefined,
		before: r.q.get('ending_before') ?? undefined,
		allowDeleted: r.core.profile.deletedAtFilterFindsSoftDeleted
	});
	const data = { [r.route.object.namePlural]: out(r, found.rows, opts) };
	const { hasNextPage, hasPreviousPage, startCursor, endCursor, totalCount } = found;
	// Envelope order and keys as recorded: v1.5 01/08c, v2.20 07g/08c.
	if (r.core.profile.generation === 1) return r.c.json({ data, pageInfo: { hasNextPage, startCursor, endCursor }, totalCount });
	return r.c.json({ data, totalCount, pageInfo: { startCursor, endCursor, hasNextPage, hasPreviousPage } });
}

function liveRow(r: Req): Row {
	const row = r.core.store.get(single(r.route.object), r.route.id!);
	if (!row || row.deletedAt) throw notFound(r.core.profile);
	return row;
}

function findOne(r: Req): Response {
	const opts = serializeOpts(r);
	return r.c.json({ data: { [single(r.route.object)]: out(r, [liveRow(r)], opts)[0] } });
}

function assertWritable(r: Req, update = false): void {
	// Workspace members come from invites and sign-ups, not the API [TWENTY.md §4.3].
	if (r.route.object.nameSingular === 'workspaceMember' && !(update && r.core.profile.memberUpdate))
		throw r.core.profile.memberCreate === 'permission-denied'
			? restError(400, 'Error', 'Entity performing the request does not have permission', { code: 'PERMISSION_DENIED' })
			: restError(403, 'PermissionsException', 'Entity performing the request does not have permission.');
}

async function createOne(r: Req): Promise<Response> {
	assertWritable(r);
	const body = (await readJson(r.c, r.core.options.maxFileSize)) ?? {};
	const [row] = createRecords(r.ctx, single(r.route.object), [body], r.core.profile.restUpsert && isTrue(r.q, 'upsert'));
	return r.c.json({ data: { [`create${singularKey(r.route.object)}`]: out(r, [row])[0] } }, 201);
}

async function createMany(r: Req): Promise<Response> {
	assertWritable(r);
	const body = await readJson(r.c, r.core.options.maxFileSize);
	const p = r.core.profile;
	if (!Array.isArray(body))
		// v1.5 14d; v2.20 07f answers with the TypeError of its resolver.
		throw p.generation === 1 ? badRequest('Body must be an array') : restError(400, 'TypeError', 'args.data.forEach is not a function');
	if (body.length === 0 && p.rejectEmptyBatch) throw badRequest('Input must not be empty');
	if (p.batchMax !== null && body.length > p.batchMax) throw badRequest(`Maximum number of records to upsert is ${p.batchMax}.`);
	const rows = createRecords(r.ctx, single(r.route.object), body, r.core.profile.restUpsert && isTrue(r.q, 'upsert'));
	return r.c.json({ data: { [`create${pluralKey(r.route.object)}`]: out(r, rows) } }, 201);
}

async function updateOne(r: Req): Promise<Response> {
	assertWritable(r, true);
	const body = (await readJson(r.c, r.core.options.maxFileSize)) ?? {};
	const [row] = updateRecords(r.ctx, single(r.route.object), [liveRow(r)], body);
	return r.c.json({ data: { [`update${singularKey(r.route.object)}`]: out(r, [row])[0] } });
}

/** Rows a bulk mutation touches: filter mandatory, at most MUTATION_MAXIMUM_AFFECTED_RECORDS. */
function bulkRows(r: Req, op: string, withDeleted = false): Row[] {
	const filter = parseFilter(r.q);
	if (!filter) throw badRequest(`Filters are mandatory for bulk ${op} operations`);
	const object = single(r.route.object);
	const table = r.core.store.table(object);
	const schema = r.core.registry.schema(object);
	const rows = withDeleted
		? matchingRows(table, schema, { kind: 'and', items: [filter, { kind: 'cmp', path: ['deletedAt'], op: 'is', value: 'NOT_NULL' }] })
		: matchingRows(table, schema, filter);
	const max = r.core.profile.bulkMax ?? MUTATION_MAXIMUM_AFFECTED_RECORDS;
	if (rows.length > max) throw badRequest(`Maximum number of records to ${op} is ${max}.`);
	return rows;
}

async function updateMany(r: Req): Promise<Response> {
	assertWritable(r, true);
	const body = (await readJson(r.c, r.core.options.maxFileSize)) ?? {};
	const rows = updateRecords(r.ctx, single(r.route.object), bulkRows(r, 'update'), body);
	return r.c.json({ data: { [`update${pluralKey(r.route.object)}`]: out(r, rows) } });
}

const wantsSoft = (r: Req) => r.core.profile.honoursSoftDelete && isTrue(r.q, 'soft_delete');

function deleteOne(r: Req): Response {
	assertWritable(r);
	const object = single(r.route.object);
	const soft = wantsSoft(r);
	const row = r.core.store.get(object, r.route.id!);
	// A destroy also reaches soft-deleted rows (v2.20 09e); a soft delete only live ones.
	if (!row || (soft && row.deletedAt)) throw notFound(r.core.profile);
	const key = `delete${singularKey(r.route.object)}`;
	if (!soft) {
		destroyRows(r.ctx, object, [row]);
		return r.c.json({ data: { [key]: { id: row.id } } });
	}
	const [deleted] = softDeleteRows(r.ctx, object, [row]);
	const body = r.core.profile.softDeleteReturnsRecord ? out(r, [deleted])[0] : { id: row.id };
	return r.c.json({ data: { [key]: body } });
}

function deleteMany(r: Req): Response {
	assertWritable(r);
	const object = single(r.route.object);
	const soft = wantsSoft(r);
	const rows = bulkRows(r, soft ? 'delete' : 'destroy');
	const key = `delete${pluralKey(r.route.object)}`;
	if (!soft) {
		destroyRows(r.ctx, object, rows);
		return r.c.json({ data: { [key]: rows.map((row) => ({ id: row.id })) } });
	}
	const deleted = softDeleteRows(r.ctx, object, rows);
	const body = r.core.profile.softDeleteReturnsRecord ? out(r, deleted) : deleted.map((d) => ({ id: d.id }));
	return r.c.json({ data: { [key]: body } });
}

function restore(r: Req): Response {
	assertWritable(r);
	const object = single(r.route.object);
	if (r.route.id) {
		const row = r.core.store.get(object, r.route.id);
		if (!row) throw notFound(r.core.profile);
		const [restored] = restoreRows(r.ctx, object, [row]);
		return r.c.json({ data: { [`restore${singularKey(r.route.object)}`]: out(r, [restored])[0] } });
	}
	const rows = restoreRows(r.ctx, object, bulkRows(r, 'restore', true));
	return r.c.json({ data: { [`restore${pluralKey(r.route.object)}`]: out(r, rows) } });
}
