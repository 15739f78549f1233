// Every /api call must carry the token printed at start (header or the cookie the first
// page visit sets), and a browser request from a foreign Origin is refused outright.
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

export const TOKEN_COOKIE = 'ferry_token';

export function tokenMatches(given: string | undefined | null, token: string): boolean {
	if (!given) return false;
	const a = Buffer.from(given);
	const b = Buffer.from(token);
	return a.length === b.length && timingSafeEqual(a, b);
}

export function presentedToken(header: string | undefined | null, cookie: string | undefined): string | undefined {
	const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
	return bearer ?? cookie;
}

/** Same-origin check: an Origin header, when present, must be this server's own. */
export function originAllowed(origin: string | undefined | null, requestUrl: string, extra: string[] = []): boolean {
	if (!origin) return true;
	return origin === new URL(requestUrl).origin || extra.includes(origin);
}

export function requireToken(token: string, allowedOrigins: string[] = []): MiddlewareHandler {
	return async (c, next) => {
		if (!originAllowed(c.req.header('origin'), c.req.url, allowedOrigins)) {
			return c.json({ error: 'request from a foreign origin refused' }, 403);
		}
		if (!tokenMatches(presentedToken(c.req.header('authorization'), getCookie(c, TOKEN_COOKIE)), token)) {
			return c.json({ error: 'missing or wrong access token: open the URL Ferry printed at start' }, 401);
		}
		await next();
	};
}
