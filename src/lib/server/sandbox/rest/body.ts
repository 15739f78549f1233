// JSON bodies, limited like Twenty's body parser (limit = settings.storage.maxFileSize,
// TWENTY.md §1.4). Over the limit: 413 as Express's body-parser answers [shape unconfirmed].
import type { Context } from 'hono';
import { nestError } from '../http/errors.js';

export async function readJson(c: Context, limit: number): Promise<unknown> {
	const declared = Number(c.req.header('content-length') ?? 0);
	if (declared > limit) throw nestError(413, 'request entity too large', 'Payload Too Large');
	const text = await c.req.text();
	if (text.length > limit && Buffer.byteLength(text) > limit) throw nestError(413, 'request entity too large', 'Payload Too Large');
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch (err) {
		throw nestError(400, err instanceof Error ? err.message : 'Invalid JSON', 'Bad Request');
	}
}
