// The Twenty workspace a Ferry workspace pushes into. Its URL lives in the workspace
// settings; its API key lives in TWENTY_API_KEY or in a 0600 file beside the workspace,
// never in the DuckDB file, a recipe, the audit log or an API answer.
import fs from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../db/index.js';
import { createTwentyClient, type TwentyClient } from './client.js';
import { FerryError } from '../errors.js';
import type { TargetCheck, TargetInfo } from '../../shared/contracts/workspaces.js';

export type { TargetInfo };

const KEY_FILE = 'twenty-api-key';
/** The URL of the sandbox this process runs for a workspace (sandbox/local.ts tells it), kept on the workspace. */
const localTarget = (ws: Workspace) => ws.state('twenty.localTarget', () => ({ url: null as string | null }));

/** Called by whoever starts (url) or stops (null) a local sandbox for the workspace: the client never starts one. */
export function markLocalTarget(ws: Workspace, url: string | null): void {
	localTarget(ws).url = url;
}

function keyFile(ws: Workspace): string {
	return path.join(ws.dir, KEY_FILE);
}

function readKey(ws: Workspace): { key: string | null; source: TargetInfo['keySource'] } {
	if (process.env.TWENTY_API_KEY) return { key: process.env.TWENTY_API_KEY, source: 'environment' };
	const file = keyFile(ws);
	if (!fs.existsSync(file)) return { key: null, source: 'none' };
	const mode = fs.statSync(file).mode & 0o777;
	if (mode & 0o077) throw new FerryError(`${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`, 409);
	return { key: fs.readFileSync(file, 'utf8').trim(), source: 'file' };
}

export async function getTarget(ws: Workspace): Promise<TargetInfo> {
	const url = (await ws.setting('target.url')) ?? null;
	// FERRY_SANDBOX_URL: `ferry serve --sandbox` started it before the server bundle loaded.
	const local = localTarget(ws).url ?? process.env.FERRY_SANDBOX_URL;
	// A key given for another host is not this target's key: the page asks for it again.
	const keySource = url && !(await keyBoundTo(ws, url)) ? 'none' : readKey(ws).source;
	return { url, keySource, sandbox: url !== null && local === url };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Plain http carries the key in clear: only to this machine. */
function assertSafeTransport(url: URL): void {
	if (url.protocol === 'https:') return;
	if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return;
	throw new FerryError(
		`${url.origin}: ${url.protocol === 'http:' ? 'plain http would send the API key in clear; use https (http only to this machine: localhost or 127.0.0.1)' : 'a Twenty target is an https URL'}`,
		409
	);
}

/** The key is used only with the origin it was given for ('target.key_origin'); older workspaces: their target. */
async function keyBoundTo(ws: Workspace, url: string): Promise<boolean> {
	const bound = await ws.setting('target.key_origin');
	return bound === undefined || bound === new URL(url).origin;
}

export async function setTarget(ws: Workspace, url: string, apiKey?: string): Promise<TargetInfo> {
	const parsed = new URL(url);
	assertSafeTransport(parsed);
	const clean = parsed.origin + parsed.pathname.replace(/\/+$/, '');
	const before = await ws.setting('target.url');
	const moved = before !== undefined && new URL(before).origin !== parsed.origin;
	await ws.run(`insert or replace into ferry.settings values ('target.url', $1)`, [clean]);
	// The stored key was given for the old host: it never follows the target to a new one.
	if (moved && !apiKey) fs.rmSync(keyFile(ws), { force: true });
	const boundTo = apiKey || !moved ? parsed.origin : '';
	if (apiKey || before === undefined || moved)
		await ws.run(`insert or replace into ferry.settings values ('target.key_origin', $1)`, [boundTo]);
	if (apiKey) {
		fs.writeFileSync(keyFile(ws), apiKey, { mode: 0o600 });
		fs.chmodSync(keyFile(ws), 0o600);
	}
	await ws.audit('target.set', clean, { keyGiven: Boolean(apiKey), keyDropped: moved && !apiKey });
	return getTarget(ws);
}

/** URL and key of the workspace's target; the key stays inside the server process. */
export async function targetCredentials(ws: Workspace): Promise<{ url: string; apiKey: string }> {
	const url = await ws.setting('target.url');
	if (!url) throw new FerryError('no Twenty target is set for this workspace: set one, or start the local sandbox', 409);
	let key: string | null;
	try {
		key = readKey(ws).key;
	} catch (err) {
		throw new FerryError((err as Error).message, 409);
	}
	if (!key) throw new FerryError('no Twenty API key: set TWENTY_API_KEY or give the key when setting the target', 409);
	if (!(await keyBoundTo(ws, url)))
		throw new FerryError(
			`the target changed to ${new URL(url).origin}: give its API key again (a key is never sent to a host it was not given for)`,
			409
		);
	return { url, apiKey: key };
}

/** A client for the workspace's target; the loader passes its own paced fetch. */
export async function targetClient(ws: Workspace, fetch?: typeof globalThis.fetch): Promise<TwentyClient> {
	return createTwentyClient({ ...(await targetCredentials(ws)), ...(fetch ? { fetch } : {}) });
}

/** Reads the target's metadata: proves URL and key work, and what objects it has. */
export async function checkTarget(ws: Workspace): Promise<TargetCheck> {
	try {
		const objects = await (await targetClient(ws)).metadata.listObjects();
		return { ok: true, objects: objects.length };
	} catch (err) {
		return { ok: false, error: (err as Error).message };
	}
}
