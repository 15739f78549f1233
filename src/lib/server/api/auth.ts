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

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/**
 * The Host header must name this server: a loopback name, the address it listens on, the
 * host of ORIGIN, or one in FERRY_ALLOWED_HOSTS. A page whose DNS name was rebound to
 * 127.0.0.1 sends its own name and is refused. On --host 0.0.0.0 any IP address is fine
 * (rebinding needs a name).
 */
export function hostAllowed(host: string | undefined | null, env: NodeJS.ProcessEnv = process.env): boolean {
	if (!host) return false;
	let name: string;
	try {
		name = new URL(`http://${host}`).hostname.toLowerCase();
	} catch {
		return false;
	}
	if (LOOPBACK.test(name)) return true;
	const listen = (env.HOST ?? '').toLowerCase();
	if (listen && (name === listen || `[${listen}]` === name)) return true;
	if ((listen === '0.0.0.0' || listen === '::') && IP_LITERAL.test(name)) return true;
	if (env.ORIGIN && URL.canParse(env.ORIGIN) && new URL(env.ORIGIN).hostname.toLowerCase() === name) return true;
	return (env.FERRY_ALLOWED_HOSTS ?? '')
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter(Boolean)
		.includes(name);
}

/**
 * Fetch metadata: a browser says where a request comes from. Only this origin's own pages
 * (and a person typing the address: `none`) may read; another site, or another port on this
 * machine (`same-site`), may not, not even a no-cors GET. Non-browser clients send no header.
 * Pages also accept navigations, so a link to the workbench still opens it.
 */
export function fetchSiteAllowed(site: string | undefined | null, mode: string | undefined | null, page = false): boolean {
	if (!site || site === 'same-origin' || site === 'none') return true;
	return page && mode === 'navigate';
}

/** Headers on every answer: never framed, never sniffed, no referrer carrying a token. */
export const SECURITY_HEADERS: Record<string, string> = {
	'content-security-policy': "frame-ancestors 'none'",
	'x-frame-options': 'DENY',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer'
};

/** Sets SECURITY_HEADERS; a policy the answer already has (a download's default-src 'none') keeps its rules and gains frame-ancestors. */
export function secureHeaders(headers: Headers): void {
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
		const had = k === 'content-security-policy' ? headers.get(k) : null;
		headers.set(k, had && !had.includes('frame-ancestors') ? `${had}; ${v}` : (had ?? v));
	}
}

export function requireToken(token: string, allowedOrigins: string[] = []): MiddlewareHandler {
	return async (c, next) => {
		if (!hostAllowed(c.req.header('host') ?? new URL(c.req.url).host)) {
			return c.json({ error: 'the Host header does not name this server: refused' }, 403);
		}
		if (!originAllowed(c.req.header('origin'), c.req.url, allowedOrigins)) {
			return c.json({ error: 'request from a foreign origin refused' }, 403);
		}
		if (!fetchSiteAllowed(c.req.header('sec-fetch-site'), c.req.header('sec-fetch-mode'))) {
			return c.json({ error: 'request from another site or port refused (Sec-Fetch-Site)' }, 403);
		}
		if (!tokenMatches(presentedToken(c.req.header('authorization'), getCookie(c, TOKEN_COOKIE)), token)) {
			return c.json({ error: 'missing or wrong access token: open the URL Ferry printed at start' }, 401);
		}
		await next();
	};
}
