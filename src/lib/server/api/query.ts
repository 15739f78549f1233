// SQL results as paged Arrow IPC. Only a single read-only query is accepted here; the
// notebook (cells) is where views are defined.
import { Hono } from 'hono';
import { z } from 'zod';
import { queryArrow } from '../db/index.js';
import { ApiError } from './errors.js';
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
	const page = await ws.withConnection(async (conn) => {
		// DuckDB's own parser decides: json_serialize_sql serialises one SELECT and nothing else.
		const parsed = await conn.runAndReadAll(`select json_serialize_sql($1::varchar) as j`, [body.sql.trim().replace(/;+\s*$/, '')]);
		const tree = JSON.parse(String(parsed.getColumnsJS()[0][0])) as { error: boolean; error_message?: string; statements?: unknown[] };
		if (tree.error) throw new ApiError(400, `sql: ${tree.error_message ?? 'not a single SELECT query'}`);
		if ((tree.statements?.length ?? 0) !== 1) throw new ApiError(400, 'sql: send exactly one SELECT query');
		try {
			return await queryArrow(conn, body.sql, { offset: body.offset, limit: body.limit });
		} catch (err) {
			throw new ApiError(400, `sql: ${(err as Error).message}`);
		}
	});
	return new Response(page.ipc as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': ARROW_TYPE, 'x-total-rows': String(page.total), 'x-offset': String(page.offset), 'x-rows': String(page.rows) }
	});
});
