// Entry points the API and CLI call: each makes sure the schema exists and a run is there when needed.
import type { Workspace } from '../db/index.js';
import { countPairs, type RuleCount } from './blocking.js';
import { buildRecords } from './normalise.js';
import { ensureDedupe, withWork } from './schema.js';
import { checkRoles, DedupeSettings, DEFAULT_SETTINGS, loadSettings, roleReasons, tableColumns } from './settings.js';
import { FerryError } from '../errors.js';

export async function settingsView(ws: Workspace) {
	await ensureDedupe(ws);
	const settings = await loadSettings(ws);
	return {
		settings,
		defaults: DEFAULT_SETTINGS,
		columns: await tableColumns(ws, settings.table),
		roleReasons: await roleReasons(ws, settings),
		model: await modelView(ws)
	};
}

/** The weights the latest run estimated, per comparison and level, or [] before any run. */
export async function modelView(
	ws: Workspace
): Promise<Array<{ comparison: string; level: string; m: number; u: number; weight: number }>> {
	await ensureDedupe(ws);
	if (!(await ws.exists('dedupe', 'model'))) return [];
	return ws.all(`select d.comparison, d.name as level, d.m, d.u, d.weight from dedupe.model d order by d.comparison, d.level`);
}

/** Pairs each rule would make, for the saved settings or a draft (not saved). */
export async function ruleCounts(ws: Workspace, draft?: unknown): Promise<{ rules: RuleCount[]; records: number }> {
	await ensureDedupe(ws);
	const s = draft === undefined ? await loadSettings(ws) : DedupeSettings.parse(draft);
	await checkRoles(ws, s);
	const records = await withWork(ws, () => buildRecords(ws, s));
	return { rules: await countPairs(ws, s), records };
}

/** Whether dedupe has run here, so the review screen asks for the queue only when there is one. */
export async function hasRun(ws: Workspace): Promise<boolean> {
	await ensureDedupe(ws);
	return ws.exists('dedupe', 'clusters');
}

/** Fails clearly when review is asked for before any run. */
export async function requireRun(ws: Workspace): Promise<void> {
	if (!(await hasRun(ws))) throw new FerryError('dedupe has not run in this workspace yet: run it first', 409);
}
