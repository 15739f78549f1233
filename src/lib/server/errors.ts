// Ferry's one error type: a refusal a person can act on, with the HTTP status it means.
// Thrown by services anywhere; the API maps it once (api/errors.ts onError), the CLI prints its
// message and exits non-zero. Anything else that escapes is a server fault (500 with an error id).

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export class FerryError extends Error {
	constructor(
		message: string,
		readonly status: ErrorStatus = 400,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'FerryError';
	}
}

/** 404: the thing named does not exist. */
export const notFound = (message: string) => new FerryError(message, 404);
/** 409: the workspace is not in the state this needs (a step first, a job running). */
export const conflict = (message: string) => new FerryError(message, 409);
