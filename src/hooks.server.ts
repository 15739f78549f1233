// Hands /api to the Hono app and guards every page with the same token: the first visit
// carries ?token=…, which becomes an HttpOnly cookie and is stripped from the address bar.
import type { IncomingMessage } from 'node:http';
import type { Handle } from '@sveltejs/kit';
import { createApi, fetchSiteAllowed, hostAllowed, originAllowed, secureHeaders, TOKEN_COOKIE, tokenMatches } from '$lib/server/api';
import { serverToken } from '$lib/server/token';
import { log, since } from '$lib/server/log';
import { startLocalSandbox } from '$lib/server/sandbox/local';

const token = serverToken();
// The composition: the one place the web server chooses to offer the local sandbox.
const api = createApi({ token, startSandbox: startLocalSandbox });

const LOCKED = `<!doctype html><meta charset="utf-8"><title>Ferry</title>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>Ferry needs its access token</h1>
<p>Open the address that <code>npm start</code> (or <code>ferry serve</code>) printed: it carries the token.
This workbench holds patient data and answers nobody without it.</p></body>`;

export const handle: Handle = async ({ event, resolve }) => {
	const { url, request } = event;
	if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return apiCall(request, event.platform);
	const start = performance.now();
	const response = secured(await page({ event, resolve }));
	// The route id (`/w/[ws]/load`), never the address: it may carry the token or a name.
	log.debug('page.request', { method: request.method, route: routeOf(event.route.id), status: response.status, ms: since(start) });
	return response;
};

/**
 * A GET whose caller goes away (the page closed) aborts its request signal, so long work such
 * as a wide table's profile stops: SvelteKit aborts only requests whose body was cut short.
 */
async function apiCall(request: Request, platform: unknown): Promise<Response> {
	const socket = (platform as { req?: IncomingMessage } | undefined)?.req?.socket;
	if (!socket || (request.method !== 'GET' && request.method !== 'HEAD')) return api.fetch(request);
	const gone = new AbortController();
	const onClose = () => gone.abort();
	socket.once('close', onClose);
	try {
		return await api.fetch(new Request(request, { signal: AbortSignal.any([request.signal, gone.signal]) }));
	} finally {
		socket.off('close', onClose);
	}
}

/** Never framed (clickjacking), never sniffed; a response with frozen headers is copied. */
function secured(response: Response): Response {
	try {
		secureHeaders(response.headers);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		secureHeaders(copy.headers);
		return copy;
	}
}

/** `/w/[ws]/load` → `/w/:ws/load`, the logger's route-pattern shape; assets and unknown pages → `*`. */
function routeOf(id: string | null): string {
	return id ? id.replace(/\[\.{0,3}([a-zA-Z_]+)\]/g, ':$1') || '/' : '*';
}

/** The same page on this server: `//evil.example/` or `/\\evil.example` must not become an off-site location. */
function localPath(url: URL): string {
	return `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
}

const page: Handle = async ({ event, resolve }) => {
	const { url, request } = event;
	if (!hostAllowed(request.headers.get('host') ?? url.host))
		return new Response('the Host header does not name this server: refused', { status: 403 });
	if (!originAllowed(request.headers.get('origin'), url.href)) return new Response('foreign origin refused', { status: 403 });
	if (!fetchSiteAllowed(request.headers.get('sec-fetch-site'), request.headers.get('sec-fetch-mode'), true))
		return new Response('request from another site or port refused', { status: 403 });
	const given = url.searchParams.get('token');
	if (given && tokenMatches(given, token)) {
		url.searchParams.delete('token');
		// HttpOnly, same-site only, for this server's session: browsers do not keep cookies apart by port.
		const cookie = event.cookies.serialize(TOKEN_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'strict',
			secure: false,
			maxAge: 12 * 3600
		});
		return new Response(null, { status: 303, headers: { location: localPath(url), 'set-cookie': cookie } });
	}
	if (!tokenMatches(event.cookies.get(TOKEN_COOKIE), token)) {
		return new Response(LOCKED, { status: 401, headers: { 'content-type': 'text/html; charset=utf-8' } });
	}
	return resolve(event);
};
