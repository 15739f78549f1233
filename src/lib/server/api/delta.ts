// Delta pickup: counts per table between two snapshots, and pages of new/changed/vanished records.
import { Hono } from 'hono';
import { z } from 'zod';
import { DeltaError, deltaRecords, deltaSummary, detectDelta } from '../delta/index.js';
import { ApiError } from './errors.js';
import { Paging, parseJson, parseQuery, plain, workspaceOf } from './util.js';

export const delta = new Hono();

const Pair = z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() });

async function answer<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof DeltaError) throw new ApiError(409, err.message);
		throw err;
	}
}

delta.get('/:ws/delta', async (c) => {
	const ws = await workspaceOf(c);
	const pair = parseQuery(c, Pair);
	return c.json(plain(await answer(() => deltaSummary(ws, pair))));
});

delta.post('/:ws/delta', async (c) => {
	const ws = await workspaceOf(c);
	const pair = await parseJson(c, Pair.default({}));
	return c.json(plain(await answer(() => detectDelta(ws, pair))));
});

delta.get('/:ws/delta/:table', async (c) => {
	const ws = await workspaceOf(c);
	const q = parseQuery(c, Pair.extend(Paging.shape).extend({ change: z.enum(['new', 'changed', 'vanished'], 'change: use new, changed or vanished').optional() }));
	const table = z.string().regex(/^[a-z0-9_]+$/, 'table: a raw table name').parse(c.req.param('table'));
	return c.json(plain(await answer(() => deltaRecords(ws, { ...q, table }))));
});
