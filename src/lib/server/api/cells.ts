// Notebooks (files in cells/) and their results (views in the workspace, paged as Arrow).
import { Hono } from 'hono';
import {
	listNotebooks,
	notebookState,
	readNotebook,
	runNotebook,
	saveNotebook,
	viewPage,
	viewStats,
	workspaceSchema,
	type Notebook
} from '../cells/index.js';
import { ARROW_TYPE } from './query.js';
import { parseJson, parseQuery, plain, workspaceOf } from './util.js';
import * as N from '../../shared/contracts/notebook.js';

export const cells = new Hono();

const Save = N.SaveNotebook;
const Run = N.RunNotebook;

cells.get('/:ws/notebooks', (c) => c.json({ notebooks: listNotebooks() }));

cells.get('/:ws/notebooks/:name', async (c) => {
	const ws = await workspaceOf(c);
	const file = readNotebook(c.req.param('name'));
	const state = file.error ? [] : await notebookState(ws, file.name);
	return c.json(plain({ ...file, cells: state }));
});

cells.put('/:ws/notebooks/:name', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, Save);
	const content = 'text' in body ? { text: body.text } : { notebook: { blocks: body.blocks, eol: body.eol } as Notebook };
	const file = saveNotebook(c.req.param('name'), content, body.base);
	await ws.audit('cells.save', file.name, { cells: file.notebook ? file.notebook.blocks.filter((b) => b.kind === 'cell').length : 0 });
	return c.json(plain({ ...file, cells: file.error ? [] : await notebookState(ws, file.name) }));
});

cells.post('/:ws/notebooks/:name/run', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, Run);
	return c.json(plain(await runNotebook(ws, c.req.param('name'), { cell: body.cell })));
});

const ViewName = N.ViewName;
const Rows = N.RowsQuery;

cells.get('/:ws/views/:view/rows', async (c) => {
	const ws = await workspaceOf(c);
	const [schema, view] = ViewName.parse(c.req.param('view')).split('.');
	const q = parseQuery(c, Rows);
	// Filters arrive as f.<column>=<text>.
	const filters = Object.fromEntries(
		Object.entries(q)
			.filter(([k]) => k.startsWith('f.'))
			.map(([k, v]) => [k.slice(2), String(v)])
	);
	const page = await viewPage(ws, schema, view, {
		offset: q.offset,
		limit: q.limit,
		sort: q.sort,
		desc: q.desc === '1' || q.desc === 'true',
		filters
	});
	return new Response(page.ipc as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': ARROW_TYPE,
			'x-total-rows': String(page.total),
			'x-offset': String(page.offset),
			'x-rows': String(page.rows)
		}
	});
});

cells.get('/:ws/views/:view/stats', async (c) => {
	const ws = await workspaceOf(c);
	const [schema, view] = ViewName.parse(c.req.param('view')).split('.');
	return c.json(plain({ ...(await viewStats(ws, schema, view)), note: 'distinct counts are approximate (HyperLogLog)' }));
});

cells.get('/:ws/schema', async (c) => {
	const ws = await workspaceOf(c);
	return c.json({ tables: await workspaceSchema(ws) });
});
