// One click: a Twenty-compatible sandbox in this process, set as a workspace's target. Started
// only by the composition (`ferry serve`, `ferry run --sandbox`, the web server's hooks), never
// by the production Twenty client, which knows nothing of the sandbox.
import path from 'node:path';
import type { Workspace } from '../db/index.js';
import { staffRoster } from '../mapping/index.js';
import { markLocalTarget, setTarget, type TargetInfo } from '../twenty/index.js';
import { createSandbox, type Sandbox } from './index.js';

/**
 * The sandboxes this process listens for, by workspace name. Module-level on purpose: each is an
 * HTTP server of the process, not of one workspace handle; it must be found again by a later
 * handle of the same workspace and closed when the process stops (stopLocalSandboxes).
 */
const running = new Map<string, { ws: Workspace; sandbox: Sandbox; url: string; close: () => Promise<void> }>();

/** Staff with an email become the sandbox's workspace members, as invited users would be. */
async function staffMembers(ws: Workspace): Promise<Array<{ email: string; firstName: string; lastName: string }>> {
	const staff = await staffRoster(ws).catch(() => null);
	if (!staff) return [];
	const seen = new Set<string>();
	const out: Array<{ email: string; firstName: string; lastName: string }> = [];
	for (const s of staff) {
		const email = s.email?.trim().toLowerCase();
		if (!email?.includes('@') || seen.has(email)) continue;
		seen.add(email);
		out.push({ email, firstName: s.first_name ?? '', lastName: s.last_name ?? '' });
	}
	return out.sort((a, b) => (a.email < b.email ? -1 : 1));
}

export async function startLocalSandbox(ws: Workspace, profile: 'current' | 'v2.20' | 'v1.5' = 'current'): Promise<TargetInfo> {
	const existing = running.get(ws.name);
	if (existing) {
		markLocalTarget(ws, existing.url);
		return setTarget(ws, existing.url, existing.sandbox.apiKey);
	}
	const sandbox = createSandbox({ profile, members: await staffMembers(ws), stateFile: path.join(ws.dir, 'sandbox-state.json') });
	const listening = await sandbox.listen(0, '127.0.0.1');
	running.set(ws.name, { ws, sandbox, url: listening.url, close: listening.close });
	markLocalTarget(ws, listening.url);
	await ws.audit('sandbox.start', listening.url, { profile });
	return setTarget(ws, listening.url, sandbox.apiKey);
}

export async function stopLocalSandboxes(): Promise<void> {
	for (const [name, s] of running) {
		await s.close();
		running.delete(name);
		markLocalTarget(s.ws, null);
	}
}
