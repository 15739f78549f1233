// Batches, runs and rollback (issue 7). Thin: zod in, loader module out; a loader refusal is a
// FerryError with its own status (404 unknown, 409 wrong state such as an unapproved batch).
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';

import { startJob } from '../jobs/index.js';
import {
	acknowledgeLosses,
	activeRun,
	approveBatch,
	batchLosses,
	batchRecords,
	excludeRecords,
	fixRecord,
	freezeBatches,
	freezeSample,
	getRun,
	listBatches,
	listRuns,
	readBack,
	readPlan,
	reportCsv,
	reportHtml,
	linkCounts,
	resumeRun,
	rollbackRun,
	runCounts,
	runFailures,
	stagedDiff,
	startRun,
	validationReport,
	workspaceClientFactory
} from '../loader/index.js';
import type { Workspace } from '../db/index.js';
import { parseJson, parseQuery, plain, workspaceOf } from './util.js';
import { FerryError } from '../errors.js';
import * as L from '../../shared/contracts/loader.js';

export const loader = new Hono();

type Handler = (c: Context, ws: Workspace) => Promise<Response>;

/** Runs a handler with its workspace. */
const h = (fn: Handler) => async (c: Context) => fn(c, await workspaceOf(c));

const Id = L.Id;
const idOf = (c: Context, name: string) => {
	const r = Id.safeParse(c.req.param(name));
	if (!r.success) throw new FerryError(`${name}: give a positive integer`);
	return r.data;
};

const objectsOf = async (ws: Workspace) => (await workspaceClientFactory(ws)(fetch)).metadata.listObjects();

loader.get(
	'/:ws/loader/batches',
	h(async (c, ws) => c.json(plain(await listBatches(ws))))
);

loader.post(
	'/:ws/loader/batches',
	h(async (c, ws) => {
		const body = await parseJson(c, L.FreezeRequest);
		if (body.sample && body.plurals) throw new FerryError('give either plurals or sample, not both');
		const objects = await objectsOf(ws);
		return c.json(plain(body.sample ? await freezeSample(ws, objects, body.sample) : await freezeBatches(ws, objects, body.plurals)), 201);
	})
);

loader.get(
	'/:ws/loader/batches/:id/records',
	h(async (c, ws) => {
		const q = parseQuery(c, L.RecordsQuery);
		return c.json(plain(await batchRecords(ws, idOf(c, 'id'), q)));
	})
);

loader.post(
	'/:ws/loader/batches/:id/approve',
	h(async (c, ws) => {
		const body = await parseJson(c, L.ApproveRequest);
		return c.json(plain(await approveBatch(ws, idOf(c, 'id'), body.by, { acknowledgeLosses: body.acknowledgeLosses })));
	})
);

/** What the map lost for a batch, per field and reason (counts, no values). */
loader.get(
	'/:ws/loader/batches/:id/losses',
	h(async (c, ws) => c.json(plain(await batchLosses(ws, idOf(c, 'id')))))
);

loader.post(
	'/:ws/loader/batches/:id/acknowledge',
	h(async (c, ws) => {
		const body = await parseJson(c, L.AcknowledgeRequest);
		return c.json(plain(await acknowledgeLosses(ws, idOf(c, 'id'), body.by)));
	})
);

loader.post(
	'/:ws/loader/batches/:id/exclude',
	h(async (c, ws) => {
		const body = await parseJson(c, L.ExcludeRequest);
		return c.json(plain(await excludeRecords(ws, idOf(c, 'id'), body.sourceKeys, body.reason)));
	})
);

loader.put(
	'/:ws/loader/batches/:id/records/:key',
	h(async (c, ws) => {
		const { payload } = await parseJson(c, L.FixRequest);
		return c.json(plain(await fixRecord(ws, idOf(c, 'id'), decodeURIComponent(c.req.param('key')!), payload, await objectsOf(ws))));
	})
);

const RunBody = L.RunRequest;

loader.get(
	'/:ws/loader/runs',
	h(async (c, ws) => c.json(plain(await listRuns(ws))))
);

loader.post(
	'/:ws/loader/runs',
	h(async (c, ws) => {
		const body = await parseJson(c, RunBody);
		const run = await startRun(ws, body.batchIds, { settings: body.settings });
		void run.done;
		return c.json({ runId: run.runId }, 201);
	})
);

