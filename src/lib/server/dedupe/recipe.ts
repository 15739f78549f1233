// Dedupe in a recipe: the settings and the active decisions as plain JSON, and a replay
// that applies them to another workspace or a later snapshot, reporting each step.
import type { Workspace } from '../db/index.js';
import { DedupeRecipe, type ReplayAnswer } from '../../shared/contracts/dedupe.js';
import { decide } from './decisions.js';
import { ensureDedupe } from './schema.js';
import { loadSettings, saveSettings } from './settings.js';
import { runDedupe } from './run.js';

export { DedupeRecipe };

export async function exportRecipe(ws: Workspace): Promise<DedupeRecipe> {
	await ensureDedupe(ws);
	const rows = await ws.all<{ id: number; kind: 'merge' | 'distinct' | 'skip'; members: string[]; survivor_id: string | null }>(
		`select id::integer as id, kind, members, survivor_id from dedupe.decisions where undone_at is null and kind <> 'skip' order by id`
	);
	const values = await ws.all<{ decision_id: number; field: string; value: string | null }>(
		`select decision_id::integer as decision_id, field, value from dedupe.decision_values order by decision_id, field`
	);
	const decisions = rows.map((d) => ({
		kind: d.kind,
		members: d.members,
		...(d.survivor_id ? { survivorId: d.survivor_id } : {}),
		values: Object.fromEntries(values.filter((v) => v.decision_id === d.id).map((v) => [v.field, v.value]))
	}));
	return { settings: await loadSettings(ws), decisions };
}

export type ReplayStep = ReplayAnswer['steps'][number];

/** Saves the settings, runs, then applies each decision in order; one failing decision does not stop the rest. */
export async function replayRecipe(ws: Workspace, input: unknown): Promise<{ steps: ReplayStep[]; applied: number; failed: number }> {
	const recipe = DedupeRecipe.parse(input);
	await ensureDedupe(ws);
	await saveSettings(ws, recipe.settings);
	await runDedupe(ws);
	const steps: ReplayStep[] = [];
	for (const [index, d] of recipe.decisions.entries()) {
		try {
			await decide(ws, d, 'recipe');
			steps.push({ index, kind: d.kind, members: d.members.length, status: 'applied' });
		} catch (err) {
			steps.push({ index, kind: d.kind, members: d.members.length, status: 'failed', error: (err as Error).message });
		}
	}
	const applied = steps.filter((s) => s.status === 'applied').length;
	await ws.audit('dedupe.replay', null, { applied, failed: steps.length - applied });
	return { steps, applied, failed: steps.length - applied };
}
