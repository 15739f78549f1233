// One dedupe run over the newest snapshot: records → candidates → weights estimated from
// this data → scored pairs → clusters, with a warning for every role that gave nothing.
import type { Workspace } from '../db/index.js';
import { buildCandidates } from './blocking.js';
import { buildClusters } from './clusters.js';
import { dropPairsTable, scorePairs } from './compare.js';
import { COMPARISONS } from './comparisons.js';
import { estimateModel } from './model.js';
import { buildRecords, roleUsage } from './normalise.js';
import { ensureDedupe, withWork } from './schema.js';
import { checkRoles, loadSettings, type DedupeSettings } from './settings.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';
import { FerryError } from '../errors.js';

export interface RunResult {
	records: number;
	pairs: number;
	clusters: number;
	seconds: number;
	/**
	 * Matches EM expects among the candidates, their share of the candidates, the probability
	 * that two random records are one person, and its log2 odds: the prior every score starts from.
	 */
	model: { expectedMatches: number; matchShare: number; randomMatch: number; prior: number; rounds: number };
	warnings: string[];
	/** Seconds per stage: normalising records, blocking, estimating the weights, scoring pairs, clustering. */
	stages: { records: number; blocking: number; model: number; scoring: number; clusters: number };
}

/** A role whose column holds no usable value, and a run with no candidates, say why. */
export async function roleWarnings(ws: Workspace, s: DedupeSettings): Promise<string[]> {
	const out: string[] = [];
	for (const u of await roleUsage(ws, s)) {
		if (!u.present) out.push(`role ${u.role}: column '${u.column}' is blank in every record`);
		else if (!u.usable)
			out.push(`role ${u.role}: none of the ${u.present} values of '${u.column}' could be read as a ${u.role.replaceAll('_', ' ')}`);
		else if (u.usable < 0.5 * u.present) out.push(`role ${u.role}: only ${u.usable} of ${u.present} values of '${u.column}' could be read`);
	}
	return out;
}

/** Workspaces with a run under way: a second run would rebuild the same tables under the first. */
const running = new WeakSet<Workspace>();

export async function runDedupe(ws: Workspace): Promise<RunResult> {
	if (running.has(ws))
		throw new FerryError(
			`a dedupe run is already running for workspace '${ws.name}': wait for it to end (its clusters then show in the review), then run again if the settings changed`,
			409
		);
	running.add(ws);
	try {
		return await withWork(ws, () => runOnce(ws));
	} finally {
		running.delete(ws);
	}
}

async function runOnce(ws: Workspace): Promise<RunResult> {
	await ensureDedupe(ws);
	await dropPairsTable(ws);
	const started = performance.now();
	let t = started;
	const lap = () => {
		const now = performance.now();
		const d = (now - t) / 1000;
		t = now;
		return d;
	};
	const s = await loadSettings(ws);
	await checkRoles(ws, s);
	const records = await buildRecords(ws, s);
	const warnings = await roleWarnings(ws, s);
	const tRecords = lap();
	const pairs = await buildCandidates(ws, s);
	if (!pairs)
		warnings.push(
			`0 candidate pairs: no two of the ${records} records share a blocking key (check the roles: names, birth date, phones, email, address)`
		);
	const tBlocking = lap();
	const comps = COMPARISONS.filter((c) => s.roles[c.role]);
	const model = await estimateModel(ws, comps);
	const tModel = lap();
	await scorePairs(
		ws,
		comps,
		model,
		s.rules.filter((r) => r.enabled).map((r) => r.name)
	);
	const tScoring = lap();
	const clusters = await buildClusters(ws, s.threshold);
	const stages = { records: tRecords, blocking: tBlocking, model: tModel, scoring: tScoring, clusters: lap() };
	const seconds = (performance.now() - started) / 1000;
	const snap = await ws.one<{ id: number }>(`select ${CURRENT_SNAPSHOT_SQL} as id`);
	await ws.run(`insert into dedupe.runs (snapshot_id, records, pairs, clusters, seconds) values ($1, $2, $3, $4, $5)`, [
		snap?.id ?? null,
		records,
		pairs,
		clusters,
		seconds
	]);
	await ws.audit('dedupe.run', null, { records, pairs, clusters, warnings: warnings.length });
	return {
		records,
		pairs,
		clusters,
		seconds,
		model: {
			expectedMatches: Math.round(model.expectedMatches),
			matchShare: model.lambda,
			randomMatch: model.randomMatch,
			prior: model.prior,
			rounds: model.rounds
		},
		warnings,
		stages
	};
}
