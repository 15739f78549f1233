// One dedupe run over the newest snapshot: records → candidates → scored pairs → clusters.
import type { Workspace } from '../db/index.js';
import { buildCandidates } from './blocking.js';
import { buildClusters } from './clusters.js';
import { scorePairs } from './compare.js';
import { buildRecords } from './normalise.js';
import { ensureDedupe } from './schema.js';
import { checkRoles, loadSettings } from './settings.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';

export interface RunResult {
	records: number;
	pairs: number;
	clusters: number;
	seconds: number;
}

export async function runDedupe(ws: Workspace): Promise<RunResult> {
	await ensureDedupe(ws);
	const started = performance.now();
	const s = await loadSettings(ws);
	await checkRoles(ws, s);
	const records = await buildRecords(ws, s);
	const pairs = await buildCandidates(ws, s);
	await scorePairs(ws, s.weights);
	const clusters = await buildClusters(ws, s.threshold);
	const seconds = (performance.now() - started) / 1000;
	const snap = await ws.one<{ id: number }>(`select ${CURRENT_SNAPSHOT_SQL} as id`);
	await ws.run(`insert into dedupe.runs (snapshot_id, records, pairs, clusters, seconds) values ($1, $2, $3, $4, $5)`, [
		snap?.id ?? null, records, pairs, clusters, seconds
	]);
	await ws.audit('dedupe.run', null, { records, pairs, clusters });
	return { records, pairs, clusters, seconds };
}
