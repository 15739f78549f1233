// The loader's Twenty client: the workspace's target, but every request goes through the
// pacer and carries a timeout. twenty/target.ts builds clients without a custom fetch, so the
// key is read here by the same rules (env, else the 0600 file); it never leaves this function.
import fs from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../db/index.js';
import { createTwentyClient, type TwentyClient } from '../twenty/index.js';
import { LoaderError } from './errors.js';

export async function targetOf(ws: Workspace): Promise<{ url: string; apiKey: string }> {
	const url = await ws.setting('target.url');
	if (!url) throw new LoaderError('no Twenty target is set for this workspace: set one, or start the local sandbox', 409);
	let apiKey = process.env.TWENTY_API_KEY;
	const file = path.join(ws.dir, 'twenty-api-key');
	if (!apiKey && fs.existsSync(file)) {
		if (fs.statSync(file).mode & 0o077) throw new LoaderError(`${file} is readable by others; run chmod 600 on it`, 409);
		apiKey = fs.readFileSync(file, 'utf8').trim();
	}
	if (!apiKey) throw new LoaderError('no Twenty API key: set TWENTY_API_KEY or give the key when setting the target', 409);
	return { url, apiKey };
}

export type ClientFactory = (fetch: typeof globalThis.fetch) => Promise<TwentyClient>;

export const workspaceClientFactory = (ws: Workspace): ClientFactory => async (f) => createTwentyClient({ ...(await targetOf(ws)), fetch: f });
