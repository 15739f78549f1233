// Duplicate patients: settings with pair counts, runs, the review queue, decisions, undo, auto-merge.
import { Hono } from 'hono';
import * as dedupe from '../dedupe/index.js';
import { FerryError } from '../errors.js';
import { parseJson, parseQuery, plain, workspaceOf } from './util.js';
import * as D from '../../shared/contracts/dedupe.js';

export const dedupeApi = new Hono();

dedupeApi.get('/:ws/dedupe/settings', async (c) => c.json(plain(await dedupe.settingsView(await workspaceOf(c)))));

dedupeApi.put('/:ws/dedupe/settings', async (c) => {
	const ws = await workspaceOf(c);
	await dedupe.ensureDedupe(ws);
	return c.json(await dedupe.saveSettings(ws, await parseJson(c, D.DedupeSettings)));
});

dedupeApi.post('/:ws/dedupe/counts', async (c) => {
	const body = await parseJson(c, D.CountsRequest);
	return c.json(plain(await dedupe.ruleCounts(await workspaceOf(c), body.settings)));
});

dedupeApi.post('/:ws/dedupe/run', async (c) => c.json(await dedupe.runDedupe(await workspaceOf(c))));

/** Whether a run exists, so the review screen asks for the queue only when there is one. */
dedupeApi.get('/:ws/dedupe/status', async (c) => c.json({ ran: await dedupe.hasRun(await workspaceOf(c)) }));

const QueueQuery = D.QueueQuery;

dedupeApi.get('/:ws/dedupe/queue', async (c) => {
	const ws = await workspaceOf(c);
	const q = parseQuery(c, QueueQuery);
	await dedupe.requireRun(ws);
	return c.json(plain(await dedupe.queue(ws, q.filter, q.offset, q.limit)));
});

dedupeApi.get('/:ws/dedupe/clusters/:id', async (c) => {
	const ws = await workspaceOf(c);
	const id = D.ClusterId.parse(c.req.param('id'));
	await dedupe.requireRun(ws);
	return c.json(plain(await dedupe.clusterDetail(ws, id)));
});

dedupeApi.get('/:ws/dedupe/decisions', async (c) => {
	const { all } = parseQuery(c, D.DecisionsQuery);
	return c.json(plain(await dedupe.listDecisions(await workspaceOf(c), { all: all === 'true' })));
});

dedupeApi.post('/:ws/dedupe/decisions', async (c) => {
	const ws = await workspaceOf(c);
	await dedupe.requireRun(ws);
	return c.json(plain(await dedupe.decide(ws, await parseJson(c, D.Decision))), 201);
});

dedupeApi.post('/:ws/dedupe/undo', async (c) => {
	const { id } = await parseJson(c, D.UndoRequest);
	const undone = await dedupe.undo(await workspaceOf(c), id);
	if (!undone) throw new FerryError('nothing to undo: no active decision', 409);
	return c.json(plain(undone));
});

dedupeApi.get('/:ws/dedupe/auto-merge', async (c) => {
	const ws = await workspaceOf(c);
	await dedupe.requireRun(ws);
	const threshold = parseQuery(c, D.AutoMergeQuery).threshold ?? (await dedupe.loadSettings(ws)).autoMergeThreshold;
	return c.json({ threshold, clusters: await dedupe.autoMergeCount(ws, threshold) });
});

dedupeApi.post('/:ws/dedupe/auto-merge', async (c) => {
	const ws = await workspaceOf(c);
	await dedupe.requireRun(ws);
	const { threshold } = await parseJson(c, D.AutoMergeRequest);
	return c.json(await dedupe.autoMerge(ws, threshold));
});

dedupeApi.get('/:ws/dedupe/recipe', async (c) => c.json(await dedupe.exportRecipe(await workspaceOf(c))));

dedupeApi.post('/:ws/dedupe/recipe/replay', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(await dedupe.replayRecipe(ws, await parseJson(c, D.DedupeRecipe)));
});
