// SQL results as paged Arrow IPC. Only a single SELECT is accepted here (the same check as a
// notebook cell's); the notebook is where views are defined.
import { Hono } from 'hono';
import { queryArrow } from '../db/index.js';
import { cleanSql, parseSelect } from '../cells/index.js';
import { ApiError } from './errors.js';
import { parseJson, workspaceOf } from './util.js';
import { ARROW_TYPE, QueryRequest } from '../../shared/contracts/notebook.js';

export const query = new Hono();

export { ARROW_TYPE };

query.post('/:ws/query', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, QueryRequest);
	const page = await ws.withConnection(async (conn) => {
		try {
			await parseSelect(conn, body.sql); // one SELECT and nothing else, by DuckDB's own parser
			return await queryArrow(conn, cleanSql(body.sql), { offset: body.offset, limit: body.limit });
		} catch (err) {
			throw new ApiError(400, `sql: ${(err as Error).message}`);
		}
	});
	return new Response(page.ipc as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': ARROW_TYPE, 'x-total-rows': String(page.total), 'x-offset': String(page.offset), 'x-rows': String(page.rows) }
	});
});
