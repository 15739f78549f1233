// POST /graphql and POST /metadata. Supported subset (documented for Ferry's loader):
//  /graphql: <plural>(filter, orderBy, first, last, after, before), <singular>(filter),
//    create<Singular>(data, upsert), create<Plural>(data: [...], upsert), update<Singular>(id,
//    data), update<Plural>(filter, data), delete*/destroy*/restore* by id or filter, and on
//    v1.5 uploadFile(file, fileFolder).
//  /metadata: uploadFilesFieldFile(file, fieldMetadataId), createOneObject(input: {object}),
//    createOneField(input: {field}).
// Anything else is a GraphQL error in an HTTP 200 answer, as Twenty answers errors.
import type { Context } from 'hono';
import type { SandboxCore } from '../core.js';
import { ApiError } from '../http/errors.js';
import { graphqlLimitError } from '../http/limit-response.js';
import { createField, createObject } from '../metadata/create.js';
import { fieldJson, objectJson } from '../metadata/serialize.js';
import { readJson } from '../rest/body.js';
import { parseDocument, resolveValue, GqlSyntaxError, type GqlField, type GqlOperation } from './parse.js';
import { resolveRecordField } from './records.js';
import { GqlFieldError } from './select.js';
import { readMultipart, uploadFile, uploadFilesFieldFile } from './upload.js';

export type Endpoint = 'graphql' | 'metadata';

interface GqlError {
	message: string;
	path?: string[];
	extensions: Record<string, unknown>;
}

function toGqlError(err: unknown, key?: string): GqlError {
	const path = key ? { path: [key] } : {};
	if (err instanceof ApiError) return { message: err.message, ...path, extensions: { code: err.gqlCode } };
	if (err instanceof GqlFieldError) return { message: err.message, ...path, extensions: { code: err.code } };
	return { message: err instanceof Error ? err.message : String(err), ...path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

async function readBody(c: Context, core: SandboxCore): Promise<Record<string, unknown>> {
	if ((c.req.header('content-type') ?? '').includes('multipart/form-data')) return readMultipart(c.req.raw);
	return ((await readJson(c, core.options.maxFileSize)) ?? {}) as Record<string, unknown>;
}

function pickOperation(ops: GqlOperation[], name: unknown): GqlOperation {
	const op = typeof name === 'string' ? ops.find((o) => o.name === name) : ops.length === 1 ? ops[0] : undefined;
	if (!op)
		throw new GqlSyntaxError(
			typeof name === 'string' ? `Unknown operation named "${name}".` : 'Must provide operation name if query contains multiple operations.'
		);
	return op;
}

export async function handleGraphql(c: Context, core: SandboxCore, endpoint: Endpoint, throttled: boolean): Promise<Response> {
	const body = await readBody(c, core);
	if (typeof body.query !== 'string')
		return c.json({ errors: [{ message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST' } }] }, 400);
	let op: GqlOperation;
	try {
		op = pickOperation(parseDocument(body.query), body.operationName);
	} catch (err) {
		return c.json({ errors: [{ message: (err as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
	}
	if (throttled) {
		const limit = core.limiter.take();
		if (!limit.ok)
			return c.json({
				errors: [graphqlLimitError(core.profile, limit)],
				data: Object.fromEntries(op.selections.map((f) => [f.alias ?? f.name, null]))
			});
	}
	const vars = { ...defaults(op), ...((body.variables as Record<string, unknown>) ?? {}) };
	const origin = new URL(c.req.url).origin;
	const data: Record<string, unknown> = {};
	const errors: GqlError[] = [];
	for (const field of op.selections) {
		const key = field.alias ?? field.name;
		try {
			data[key] = await resolveRoot(core, endpoint, op.type, field, vars, origin);
		} catch (err) {
			errors.push(toGqlError(err, key));
			data[key] = null;
		}
	}
	return c.json(errors.length ? { errors, data } : { data });
}

function defaults(op: GqlOperation): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(op.variables)) if (v) out[k] = resolveValue(v, {});
	return out;
}

async function resolveRoot(
	core: SandboxCore,
	endpoint: Endpoint,
	type: 'query' | 'mutation',
	field: GqlField,
	vars: Record<string, unknown>,
	origin: string
): Promise<unknown> {
	if (field.name === '__typename') return type === 'query' ? 'Query' : 'Mutation';
	const args = Object.fromEntries(Object.entries(field.args).map(([k, v]) => [k, resolveValue(v, vars)]));
	if (endpoint === 'metadata') return resolveMetadataField(core, type, field, args, origin);
	if (type === 'mutation' && field.name === 'uploadFile' && core.profile.upload === 'uploadFile') return uploadFile(core, args);
	return resolveRecordField(core, type, field, args);
}

async function resolveMetadataField(core: SandboxCore, type: string, field: GqlField, args: Record<string, unknown>, origin: string) {
	const view = { profile: core.profile, registry: core.registry, workspaceId: core.options.workspaceId };
	const input = (args.input ?? {}) as Record<string, Record<string, unknown>>;
	if (type === 'mutation' && field.name === 'uploadFilesFieldFile' && core.profile.upload === 'uploadFilesFieldFile')
		return pickKeys(await uploadFilesFieldFile(core, args, origin), field.selections);
	if (type === 'mutation' && field.name === 'createOneObject')
		return pickKeys(objectJson(view, createObject(core, input.object ?? {}), false), field.selections);
	if (type === 'mutation' && field.name === 'createOneField') {
		const { object, field: f } = createField(core, input.field ?? {});
		return pickKeys(fieldJson(view, object, f, true), field.selections);
	}
	// The objects connection with each object's fields (how a client finds attachment.file's id: v2.19 q6_01).
	if (type === 'query' && field.name === 'objects')
		return project(
			{
				edges: core.registry.objects.map((o) => ({
					node: { ...objectJson(view, o, false), fields: { edges: o.fields.map((f) => ({ node: fieldJson(view, o, f) })) } }
				}))
			},
			field.selections
		);
	throw new GqlFieldError(`Cannot query field "${field.name}" on type "${type === 'query' ? 'Query' : 'Mutation'}".`);
}

/** A value cut to a nested selection set (lists element-wise). */
function project(value: unknown, sel: GqlField[] | null): unknown {
	if (!sel || value === null || typeof value !== 'object') return value ?? null;
	if (Array.isArray(value)) return value.map((v) => project(v, sel));
	const v = value as Record<string, unknown>;
	return Object.fromEntries(sel.map((s) => [s.alias ?? s.name, project(v[s.name] ?? null, s.selections)]));
}

function pickKeys(value: Record<string, unknown>, sel: GqlField[] | null): Record<string, unknown> {
	if (!sel) return value;
	return Object.fromEntries(sel.map((s) => [s.alias ?? s.name, value[s.name] ?? null]));
}
