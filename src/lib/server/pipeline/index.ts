// The pipeline steps ahead of a workspace and where each stands. A step reports 'done'
// only from what the workspace file proves; steps whose tables do not exist yet are 'todo'.
import type { Workspace } from '../db/index.js';

export const STEPS = ['import', 'profile', 'dedupe', 'map', 'schema', 'sample', 'push', 'validate'] as const;
export type Step = (typeof STEPS)[number];

export interface StepState {
	step: Step;
	state: 'done' | 'ready' | 'todo';
	detail: string;
}

export async function pipelineState(ws: Workspace): Promise<StepState[]> {
	const snap = await ws.one<{ n: bigint; rejected: bigint }>(`select count(*) as n, coalesce(sum(rows_rejected), 0) as rejected from ferry.snapshots`);
	const imported = Number(snap?.n ?? 0) > 0;
	return STEPS.map((step) => {
		if (step === 'import') {
			return { step, state: imported ? 'done' : 'ready', detail: imported ? `${snap!.n} snapshot(s)` : 'import an export to begin' };
		}
		if (step === 'profile') return { step, state: imported ? 'ready' : 'todo', detail: imported ? 'profile the raw tables' : 'after import' };
		return { step, state: 'todo', detail: 'not started' };
	});
}
