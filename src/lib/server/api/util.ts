import type { Context } from 'hono';
import { z } from 'zod';
import { openWorkspace, type Workspace } from '../db/index.js';

/** DuckDB counts arrive as bigint; JSON cannot carry them. Counts fit in a double. */
export function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

export const WorkspaceName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lower-case letters, digits, - or _ (at most 63)');

export function workspaceOf(c: Context): Promise<Workspace> {
	return openWorkspace(WorkspaceName.parse(c.req.param('ws')));
}

export function parseQuery<S extends z.ZodTypeAny>(c: Context, schema: S): z.infer<S> {
	return schema.parse(c.req.query());
}

export async function parseJson<S extends z.ZodTypeAny>(c: Context, schema: S): Promise<z.infer<S>> {
	let body: unknown;
	try {
		body = await c.req.json();
	} catch {
		body = undefined; // an empty or non-JSON body: the schema says what was expected
	}
	return schema.parse(body);
}

export const Paging = z.object({
	offset: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(10_000).default(100)
});
