// The last leg of every push that is not a person pressing "push" on one run: a recipe replay
// and a delta push both hand their frozen batches here. The batches are checked at once (so a
// caller that runs the push as a job refuses before the job starts), then pushed and waited for.
import type { Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';
import type { BatchSummary } from './batches.js';
import { runCounts, type RunCounts } from './ledger.js';
import { startRun } from './push.js';
import type { PushSettingsInput } from './settings.js';

export interface PushOutcome {
	/** The runs in the order they ran. */
	runIds: number[];
	counts: RunCounts[];
	/** Records that failed to push. */
	failed: number;
	/** Runs that did not end done (cancelled, failed), with the records they left pending or in flight. */
	unfinished: Array<{ runId: number; status: string; unsettled: number }>;
}

export interface ApprovedPushOptions {
	/** What the batches are called in a refusal ("delta batch"). */
	what?: string;
	settings?: PushSettingsInput;
	actor?: string;
	/**
	 * One run per push step, each waited for before the next starts, instead of one run over
	 * all the batches (which also sends its steps in order, inside the run).
	 */
	runPerStep?: boolean;
}

type Pushable = Pick<BatchSummary, 'id' | 'plural' | 'step' | 'status'>;

/**
 * Refuses (409) no batches, or batches a person has not approved, naming them; otherwise
 * returns the push, to start when the caller is ready. `onRun` hears each run id as it starts.
 */
export function approvedPush(
	ws: Workspace,
	batches: Pushable[],
	o: ApprovedPushOptions = {}
): (onRun?: (runId: number) => void) => Promise<PushOutcome> {
	const what = o.what ?? 'batch';
	if (!batches.length) throw new FerryError(`no frozen ${what} waits to be pushed: freeze first`, 409);
	const waiting = batches.filter((b) => b.status !== 'approved');
	if (waiting.length)
		throw new FerryError(
			`${waiting.length} ${what}(es) are not approved yet (${waiting.map((b) => `batch ${b.id}, ${b.plural}`).join('; ')}): review and approve them on the Load page first`,
			409
		);
	const groups = o.runPerStep
		? [...new Set(batches.map((b) => b.step))].sort((a, b) => a - b).map((step) => batches.filter((b) => b.step === step))
		: [batches];
	return async (onRun) => {
		const out: PushOutcome = { runIds: [], counts: [], failed: 0, unfinished: [] };
		for (const group of groups) {
			const run = await startRun(
				ws,
				group.map((b) => b.id),
				{ settings: o.settings, actor: o.actor }
			);
			out.runIds.push(run.runId);
			onRun?.(run.runId);
			const end = await run.done;
			const counts = await runCounts(ws, run.runId);
			out.counts.push(...counts);
			out.failed += counts.reduce((n, c) => n + c.failed, 0);
			if (end.status !== 'done')
				out.unfinished.push({ runId: run.runId, status: end.status, unsettled: counts.reduce((n, c) => n + c.pending + c.inFlight, 0) });
		}
		return out;
	};
}
