// The loader's Twenty client: the workspace's target, with every request going through the
// pacer and carrying a timeout (the fetch the loader hands in).
import type { Workspace } from '../db/index.js';
import { targetClient, targetCredentials, type TwentyClient } from '../twenty/index.js';

/** A target that is missing or unreadable is a 409 (twenty/target.ts): fix the target, then push. */
export function targetOf(ws: Workspace): Promise<{ url: string; apiKey: string }> {
	return targetCredentials(ws);
}

export type ClientFactory = (fetch: typeof globalThis.fetch) => Promise<TwentyClient>;

export const workspaceClientFactory =
	(ws: Workspace): ClientFactory =>
	(f) =>
		targetClient(ws, f);
