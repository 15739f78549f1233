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

/**
 * Twenty did not answer (network, timeout, 5xx, 429) through every retry. Not a verdict on the
 * records: the run stops with this reason, its rows stay in-flight, and a resume reads them back.
 */
export class TargetUnavailable extends Error {
	constructor(plural: string, retries: number, reason: string) {
		super(`Twenty did not answer for ${plural} after ${retries} retries (${reason}): the run stopped; resume it once Twenty is reachable`);
		this.name = 'TargetUnavailable';
	}
}
