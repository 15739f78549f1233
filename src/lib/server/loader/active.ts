// Runs this process is executing now. A run the ledger calls 'running' that is not here was
// being pushed by a process that stopped (server restart, kill -9): it is shown as
// 'interrupted' and can be resumed. Kept on the workspace (ws.state), not in a module map.
import type { Workspace } from '../db/index.js';

export interface ActiveRun {
	readonly runId: number;
}

const active = (ws: Workspace) => ws.state('loader.active', () => new Map<number, ActiveRun>());

export function setActive(ws: Workspace, run: ActiveRun): void {
	active(ws).set(run.runId, run);
}

export function clearActive(ws: Workspace, runId: number, run?: ActiveRun): void {
	if (!run || active(ws).get(runId) === run) active(ws).delete(runId);
}

export function getActive(ws: Workspace, runId: number): ActiveRun | undefined {
	return active(ws).get(runId);
}
