// Checks that must pass before any record moves (DESIGN invariant 2). Other concerns register
// here instead of the loader importing them: mapping registers assertConfirmed(ws), so a
// workspace whose mapping is not confirmed cannot push, and the loader does not depend on mapping.
import type { Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';

export type PushGuard = (ws: Workspace) => void | Promise<void>;

export const pushGuards: PushGuard[] = [];

export function registerPushGuard(guard: PushGuard): void {
	if (!pushGuards.includes(guard)) pushGuards.push(guard);
}

/** Throws the first guard's refusal as a 409: its message says what is missing. */
export async function runPushGuards(ws: Workspace): Promise<void> {
	for (const guard of pushGuards) {
		try {
			await guard(ws);
		} catch (e) {
			throw new FerryError(`push refused: ${(e as Error).message}`, 409, { cause: e });
		}
	}
}
