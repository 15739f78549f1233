import { FerryError } from '../errors.js';

/**
 * Twenty did not answer (network, timeout, 5xx, 429) through every retry. Not a verdict on the
 * records: the run stops with this reason, its rows stay in-flight, and a resume reads them back.
 * Its own class because the run loop tells it from a refusal; a 503 should it reach the API.
 */
export class TargetUnavailable extends FerryError {
	constructor(plural: string, retries: number, reason: string) {
		super(
			`Twenty did not answer for ${plural} after ${retries} retries (${reason}): the run stopped; resume it once Twenty is reachable`,
			503
		);
		this.name = 'TargetUnavailable';
	}
}
