// A loader refusal the API turns into 4xx: status says which (404 unknown, 409 wrong state, 400 bad input).
export class LoaderError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 404 | 409 = 400
	) {
		super(message);
		this.name = 'LoaderError';
	}
}
