// Import an export by server path or by upload (streamed to disk, any size). The import runs as a job; `?wait=true`
// answers with the result instead (the CLI and tests use it).
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';

import { FerryError } from '../errors.js';
import { importRootRefusal } from '../ingest/index.js';
import { importSnapshot } from '../snapshots/index.js';
import { saveMultipart } from '../uploads/index.js';
import { getJob, jobEnded, listJobs, startJob } from '../jobs/index.js';
import { parseJson, plain, workspaceOf } from './util.js';
import * as W from '../../shared/contracts/workspaces.js';

export const imports = new Hono();

imports.post('/:ws/imports', async (c) => {
	const ws = await workspaceOf(c);
	const wait = c.req.query('wait') === 'true';
	let source: string;
	let cleanup: string | null = null;
	let label: string;
	if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
		// Streamed to disk part by part: a real export (gigabytes of attachments) never sits in memory.
		const saved = await saveMultipart(path.join(ws.dir, 'tmp'), Object.fromEntries(c.req.raw.headers), c.req.raw.body as never);
		({ source, dir: cleanup } = saved);
		const files = saved.files;
		label = `upload: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`;
	} else {
		source = path.resolve((await parseJson(c, W.PathImport)).path);
		// Checked before anything is read, so the answer says nothing about what exists out there.
		const refusal = importRootRefusal(source);
		if (refusal) throw new FerryError(refusal, 403);
		label = source;
	}
	const job = startJob('import', ws.name, async (report) => {
		try {
			return await importSnapshot(ws, source, { onProgress: report, sourceLabel: label });
		} finally {
			if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
		}
	});
	if (!wait) return c.json({ job: job.id }, 202);
	await jobEnded(job);
	if (job.status === 'failed') throw new FerryError(job.error ?? 'import failed');
	return c.json(plain(job.result), 201);
});

imports.get('/:ws/jobs', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain({ jobs: listJobs(ws.name) }));
});

export const jobs = new Hono();

jobs.get('/:id', (c) => {
	const job = getJob(c.req.param('id'));
	if (!job) throw new FerryError(`no job '${c.req.param('id')}' (jobs are kept while the server runs)`, 404);
	return c.json(plain(job));
});
