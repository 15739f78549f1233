import { closeAllWorkspaces, openWorkspace, type Workspace } from '../lib/server/db/index.js';
import { FerryError } from '../lib/server/errors.js';

/** The workspace option every command takes. */
export const WS = ['-w, --workspace <name>', 'workspace', 'sample'] as const;

/** Opens a workspace for a CLI command, explaining the one common failure: a running server holds it. */
export async function openForCli(name: string, create = false): Promise<Workspace> {
	try {
		return await openWorkspace(name, { create });
	} catch (err) {
		const msg = (err as Error).message;
		if (/lock/i.test(msg))
			throw new FerryError(`workspace '${name}' is open in a running Ferry server: use the workbench, or stop the server first`, 409);
		throw err;
	}
}

/** Runs a command's work on an open workspace, then closes every workspace (the process ends cleanly). */
export async function withWorkspace(name: string, work: (ws: Workspace) => Promise<void>): Promise<void> {
	const ws = await openForCli(name);
	try {
		await work(ws);
	} finally {
		await closeAllWorkspaces();
	}
}
