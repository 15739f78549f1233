// Hands /api to the Hono app and guards every page with the same token: the first visit
// carries ?token=…, which becomes an HttpOnly cookie and is stripped from the address bar.
import type { Handle } from '@sveltejs/kit';
import { createApi, originAllowed, TOKEN_COOKIE, tokenMatches } from '$lib/server/api';
import { serverToken } from '$lib/server/token';
import { log, since } from '$lib/server/log';

const token = serverToken();
const api = createApi({ token });

const LOCKED = `<!doctype html><meta charset="utf-8"><title>Ferry</title>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>Ferry needs its access token</h1>
<p>Open the address that <code>npm start</code> (or <code>ferry serve</code>) printed: it carries the token.
This workbench holds patient data and answers nobody without it.</p></body>`;

export const handle: Handle = async ({ event, resolve }) => {
	const { url, request } = event;
	if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return api.fetch(request);
	const start = performance.now();
	const response = await page({ event, resolve });
	// The route id (`/w/[ws]/load`), never the address: it may carry the token or a name.
	log.debug('page.request', { method: request.method, route: routeOf(event.route.id), status: response.status, ms: since(start) });
	return response;
};

/** `/w/[ws]/load` → `/w/:ws/load`, the logger's route-pattern shape; assets and unknown pages → `*`. */
function routeOf(id: string | null): string {
	return id ? id.replace(/\[\.{0,3}([a-zA-Z_]+)\]/g, ':$1') || '/' : '*';
}

const page: Handle = async ({ event, resolve }) => {
	const { url, request } = event;
	if (!originAllowed(request.headers.get('origin'), url.href)) return new Response('foreign origin refused', { status: 403 });
	const given = url.searchParams.get('token');
	if (given && tokenMatches(given, token)) {
		url.searchParams.delete('token');
		const cookie = event.cookies.serialize(TOKEN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: false });
		return new Response(null, { status: 303, headers: { location: url.pathname + url.search, 'set-cookie': cookie } });
	}
	if (!tokenMatches(event.cookies.get(TOKEN_COOKIE), token)) {
		return new Response(LOCKED, { status: 401, headers: { 'content-type': 'text/html; charset=utf-8' } });
	}
	return resolve(event);
};
