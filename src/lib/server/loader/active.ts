// Runs this process is executing now. A run the ledger calls 'running' that is not here was
// being pushed by a process that stopped (server restart, kill -9): it is shown as
// 'interrupted' and can be resumed.
import type { Workspace } from '../db/index.js';

export interface ActiveRun {
	readonly runId: number;
}

const active = new Map<string, ActiveRun>();
const key = (ws: Workspace, runId: number) => `${ws.name}:${runId}`;

export function setActive(ws: Workspace, run: ActiveRun): void {
	active.set(key(ws, run.runId), run);
}

export function clearActive(ws: Workspace, runId: number, run?: ActiveRun): void {
	if (!run || active.get(key(ws, runId)) === run) active.delete(key(ws, runId));
}

export function getActive(ws: Workspace, runId: number): ActiveRun | undefined {
	return active.get(key(ws, runId));
}
