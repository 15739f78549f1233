// The loader's Twenty client: the workspace's target, with every request going through the
// pacer and carrying a timeout (the fetch the loader hands in).
import type { Workspace } from '../db/index.js';
import { targetClient, targetCredentials, TargetError, type TwentyClient } from '../twenty/index.js';
import { LoaderError } from './errors.js';

/** A target that is missing or unreadable is a 409 for the loader: fix the target, then push. */
async function asLoaderError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof TargetError) throw new LoaderError(err.message, 409);
		throw err;
	}
}

export function targetOf(ws: Workspace): Promise<{ url: string; apiKey: string }> {
	return asLoaderError(() => targetCredentials(ws));
}

export type ClientFactory = (fetch: typeof globalThis.fetch) => Promise<TwentyClient>;

export const workspaceClientFactory = (ws: Workspace): ClientFactory => (f) => asLoaderError(() => targetClient(ws, f));
