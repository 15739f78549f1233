// Links that form a cycle inside one object (two patients each other's emergency contact) cannot
// be created in any order, so the mapping stages those records without the link and keeps it in
// stage.second_pass. The loader sets them once every record of the run exists: the links are
// frozen with their batch (what a person approved is what is sent), copied into the run with its
// ledger, and sent as one update per record, paced and retried like the rest. Each link ends
// done or failed with the reason, so a resume sends only what is left.
import type { DuckDBConnection } from '@duckdb/node-api';
import PQueue from 'p-queue';
import type { Workspace } from '../db/index.js';
import { reasonOf, type ChunkSender } from './sender.js';

/** The batch's records' deferred links, frozen in the batch's own transaction. */
export async function freezeLinks(c: DuckDBConnection, batchId: number, plural: string): Promise<void> {
	await c.run(
		`insert into loader.batch_links select $1, source_key, payload from stage.second_pass
		where plural = $2 and source_key in (select source_key from loader.batch_records where batch_id = $1)`,
		[batchId, plural]
	);
}

export interface LinkCounts {
	total: number;
	done: number;
	failed: number;
}

export async function linkCounts(ws: Workspace, runId: number): Promise<LinkCounts> {
	const r = await ws.one<{ total: number; done: number; failed: number }>(
		`select count(*)::integer as total,
		count(*) filter (where status = 'done')::integer as done, count(*) filter (where status = 'failed')::integer as failed
		from loader.links where run_id = $1`,
		[runId]
	);
	return { total: r?.total ?? 0, done: r?.done ?? 0, failed: r?.failed ?? 0 };
}

/**
 * Sets the run's pending links whose record Twenty now holds. A refusal (the linked record was
 * excluded, say) fails that link with Twenty's reason; Twenty unreachable through every retry
 * stops the run, as a chunk would, for a resume to finish.
 */
export async function sendLinks(
	ws: Workspace,
	runId: number,
	sender: ChunkSender,
	concurrency: number,
	proceed: () => Promise<boolean>
): Promise<void> {
	const rows = await ws.all<{ source_key: string; plural: string; twenty_id: string; payload: string }>(
		`select k.source_key, k.plural, k.twenty_id, k.payload::varchar as payload from loader.links k
		 join loader.ledger l on l.run_id = k.run_id and l.source_key = k.source_key
		 where k.run_id = $1 and k.status = 'pending' and l.status = 'done' order by k.plural, k.source_key`,
		[runId]
	);
	const queue = new PQueue({ concurrency });
	const mark = (key: string, status: 'done' | 'failed', reason: string | null) =>
		ws.run(`update loader.links set status = $3, reason = $4 where run_id = $1 and source_key = $2`, [runId, key, status, reason]);
	let fatal: unknown = null;
	for (const r of rows)
		void queue.add(async () => {
			if (fatal || !(await proceed())) return;
			try {
				await sender.retrying(r.plural, [], () =>
					sender.client.update(r.plural, r.twenty_id, JSON.parse(r.payload) as Record<string, unknown>)
				);
				await mark(r.source_key, 'done', null);
			} catch (e) {
				const stop = sender.stopping(r.plural, e);
				if (stop) fatal ??= stop;
				else await mark(r.source_key, 'failed', `link not set: ${reasonOf(e)}`);
			}
		});
	await queue.onIdle();
	if (fatal) throw fatal;
}
