// REST metadata routes [TWENTY.md §5.1]: list and get objects and fields, create custom
// objects and fields. v1.5 rejects any query string on these paths (11a v1.5); v2 pages.
import type { Context } from 'hono';
import type { SandboxCore } from '../core.js';
import { badRequest, nestError } from '../http/errors.js';
import { createField, createObject } from '../metadata/create.js';
import { updateField } from '../metadata/update.js';
import { deleteField, deleteObject, updateObject } from '../metadata/remove.js';
import { fieldJson, listEnvelope, objectJson, type MetaView } from '../metadata/serialize.js';
import { readJson } from './body.js';

const view = (core: SandboxCore): MetaView => ({ profile: core.profile, registry: core.registry, workspaceId: core.options.workspaceId });

function invalidMetadataPath(url: URL, rest: string): Error {
	const shown = url.pathname + url.search;
	return nestError(
		400,
		`Query path '${shown}' invalid. Metadata path "${rest}" does not exist. Valid examples: /rest/metadata/fields or /rest/metadata/objects`,
		'Bad Request'
	);
}

export async function handleRestMetadata(c: Context, core: SandboxCore): Promise<Response> {
	const url = new URL(c.req.url);
	const [kind, id, ...extra] = url.pathname.split('/').filter(Boolean).slice(2);
	if ((kind !== 'objects' && kind !== 'fields') || extra.length) throw invalidMetadataPath(url, url.pathname.slice(15));
	if (core.profile.generation === 1 && url.search) throw invalidMetadataPath(url, `${kind}${url.search}`);
	const v = view(core);
	if (c.req.method === 'GET') return id ? getOne(c, v, kind, id) : list(c, v, kind, url.searchParams);
	if (c.req.method === 'POST' && !id) {
		const body = ((await readJson(c, core.options.maxFileSize)) ?? {}) as Record<string, unknown>;
		if (kind === 'objects')
			return c.json({ data: { createOneObject: objectJson(v, createObject(core, body), v.profile.name === 'v2.19', true) } }, 201);
		const { object, field } = createField(core, body);
		return c.json({ data: { createOneField: fieldJson(v, object, field, true) } }, 201);
	}
	// PATCH → updateOneField(input: {id, update: <body>}) [TWENTY.md §5.1].
	if ((c.req.method === 'PATCH' || c.req.method === 'PUT') && id && kind === 'fields') {
		const body = ((await readJson(c, core.options.maxFileSize)) ?? {}) as Record<string, unknown>;
		const { object, field } = updateField(core, id, body);
		return c.json({ data: { updateOneField: fieldJson(v, object, field, true) } });
	}
	if ((c.req.method === 'PATCH' || c.req.method === 'PUT') && id && kind === 'objects') {
		const body = ((await readJson(c, core.options.maxFileSize)) ?? {}) as Record<string, unknown>;
		return c.json({ data: { updateOneObject: objectJson(v, updateObject(core, id, body), true, true) } });
	}
	// DELETE answers the field or object as it was (v2.19 zz_cleanup_07, zz_cleanup_09).
	if (c.req.method === 'DELETE' && id && kind === 'fields') {
		const { object, field } = deleteField(core, id);
		return c.json({ data: { deleteOneField: fieldJson(v, object, field, true) } });
	}
	if (c.req.method === 'DELETE' && id && kind === 'objects')
		return c.json({ data: { deleteOneObject: objectJson(v, deleteObject(core, id), false, true) } });
	throw badRequest(`The Ferry sandbox does not implement ${c.req.method} ${url.pathname}`);
}

function list(c: Context, v: MetaView, kind: string, q: URLSearchParams): Response {
	const all =
		kind === 'objects'
			? v.registry.objects.map((o) => objectJson(v, o))
			: v.registry.objects.flatMap((o) => o.fields.map((f) => fieldJson(v, o, f)));
	let start = 0;
	const after = q.get('starting_after') ?? q.get('after');
	if (after) start = all.findIndex((x) => x.id === after) + 1;
	const limit = q.get('limit') ? Math.max(0, parseInt(q.get('limit')!, 10) || 0) : all.length;
	const page = all.slice(start, start + limit);
	const env = listEnvelope(v, kind, page, all.length - start);
	return c.json(env);
}

function getOne(c: Context, v: MetaView, kind: string, id: string): Response {
	if (kind === 'objects') {
		const o = v.registry.byId(id);
		if (!o) throw nestError(404, 'Object metadata not found', 'Not Found');
		return c.json({ data: { object: objectJson(v, o) } });
	}
	const found = v.registry.fieldById(id);
	if (!found) throw nestError(404, 'Field metadata not found', 'Not Found');
	return c.json({ data: { field: fieldJson(v, found.object, found.field) } });
}
