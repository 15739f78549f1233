// Delta pickup: counts per table between two snapshots, and pages of new/changed/vanished records.
import { Hono } from 'hono';

import {
	deltaBatches,
	deltaMoves,
	deltaRecords,
	deltaSummary,
	detectDelta,
	freezeDelta,
	prepareDeltaPush,
	rollbackDelta
} from '../delta/index.js';
import { startJob } from '../jobs/index.js';
import { parseJson, parseQuery, plain, workspaceOf } from './util.js';
import * as DL from '../../shared/contracts/delta.js';

export const delta = new Hono();

const Pair = DL.Pair;

delta.get('/:ws/delta', async (c) => {
	const ws = await workspaceOf(c);
	const pair = parseQuery(c, Pair);
	return c.json(plain(await deltaSummary(ws, pair)));
});

delta.post('/:ws/delta', async (c) => {
	const ws = await workspaceOf(c);
	const pair = await parseJson(c, Pair.default({}));
	return c.json(plain(await detectDelta(ws, pair)));
});

// What a delta push would move: per staged object, new / changed / unchanged since the last push.
delta.get('/:ws/delta/moves', async (c) => c.json(plain(await deltaMoves(await workspaceOf(c)))));

// Freezes only the new and changed records into draft batches; a person approves them like any batch.
delta.post('/:ws/delta/freeze', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await freezeDelta(ws, { actor: 'analyst' })), 201);
});

delta.get('/:ws/delta/batches', async (c) => c.json(plain(await deltaBatches(await workspaceOf(c)))));

// Pushes the approved delta batches as a job (one run per step); the job's progress names the
// run under way so the page can follow it live. Refused (409) while a delta batch is unapproved.
delta.post('/:ws/delta/push', async (c) => {
	const ws = await workspaceOf(c);
	// Refused here (409), before a job starts, when nothing waits or a batch is unapproved.
	const push = await prepareDeltaPush(ws, { actor: 'analyst' });
	const job = startJob('delta.push', ws.name, async (report) => {
		const runIds: number[] = [];
		return plain(await push((id) => (runIds.push(id), report({ runIds: [...runIds] }))));
	});
	return c.json({ job: job.id }, 202);
});

// Undoes a delta push as a job: the page follows it where the button was pressed.
delta.post('/:ws/delta/rollback', async (c) => {
	const ws = await workspaceOf(c);
	const { runIds } = await parseJson(c, DL.RollbackRequest);
	const job = startJob('delta.rollback', ws.name, () => rollbackDelta(ws, runIds, { actor: 'analyst' }));
	return c.json({ job: job.id }, 202);
});

delta.get('/:ws/delta/:table', async (c) => {
	const ws = await workspaceOf(c);
	const q = parseQuery(c, DL.RecordsQuery);
	const table = DL.DeltaTable.parse(c.req.param('table'));
	return c.json(plain(await deltaRecords(ws, { ...q, table })));
});
