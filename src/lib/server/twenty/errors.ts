// A failed Twenty call. The client never retries: the loader decides, from status and
// retryAfterMs, whether and when to try again.

export class TwentyError extends Error {
	constructor(
		/** HTTP status; 0 when no answer arrived (network error); 200 for GraphQL errors. */
		readonly status: number,
		readonly messages: string[],
		/** From Retry-After or the body's retryAfterSeconds, when the server said. */
		readonly retryAfterMs?: number,
		readonly body?: unknown,
		/** GraphQL extensions.code or the body's code. */
		readonly code?: string
	) {
		super(`Twenty ${status}: ${messages.join('; ') || 'request failed'}`);
		this.name = 'TwentyError';
	}
}

/** Messages from any of Twenty's error shapes: messages[], message, METADATA_VALIDATION_ERROR groups, GraphQL errors[]. */
export function errorMessages(body: unknown): string[] {
	const b = (body !== null && typeof body === 'object' ? body : {}) as { messages?: unknown; errors?: unknown; message?: unknown };
	const messageOf = (e: unknown) => String((e as { message?: unknown } | null)?.message);
	if (Array.isArray(b.messages)) return b.messages.map(String);
	if (b.errors && !Array.isArray(b.errors) && typeof b.errors === 'object')
		return Object.values(b.errors).flatMap((group: unknown) =>
			(Array.isArray(group) ? group : []).flatMap((g: { errors?: unknown }) => (Array.isArray(g?.errors) ? g.errors : []).map(messageOf))
		);
	if (Array.isArray(b.errors)) return b.errors.map(messageOf);
	if (typeof b.message === 'string') return [b.message];
	return typeof body === 'string' && body ? [body] : [];
}

export function retryAfterMs(headers: Headers, body: unknown): number | undefined {
	const h = headers.get('retry-after');
	if (h !== null) {
		const seconds = Number(h);
		if (Number.isFinite(seconds)) return seconds * 1000;
		const date = Date.parse(h);
		if (Number.isFinite(date)) return Math.max(0, date - Date.now());
	}
	const s = (body as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
	return typeof s === 'number' ? s * 1000 : undefined;
}
