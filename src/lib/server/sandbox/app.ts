// The Hono app: observation and faults, auth, sandbox control, files, REST, GraphQL.
import { Hono, type Context } from 'hono';
import { routePath } from 'hono/route';
import { errorKind, log } from '../log/index.js';
import { cors } from 'hono/cors';
import { controlRoutes } from './control/index.js';
import type { SandboxCore } from './core.js';
import { handleGraphql } from './graphql/index.js';
import { ApiError, auth, observe } from './http/index.js';
import { restLimitError } from './http/limit-response.js';
import { handleRestMetadata, handleRestRecords } from './rest/index.js';

function throttle(core: SandboxCore, applies: boolean): void {
	if (!applies) return;
	const r = core.limiter.take();
	if (!r.ok) throw restLimitError(core.profile, r);
}

function serveFile(c: Context, core: SandboxCore): Response {
	const url = new URL(c.req.url);
	const file = core.files.byPath(decodeURIComponent(url.pathname.slice('/files/'.length)));
	if (!file || url.searchParams.get('token') !== file.token)
		return c.json({ statusCode: 404, message: 'File not found', error: 'Not Found' }, 404);
	return new Response(new Uint8Array(file.data), { headers: { 'Content-Type': file.mimeType, 'Content-Length': String(file.size) } });
}

/** A files-field download by file id, as uploadFilesFieldFile's url names it. */
function serveFieldFile(c: Context, core: SandboxCore): Response {
	const file = core.files.files.get(c.req.param('id') ?? '');
	if (!file || c.req.query('token') !== file.token) return c.json({ statusCode: 404, message: 'File not found', error: 'Not Found' }, 404);
	return new Response(new Uint8Array(file.data), { headers: { 'Content-Type': file.mimeType, 'Content-Length': String(file.size) } });
}

function onError(err: Error, c: Context): Response {
	if (err instanceof ApiError) return c.json(err.body, err.status as 400, err.headers);
	// Unknown failures: Twenty answers 500 InternalServerErrorException. No PHI: class name only.
	log.error('sandbox.error', { method: c.req.method, route: routePath(c), kind: errorKind(err) });
	return c.json({ statusCode: 500, error: 'InternalServerErrorException', messages: ['Internal server error'] }, 500);
}

export function buildApp(core: SandboxCore): Hono {
	const app = new Hono();
	// Twenty answers Access-Control-Allow-Origin: * (every recording).
	app.use('*', cors({ origin: '*' }));
	app.use('*', observe(core));
	app.use('*', auth(core));
	app.route('/__sandbox', controlRoutes(core));
	app.get('/files/*', (c) => serveFile(c, core));
	app.get('/file/files-field/:id', (c) => serveFieldFile(c, core));
	app.all('/rest/metadata/*', (c) => {
		throttle(core, core.profile.throttlesMetadata);
		return handleRestMetadata(c, core);
	});
	app.all('/rest/*', (c) => {
		throttle(core, core.profile.throttlesRecords);
		return handleRestRecords(c, core);
	});
	app.all('/rest', (c) => handleRestRecords(c, core));
	app.post('/graphql', (c) => handleGraphql(c, core, 'graphql', true));
	app.post('/metadata', (c) => handleGraphql(c, core, 'metadata', core.profile.throttlesMetadata));
	app.notFound((c) =>
		c.json({ statusCode: 404, message: `Cannot ${c.req.method} ${new URL(c.req.url).pathname}`, error: 'Not Found' }, 404)
	);
	app.onError(onError);
	return app;
}
