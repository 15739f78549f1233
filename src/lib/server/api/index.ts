// The Hono app behind /api. Routes are thin: parse with zod, call a module, answer.
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { log, since } from '../log/index.js';
import { requireToken, secureHeaders } from './auth.js';
import { bodyLimit } from 'hono/body-limit';
import { onError } from './errors.js';
import { cells } from './cells.js';
import { dedupeApi } from './dedupe.js';
import { delta } from './delta.js';
import { imports, jobs } from './imports.js';
import { profile } from './profile.js';
import { mapping } from './mapping.js';
import { loader } from './loader.js';
import { query } from './query.js';
import { rebuild } from './rebuild.js';
import { recipes, recipesList } from './recipes.js';
import { targetApi, type StartSandbox } from './target.js';
import { workspaces } from './workspaces.js';

const JSON_BODY_LIMIT = 32 * 1024 ** 2;

export interface ApiOptions {
	token: string;
	/** Origins other than the server's own that may call the API (none by default). */
	allowedOrigins?: string[];
	/** The local Twenty sandbox, when this server offers one (the composition passes sandbox/local.ts). */
	startSandbox?: StartSandbox;
}

export function createApi({ token, allowedOrigins = [], startSandbox }: ApiOptions): Hono {
	const app = new Hono().basePath('/api');
	// One debug line per request: the route PATTERN (never the URL: ids, names and query
	// strings stay out of the log), the status and the time. Refusals are logged too.
	app.use('*', async (c, next) => {
		const start = performance.now();
		await next();
		secureHeaders(c.res.headers);
		log.debug('api.request', { method: c.req.method, route: routePath(c, -1), status: c.res.status, ms: since(start) });
	});
	app.use('*', requireToken(token, allowedOrigins));
	// The HTTP server lets bodies of any size through (uploads stream to disk); every other
	// route takes a bounded body, refused with 413 and a sentence before it is read.
	const bounded = bodyLimit({
		maxSize: JSON_BODY_LIMIT,
		onError: (c) =>
			c.json(
				{ error: `the request body is over ${JSON_BODY_LIMIT / 1024 ** 2} MB; upload an export through the import panel instead` },
				413
			)
	});
	app.use('*', (c, next) => (c.req.method === 'POST' && /\/imports$/.test(c.req.path) ? next() : bounded(c, next)));
	app.onError(onError);
	app.notFound((c) => c.json({ error: `no API route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
	app.get('/health', (c) => c.json({ ok: true }));
	app.route('/workspaces', workspaces);
	app.route('/workspaces', imports);
	app.route('/workspaces', query);
	app.route('/workspaces', targetApi(startSandbox));
	app.route('/workspaces', mapping);
	app.route('/workspaces', loader);
	app.route('/workspaces', dedupeApi);
	app.route('/workspaces', cells);
	app.route('/workspaces', profile);
	app.route('/workspaces', rebuild);
	app.route('/workspaces', delta);
	app.route('/workspaces', recipes);
	app.route('/recipes', recipesList);
	app.route('/jobs', jobs);
	return app;
}

export type { StartSandbox } from './target.js';
export {
	TOKEN_COOKIE,
	tokenMatches,
	presentedToken,
	originAllowed,
	hostAllowed,
	fetchSiteAllowed,
	SECURITY_HEADERS,
	secureHeaders
} from './auth.js';