loader.get(
	'/:ws/loader/runs/:id',
	h(async (c, ws) => {
		const id = idOf(c, 'id');
		// Live first: a run writes its end status before it leaves the active list, so a run read
		// as not live afterwards is read with its end status, never as 'running' with no live.
		const live = activeRun(ws, id)?.progress() ?? null;
		const run = await getRun(ws, id);
		return c.json(
			plain({
				run,
				counts: await runCounts(ws, id),
				links: await linkCounts(ws, id),
				failures: await runFailures(ws, id),
				live
			})
		);
	})
);

loader.post(
	'/:ws/loader/runs/:id/resume',
	h(async (c, ws) => {
		const body = await parseJson(c, L.ResumeRequest);
		const run = await resumeRun(ws, idOf(c, 'id'), { settings: body.settings });
		void run.done;
		return c.json({ runId: run.runId });
	})
);

for (const action of ['pause', 'continue', 'cancel'] as const)
	loader.post(
		`/:ws/loader/runs/:id/${action}`,
		h(async (c, ws) => {
			const run = activeRun(ws, idOf(c, 'id'));
			if (!run) throw new FerryError(`run ${c.req.param('id')} is not running in this server`, 409);
			if (action === 'pause') run.pause();
			else if (action === 'continue') run.resume();
			else run.cancel();
			return c.json(run.progress());
		})
	);

loader.post(
	'/:ws/loader/runs/:id/rollback',
	h(async (c, ws) => {
		const id = idOf(c, 'id');
		const { settings } = await parseJson(c, L.RollbackRequest);
		await getRun(ws, id);
		if (activeRun(ws, id)) throw new FerryError(`run ${id} is still running: cancel it first`, 409);
		const job = startJob('rollback', ws.name, () => rollbackRun(ws, id, { settings }));
		return c.json({ jobId: job.id }, 202);
	})
);

/** Live progress as server-sent events: one `progress` event every half second until the run ends. */
loader.get(
	'/:ws/loader/runs/:id/events',
	h(async (c, ws) => {
		const id = idOf(c, 'id');
		await getRun(ws, id);
		return streamSSE(c, async (stream) => {
			for (;;) {
				const run = activeRun(ws, id);
				const data = run ? run.progress() : { runId: id, status: (await getRun(ws, id)).status, objects: plain(await runCounts(ws, id)) };
				await stream.writeSSE({ event: 'progress', data: JSON.stringify(data) });
				if (!run || stream.aborted) return;
				await stream.sleep(500);
			}
		});
	})
);

/** Reads Twenty back (paced, as a job): every planned object, or the ones named. */
loader.post(
	'/:ws/loader/readback',
	h(async (c, ws) => {
		const body = await parseJson(c, L.ReadbackRequest);
		const plurals = body.plurals ?? (await readPlan(ws)).map((p) => p.plural);
		const job = startJob('readback', ws.name, () => readBack(ws, plurals, { settings: body.settings }));
		return c.json({ jobId: job.id }, 202);
	})
);

loader.get(
	'/:ws/loader/report',
	h(async (c, ws) => {
		const { format, runs } = parseQuery(c, L.ReportQuery);
		const r = await validationReport(ws, { runIds: runs });
		const name = `ferry-validation-${ws.name}`;
		if (format === 'csv')
			return c.body(reportCsv(r), 200, {
				'Content-Type': 'text/csv; charset=utf-8',
				'Content-Disposition': `attachment; filename="${name}.csv"`
			});
		if (format === 'html')
			return c.body(reportHtml(r, ws.name), 200, {
				'Content-Type': 'text/html; charset=utf-8',
				'Content-Disposition': `attachment; filename="${name}.html"`
			});
		return c.json(r);
	})
);

loader.get(
	'/:ws/loader/diff',
	h(async (c, ws) => {
		const q = parseQuery(c, L.DiffQuery);
		const plurals = [...(q.plural ? [q.plural] : []), ...(q.plurals?.split(',') ?? [])];
		return c.json(await stagedDiff(ws, { plurals: plurals.length ? plurals : undefined, limit: q.limit, runIds: q.runs }));
	})
);
