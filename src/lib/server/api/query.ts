// SQL results as paged Arrow IPC. Only a single SELECT is accepted here (the same check as a
// notebook cell's); the notebook is where views are defined.
import { Hono } from 'hono';
import { z } from 'zod';
import { selectPage } from '../cells/index.js';
import { parseJson, workspaceOf } from './util.js';

export const query = new Hono();

const QueryBody = z.object({
	sql: z.string().min(1, 'sql must not be empty'),
	offset: z.number().int().min(0).default(0),
	limit: z.number().int().min(1).max(100_000).default(1000)
});

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

query.post('/:ws/query', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, QueryBody);
	const page = await selectPage(ws, body.sql, { offset: body.offset, limit: body.limit });
	return new Response(page.ipc as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': ARROW_TYPE, 'x-total-rows': String(page.total), 'x-offset': String(page.offset), 'x-rows': String(page.rows) }
	});
});
