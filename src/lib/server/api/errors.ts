// One place that turns a thrown error into a JSON answer with a message that names the problem.
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { ZodError } from 'zod';
import { WorkspaceError } from '../db/index.js';
import { ImportError, ZipError } from '../ingest/index.js';
import { errorKind, log } from '../log/index.js';
import { SnapshotError } from '../snapshots/index.js';
import { TargetError } from '../twenty/index.js';

export class ApiError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422,
		message: string
	) {
		super(message);
	}
}

export function zodMessage(err: ZodError): string {
	return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

export function onError(err: Error, c: Context): Response {
	if (err instanceof ZodError) return c.json({ error: zodMessage(err) }, 400);
	if (err instanceof ApiError) return c.json({ error: err.message }, err.status);
	if (err instanceof WorkspaceError) return c.json({ error: err.message }, err.status as 400);
	if (err instanceof ImportError || err instanceof ZipError) return c.json({ error: err.message }, 400);
	if (err instanceof SnapshotError) return c.json({ error: err.message }, err.status);
	// No usable target (none set, no key, a key file others can read): the person must fix it.
	if (err instanceof TargetError) return c.json({ error: err.message }, 409);
	// Unknown failures: the message may quote data (DuckDB's do), so the log gets the kind only.
	log.error('api.error', { method: c.req.method, route: routePath(c), kind: errorKind(err) });
	return c.json({ error: `internal error (${err.name}); the server log has the request` }, 500);
}
