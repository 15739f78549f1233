// Reads what Twenty holds back into the workspace (loader.readback), paced like a push, so the
// validation report and the staged-vs-Twenty diff are set-based SQL over one table.
import type { Workspace } from '../db/index.js';
import type { TwentyClient } from '../twenty/index.js';
import { workspaceClientFactory, type ClientFactory } from './client.js';
import { Pacer, pacedFetch } from './pacer.js';
import { ensureLoader } from './schema.js';
import { ChunkSender } from './sender.js';
import { Ledger } from './ledger.js';
import { pushSettingsSchema, type PushSettingsInput } from './settings.js';
import type { ReadBackResult } from '../../shared/contracts/jobs.js';

export interface ReadBackOptions {
	settings?: PushSettingsInput;
	clientFactory?: ClientFactory;
	fetch?: typeof fetch;
}

/** Replaces the read-back copy of each plural with every live record Twenty holds now. */
export async function readBack(ws: Workspace, plurals: string[], o: ReadBackOptions = {}): Promise<ReadBackResult> {
	await ensureLoader(ws);
	const settings = pushSettingsSchema.parse(o.settings ?? {});
	const pacer = new Pacer({ budget: settings.budget, windowMs: settings.windowMs });
	try {
		const client = await (o.clientFactory ?? workspaceClientFactory(ws))(pacedFetch(pacer, settings.requestTimeoutMs, o.fetch));
		const retry = new ChunkSender(
			client,
			new Ledger(ws, 0),
			pacer,
			settings,
			{ requests: 0, retries: 0, rateLimited: 0, refusalRequests: 0, created: {}, updated: {}, failed: {}, failures: [] },
			60
		);
		const records: Record<string, number> = {};
		for (const plural of plurals) records[plural] = await readOne(ws, client, retry, plural);
		await ws.audit('loader.readback', null, { records, requests: pacer.requests });
		return { records, requests: pacer.requests };
	} finally {
		pacer.stop();
	}
}

async function readOne(ws: Workspace, client: TwentyClient, retry: ChunkSender, plural: string): Promise<number> {
	await ws.run(`delete from loader.readback where plural = $1`, [plural]);
	let after: string | undefined;
	let n = 0;
	for (;;) {
		const page = await retry.retrying(plural, [], () => client.list(plural, { limit: 200, startingAfter: after }));
		if (page.records.length) {
			await ws.run(
				`insert into loader.readback (plural, id, record) select $1, r->>'id', r from (select unnest(from_json($2::json, '["JSON"]')) as r)`,
				[plural, JSON.stringify(page.records)]
			);
			n += page.records.length;
		}
		if (!page.pageInfo?.hasNextPage || !page.pageInfo.endCursor) return n;
		after = page.pageInfo.endCursor;
	}
}
