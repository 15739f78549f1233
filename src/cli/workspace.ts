import { openWorkspace, type Workspace } from '../lib/server/db/index.js';

/** Opens a workspace for a CLI command, explaining the one common failure: a running server holds it. */
export async function openForCli(name: string, create = false): Promise<Workspace> {
	try {
		return await openWorkspace(name, { create });
	} catch (err) {
		const msg = (err as Error).message;
		if (/lock/i.test(msg)) throw new Error(`workspace '${name}' is open in a running Ferry server: use the workbench, or stop the server first`);
		throw err;
	}
}
