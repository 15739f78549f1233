// Ferry's one error type: a refusal a person can act on, with the HTTP status it means.
// Thrown by services anywhere; the API maps it once (api/errors.ts onError), the CLI prints its
// message and exits non-zero. Anything else that escapes is a server fault (500 with an error id).
import { ZodError } from 'zod';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503;

export class FerryError extends Error {
	constructor(
		message: string,
		readonly status: ErrorStatus = 400,
		options?: { cause?: unknown; details?: Record<string, unknown> }
	) {
		super(message, options);
		this.name = 'FerryError';
		this.details = options?.details;
	}

	/** Extra fields of the JSON answer beside `error` (what a page needs to offer the next step). */
	readonly details?: Record<string, unknown>;
}

/** 404: the thing named does not exist. */
export const notFound = (message: string) => new FerryError(message, 404);
/** 409: the workspace is not in the state this needs (a step first, a job running). */
export const conflict = (message: string) => new FerryError(message, 409);

/** zod's issues as one sentence: `body.name: Too small; limit: Expected number`. */
export function zodMessage(err: ZodError): string {
	return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

/** What a person reads for any thrown value (the CLI prints it): a refusal's message, zod's issues, or the fault's message. */
export function describeError(err: unknown): string {
	if (err instanceof ZodError) return zodMessage(err);
	return err instanceof Error ? err.message : String(err);
}
