// Failed records, acted on where they are shown (Load and Delta pages, ferry push --retry): a person
// opens one (the payload sent and Twenty's refusal), fixes a value and retries it, or excludes it
// with a reason (excludeRecords). A retry is a run of its own over just those records, so nothing
// else is sent again; a fixed payload is checked against the target's metadata first, and its
// batch, back in draft after the edit, is approved again in the name of the person who retried.
import type { Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';
import type { ObjectMetadata } from '../twenty/index.js';
import { approveBatch, fixRecord, getBatch } from './batches.js';
import { startRun, type LoaderRun, type RunOptions } from './push.js';

export interface FailedRecord {
	runId: number;
	sourceKey: string;
	plural: string;
	batchId: number;
	/** Twenty's refusal, as the ledger kept it. */
	reason: string;
	attempts: number;
	/** What was sent: the batch's payload for it. */
	payload: Record<string, unknown>;
	/** Its status in the batch now: valid, invalid, or excluded (with why). */
	status: string;
	reasons: string[];
}

/** One failed record of a run (GET …/runs/:id/failures/:key). */
export async function failedRecord(ws: Workspace, runId: number, sourceKey: string): Promise<FailedRecord> {
	const row = await ws.one<{
		plural: string;
		batch_id: number;
		reason: string | null;
		attempts: number;
		payload: string;
		status: string;
		reasons: string[];
	}>(
		`select l.plural, l.batch_id, l.reason, l.attempts, r.payload::varchar as payload, r.status, r.reasons
		 from loader.ledger l join loader.batch_records r on r.batch_id = l.batch_id and r.source_key = l.source_key
		 where l.run_id = $1 and l.source_key = $2 and l.status = 'failed'`,
		[runId, sourceKey]
	);
	if (!row)
		throw new FerryError(
			`run ${runId} has no failed record ${sourceKey}: see the run's failures (ferry push --json, or the Load page)`,
			404
		);
	return {
		runId,
		sourceKey,
		plural: row.plural,
		batchId: Number(row.batch_id),
		reason: row.reason ?? '',
		attempts: Number(row.attempts),
		payload: JSON.parse(row.payload),
		status: row.status,
		reasons: [...(row.reasons ?? [])]
	};
}

export interface RetryOptions extends RunOptions {
	/** A corrected payload for the (one) record retried. */
	payload?: Record<string, unknown>;
	/** The target's objects, to check a corrected payload against. */
	objects?: ObjectMetadata[];
}

/** Sends failed records of a run again, in a new run of just them; one of them fixed first when a payload is given. */
export async function retryFailed(ws: Workspace, runId: number, sourceKeys: string[], o: RetryOptions = {}): Promise<LoaderRun> {
	if (!sourceKeys.length) throw new FerryError('name the failed record(s) to retry');
	if (o.payload && sourceKeys.length !== 1) throw new FerryError('a corrected payload is for one record: retry the others on their own');
	const records = await Promise.all(sourceKeys.map((k) => failedRecord(ws, runId, k)));
	const excluded = records.find((r) => r.status === 'excluded');
	if (excluded) throw new FerryError(`${excluded.sourceKey} was excluded from batch ${excluded.batchId}: nothing to retry`, 409);
	if (o.payload) {
		const [r] = records;
		if (!o.objects) throw new FerryError("the target's metadata is needed to check a corrected payload", 422);
		const fixed = await fixRecord(ws, r.batchId, r.sourceKey, o.payload, o.objects);
		if (fixed.status !== 'valid')
			throw new FerryError(
				`the corrected ${r.plural} record is still invalid: ${fixed.reasons.join('; ')}; it was saved, nothing was sent`,
				422
			);
	}
	const batchIds = [...new Set(records.map((r) => r.batchId))];
	for (const id of batchIds) if ((await getBatch(ws, id)).status !== 'approved') await approveBatch(ws, id, o.actor ?? 'analyst');
	const held = await heldBackBy(ws, runId, sourceKeys);
	for (const id of held.batchIds) if (!batchIds.includes(id)) batchIds.push(id);
	await ws.audit(
		'loader.retry_failed',
		`run:${runId}`,
		{ records: sourceKeys.length, heldBack: held.keys.length, fixed: o.payload ? 1 : 0 },
		o.actor
	);
	return startRun(ws, batchIds, { ...o, sourceKeys: [...sourceKeys, ...held.keys] });
}

/** The records the run held back because they point (down a chain) at these: they go with the retry. */
async function heldBackBy(ws: Workspace, runId: number, keys: string[]): Promise<{ keys: string[]; batchIds: number[] }> {
	const found = new Map<string, number>();
	let wave = keys;
	while (wave.length) {
		const rows = await ws.all<{ k: string; b: number }>(
			`select source_key as k, batch_id as b from loader.ledger where run_id = $1 and status = 'skipped'
			 and regexp_extract(reason, '^held back: it points at \\S+ (.+), which (Twenty refused|was held back)', 1) in (select unnest(from_json($2::json, '["VARCHAR"]')))`,
			[runId, JSON.stringify(wave)]
		);
		wave = rows.filter((r) => !found.has(r.k) && !keys.includes(r.k)).map((r) => r.k);
		for (const r of rows) found.set(r.k, Number(r.b));
	}
	return { keys: [...found.keys()], batchIds: [...new Set(found.values())] };
}
