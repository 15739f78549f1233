// Bearer API key [TWENTY.md §1.1]. Missing or wrong key: 403, as recorded in
// 14a_get_people_no_auth (not 401). The wrong-key message is unrecorded.
import type { MiddlewareHandler } from 'hono';
import type { SandboxCore } from '../core.js';
import { forbidden } from '../profiles/messages.js';

export function auth(core: SandboxCore): MiddlewareHandler {
	return async (c, next) => {
		if (/^\/files?\//.test(new URL(c.req.url).pathname)) return next(); // signed file URLs carry their own token
		const header = c.req.header('authorization') ?? '';
		const m = /^Bearer\s+(.+)$/i.exec(header.trim());
		if (!m) throw forbidden('Missing authentication token');
		if (m[1] !== core.options.apiKey && !core.options.extraApiKeys.includes(m[1])) throw forbidden('Invalid token');
		return next();
	};
}
