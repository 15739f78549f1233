// Undoing a run (DESIGN invariant 4): destroy (DELETE without soft_delete, so unique values
// are free again) every record the run created or may have created, in reverse step order;
// put back the before-image of every record it updated; then read the ids back to verify.
import type { Workspace } from '../db/index.js';
import { TwentyError, type TwentyClient } from '../twenty/index.js';
import { workspaceClientFactory, type ClientFactory } from './client.js';
import { getRun, Ledger, setRunStatus } from './ledger.js';
import { Pacer, pacedFetch } from './pacer.js';
import { activeRun } from './push.js';
import { ChunkSender } from './sender.js';
import { pushSettingsSchema, type PushSettingsInput } from './settings.js';
import { FerryError } from '../errors.js';
import type { RollbackResult } from '../../shared/contracts/jobs.js';

export type { RollbackResult };

interface Target {
	source_key: string;
	plural: string;
	step: number;
	twenty_id: string;
	operation: string;
	before_image: string | null;
	payload: string;
}

/**
 * Records per bulk call: Twenty 2.19 destroyed 200 in one call (rec v2.19 q2_03) and lists at most
 * 200; TWENTY.md's MUTATION_MAXIMUM_AFFECTED_RECORDS default is 100. Start at 200 and take the
 * number a refusal names (else halve), like the push does.
 */
const START = 200;
const MAXIMUM = /maximum[^0-9]*(\d+)/i;

/** Runs `call` over `list` in chunks, shrinking the chunk when Twenty refuses its size. */
type Chunked = <T>(list: Target[], call: (ids: string[], rows: Target[]) => Promise<T>) => Promise<T[]>;

/** One rollback's chunking: the size it learns holds for the rest of that rollback. */
const chunker =
	(size = { n: START }): Chunked =>
	async (list, call) => {
		const out: Awaited<ReturnType<typeof call>>[] = [];
		for (let i = 0; i < list.length;) {
			const rows = list.slice(i, i + size.n);
			try {
				out.push(
					await call(
						rows.map((r) => r.twenty_id),
						rows
					)
				);
				i += rows.length;
			} catch (e) {
				if (!(e instanceof TwentyError) || e.status !== 400 || rows.length === 1 || !/maximum|too many|limit/i.test(e.messages.join(' ')))
					throw e;
				const said = Number(MAXIMUM.exec(e.messages.join(' '))?.[1] ?? 0);
				size.n = said > 0 && said < rows.length ? said : Math.max(1, Math.floor(rows.length / 2));
			}
		}
		return out;
	};

export async function rollbackRun(
	ws: Workspace,
	runId: number,
	o: { settings?: PushSettingsInput; clientFactory?: ClientFactory; fetch?: typeof fetch; actor?: string } = {}
): Promise<RollbackResult> {
	const run = await getRun(ws, runId);
	if (activeRun(ws, runId)) throw new FerryError(`run ${runId} is still running: cancel it first`, 409);
	if (run.status === 'rolled-back') throw new FerryError(`run ${runId} is already rolled back`, 409);
	const settings = pushSettingsSchema.parse(o.settings ?? {});
	const pacer = new Pacer({ budget: settings.budget, windowMs: settings.windowMs });
	const client = await (o.clientFactory ?? workspaceClientFactory(ws))(pacedFetch(pacer, settings.requestTimeoutMs, o.fetch));
	const sender = new ChunkSender(
		client,
		new Ledger(ws, runId),
		pacer,
		settings,
		{ requests: 0, retries: 0, rateLimited: 0, refusalRequests: 0, created: {}, updated: {}, failed: {}, failures: [] },
		START
	);
	try {
		// Created, or perhaps created (a request whose answer never came): destroying an absent id is harmless.
		const rows = await ws.all<Target>(
			`select source_key, plural, step, twenty_id, operation, before_image::varchar as before_image, payload::varchar as payload
			from loader.ledger where run_id = $1 and (status = 'done' or uncertain or status = 'in-flight') order by step desc, plural, source_key`,
			[runId]
		);
		const creates = rows.filter((r) => r.operation === 'create');
		const updates = rows.filter((r) => r.operation === 'update' && r.before_image);
		const inChunks = chunker();
		const destroyed = await destroyAll(client, sender, creates, inChunks);
		const restored = await restoreAll(client, sender, updates, inChunks);
		const remaining = await verify(client, sender, creates, inChunks);
		if (remaining > 0) throw new FerryError(`rollback of run ${runId} left ${remaining} record(s) in Twenty; run it again`, 409);
		await ws.run(
			`update loader.ledger set status = 'rolled-back', updated_at = now() where run_id = $1 and (status = 'done' or uncertain or status = 'in-flight')`,
			[runId]
		);
		await setRunStatus(ws, runId, 'rolled-back');
		const result = { runId, destroyed, restored, remaining, requests: pacer.requests };
		await ws.audit('loader.rollback', `run:${runId}`, { ...result }, o.actor);
		return result;
	} finally {
		pacer.stop();
	}
}

function byPlural(rows: Target[]): Array<[string, Target[]]> {
	const m = new Map<string, Target[]>();
	for (const r of rows) m.set(r.plural, [...(m.get(r.plural) ?? []), r]);
	return [...m]; // rows arrive in reverse step order, so links go before their ends
}

async function destroyAll(client: TwentyClient, sender: ChunkSender, rows: Target[], inChunks: Chunked): Promise<number> {
	let n = 0;
	for (const [plural, list] of byPlural(rows))
		for (const done of await inChunks(list, (ids) =>
			sender.retrying(plural, [], () => client.deleteMany(plural, `id[in]:[${ids.join(',')}]`))
		))
			n += done.length;
	return n;
}

/** Puts back the fields the run wrote, as they were before (upsert on id updates only those). */
async function restoreAll(client: TwentyClient, sender: ChunkSender, rows: Target[], inChunks: Chunked): Promise<number> {
	let n = 0;
	for (const [plural, list] of byPlural(rows)) {
		const restored = await inChunks(list, (_ids, chunk) => {
			const body = chunk.map((r) => {
				const before = JSON.parse(r.before_image!) as Record<string, unknown>;
				const written = Object.keys(JSON.parse(r.payload) as object);
				return Object.fromEntries([['id', r.twenty_id], ...written.map((k) => [k, before[k] ?? null])]);
			});
			return sender.retrying(plural, [], () => client.createMany(plural, body, { upsert: true }));
		});
		for (const done of restored) n += done.length;
	}
	return n;
}

async function verify(client: TwentyClient, sender: ChunkSender, rows: Target[], inChunks: Chunked): Promise<number> {
	let left = 0;
	for (const [plural, list] of byPlural(rows))
		for (const page of await inChunks(list, (ids) =>
			sender.retrying(plural, [], () => client.list(plural, { filter: `id[in]:[${ids.join(',')}]`, limit: ids.length }))
		))
			left += page.records.length;
	return left;
}
