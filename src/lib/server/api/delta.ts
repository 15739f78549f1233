// Delta pickup: counts per table between two snapshots, and pages of new/changed/vanished records.
import { Hono } from 'hono';
import { z } from 'zod';
import { DeltaError, deltaMoves, deltaRecords, deltaSummary, detectDelta, pushDelta, rollbackDelta } from '../delta/index.js';
import { LoaderError } from '../loader/index.js';
import { ApiError } from './errors.js';
import { Paging, parseJson, parseQuery, plain, workspaceOf } from './util.js';

export const delta = new Hono();

const Pair = z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() });

async function answer<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof DeltaError || err instanceof LoaderError) throw new ApiError(409, err.message);
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

// What a delta push would move: per staged object, new / changed / unchanged since the last push.
delta.get('/:ws/delta/moves', async (c) => c.json(plain(await answer(async () => deltaMoves(await workspaceOf(c))))));

// Pushes new and changed records through the loader (one run per push step), undoable.
delta.post('/:ws/delta/push', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await answer(() => pushDelta(ws, { actor: 'analyst' }))));
});

delta.post('/:ws/delta/rollback', async (c) => {
	const ws = await workspaceOf(c);
	const { runIds } = await parseJson(c, z.object({ runIds: z.array(z.number().int().positive()).min(1, 'runIds: the runs of the delta push') }));
	return c.json(plain(await answer(() => rollbackDelta(ws, runIds, { actor: 'analyst' }))));
});

delta.get('/:ws/delta/:table', async (c) => {
	const ws = await workspaceOf(c);
	const q = parseQuery(c, Pair.extend(Paging.shape).extend({ change: z.enum(['new', 'changed', 'vanished'], 'change: use new, changed or vanished').optional() }));
	const table = z.string().regex(/^[a-z0-9_]+$/, 'table: a raw table name').parse(c.req.param('table'));
	return c.json(plain(await answer(() => deltaRecords(ws, { ...q, table }))));
});
