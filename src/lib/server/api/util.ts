import type { Context } from 'hono';
import { z } from 'zod';
import { openWorkspace, type Workspace } from '../db/index.js';
import { Paging, WorkspaceName } from '../../shared/contracts/common.js';

/** DuckDB counts arrive as bigint; JSON cannot carry them. Counts fit in a double. */
export function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

export { WorkspaceName, Paging };

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
