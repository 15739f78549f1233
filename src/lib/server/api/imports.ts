// Import an export by server path or by upload. The import runs as a job; `?wait=true`
// answers with the result instead (the CLI and tests use it).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Workspace } from '../db/index.js';
import { importExport, type ImportProgress } from '../ingest/index.js';
import { safeEntryPath } from '../ingest/zip.js';
import { getJob, listJobs, startJob } from '../jobs/index.js';
import { ApiError } from './errors.js';
import { parseJson, plain, workspaceOf } from './util.js';

export const imports = new Hono();

const PathImport = z.object({ path: z.string().min(1, 'give the path of an export folder, .zip or file on this machine') });

/** Saves uploaded files into a fresh folder; a lone .zip is imported as the zip itself. */
async function saveUpload(ws: Workspace, files: File[]): Promise<{ source: string; cleanup: string }> {
	if (files.length === 0) throw new ApiError(400, 'files: upload at least one file (an export .zip or its CSV/XLSX/JSON files)');
	const dir = path.join(ws.dir, 'tmp', `upload-${randomBytes(6).toString('hex')}`);
	fs.mkdirSync(dir, { recursive: true });
	for (const f of files) {
		const target = safeEntryPath(dir, f.name);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, Buffer.from(await f.arrayBuffer()));
	}
	const lone = files.length === 1 && /\.zip$/i.test(files[0].name);
	return { source: lone ? safeEntryPath(dir, files[0].name) : dir, cleanup: dir };
}

imports.post('/:ws/imports', async (c) => {
	const ws = await workspaceOf(c);
	const wait = c.req.query('wait') === 'true';
	let source: string;
	let cleanup: string | null = null;
	let label: string;
	if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
		const body = await c.req.parseBody({ all: true });
		const files = ([] as unknown[]).concat(body['files'] ?? body['file'] ?? []).filter((f): f is File => f instanceof File);
		({ source, cleanup } = await saveUpload(ws, files));
		label = `upload: ${files.map((f) => f.name).slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`;
	} else {
		source = path.resolve((await parseJson(c, PathImport)).path);
		label = source;
	}
	const job = startJob<ImportProgress, unknown>('import', ws.name, async (report) => {
		try {
			return await importExport(ws, source, { onProgress: report, sourceLabel: label });
		} finally {
			if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
		}
	});
	if (!wait) return c.json({ job: job.id }, 202);
	while (job.status === 'running') await new Promise((r) => setTimeout(r, 50));
	if (job.status === 'failed') throw new ApiError(400, job.error ?? 'import failed');
	return c.json(plain(job.result), 201);
});

imports.get('/:ws/jobs', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain({ jobs: listJobs(ws.name) }));
});

export const jobs = new Hono();

jobs.get('/:id', (c) => {
	const job = getJob(c.req.param('id'));
	if (!job) throw new ApiError(404, `no job '${c.req.param('id')}' (jobs are kept while the server runs)`);
	return c.json(plain(job));
});
