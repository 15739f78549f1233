// Twenty's REST error bodies [TWENTY.md §1.6]: {"statusCode","error","messages":[...]}, some
// guard-level errors with a singular "message". Everything the sandbox rejects is an ApiError
// carrying the exact body to send.

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
		/** GraphQL extensions code for the same failure. */
		readonly gqlCode = status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT',
		readonly headers: Record<string, string> = {}
	) {
		super(firstMessage(body));
	}
}

function firstMessage(body: Record<string, unknown>): string {
	if (Array.isArray(body.messages)) return String(body.messages[0]);
	return String(body.message ?? body.error ?? 'error');
}

export const restError = (status: number, error: string, message: string, extra: Record<string, unknown> = {}) =>
	new ApiError(status, { statusCode: status, error, messages: [message], ...extra });

export const badRequest = (message: string, error = 'BadRequestException') => restError(400, error, message);

/** Nest's default shape (singular message), used by body parsing and v1.x metadata. */
export const nestError = (status: number, message: string, error: string) => new ApiError(status, { statusCode: status, message, error });
