// One place that turns a thrown error into a JSON answer with a message that names the problem.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { ZodError } from 'zod';
import { FerryError, zodMessage } from '../errors.js';
import { plainError } from '../plain-errors.js';
import { errorKind, log } from '../log/index.js';

export { zodMessage };

export function onError(err: Error, c: Context): Response {
	if (err instanceof ZodError) return c.json({ error: zodMessage(err) }, 400);
	// A refusal a person can act on: its own status, its message, and what the page needs beside it.
	if (err instanceof FerryError) return c.json({ error: err.message, ...err.details }, err.status);
	// A known internal condition (a step not done yet, the workspace locked, Twenty unreachable):
	// its plain sentence, not the database's words.
	const plain = plainError(err);
	if (plain) {
		log.warn('api.refused', { method: c.req.method, route: routePath(c), kind: errorKind(err), clause: messageClause(err.message) });
		return c.json({ error: plain.message }, plain.status);
	}
	// Unknown failures get an error id that both the page and the log show. The person sees the
	// message; the log (which never carries a message: DuckDB quotes values) gets its kind and
	// the message's leading clause as a code (`conversion_error`), enough to find the cause.
	const errorId = newErrorId();
	log.error('api.error', { errorId, method: c.req.method, route: routePath(c), kind: errorKind(err), clause: messageClause(err.message) });
	const what = err.message
		? err.message
				.replace(/\s+/g, ' ')
				.slice(0, 500)
				.replace(/[.\s]+$/, '')
		: err.name;
	return c.json(
		{
			error: `the server failed on this request: ${what}. Try again; if it repeats, report error id ${errorId} (the server log has it).`,
			errorId
		},
		500
	);
}

/** Short, easy to read out, and a code the PHI-safe logger writes as it is: err-7k2qx9. */
export function newErrorId(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	return 'err-' + Array.from(randomBytes(6), (b) => alphabet[b % alphabet.length]).join('');
}

/** `Conversion Error: Could not convert 'Ann'…` → `conversion_error`; anything else → undefined. */
export function messageClause(message: string): string | undefined {
	// Only DuckDB-style heads ("Binder Error:"): a free-form clause could be a patient's name.
	const head = /^((?:[A-Z][a-z]+ ){0,2}(?:Error|Exception)):/.exec(message ?? '')?.[1];
	return head?.toLowerCase().replace(/ /g, '_');
}
