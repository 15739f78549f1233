// SQL results as paged Arrow IPC. Only a single SELECT is accepted here (the same check as a
// notebook cell's); the notebook is where views are defined.
import { Hono } from 'hono';
import { selectPage } from '../cells/index.js';
import { parseJson, workspaceOf } from './util.js';
import { ARROW_TYPE, QueryRequest } from '../../shared/contracts/notebook.js';

export const query = new Hono();

export { ARROW_TYPE };

query.post('/:ws/query', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, QueryRequest);
	const page = await selectPage(ws, body.sql, { offset: body.offset, limit: body.limit });
	return new Response(page.ipc as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': ARROW_TYPE,
			'x-total-rows': String(page.total),
			'x-offset': String(page.offset),
			'x-rows': String(page.rows)
		}
	});
});
