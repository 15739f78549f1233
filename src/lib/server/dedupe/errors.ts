/** A dedupe request that cannot be done as asked; the message names the problem. */
export class DedupeError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 404 | 409 = 400
	) {
		super(message);
	}
}
