// A run: approved batches pushed in Twenty's order (stage.plan steps; links after both ends),
// chunk by chunk through a p-queue, paced by the token bucket. Pause, resume and cancel act
// between chunks; a crash leaves in-flight rows that resumeRun reconciles with Twenty.
import PQueue from 'p-queue';
import type { Workspace } from '../db/index.js';
import type { TwentyClient } from '../twenty/index.js';
import { workspaceClientFactory, type ClientFactory } from './client.js';
import { assertFrozenFromConfirmedMap } from './confirmation.js';
import { assertLossesAcknowledgedFor } from './batches.js';
import { createRun, getRun, Ledger, runCounts, setRunStatus, tiersOf, type LedgerRow, type RunCounts } from './ledger.js';
import { Pacer, pacedFetch } from './pacer.js';
import { log } from '../log/index.js';
import { ensureLoader } from './schema.js';
import { ChunkSender, reasonOf, type SendStats } from './sender.js';
import { withFiles } from './files.js';
import { sendLinks } from './links.js';
import { detachUnresolved } from './unresolved.js';
import type { DuckDBValue } from '@duckdb/node-api';
import { clearActive, getActive, setActive } from './active.js';
import { pushSettingsSchema, type PushSettings, type PushSettingsInput } from './settings.js';
import { FerryError } from '../errors.js';
import { startJob } from '../jobs/index.js';
import type { RunProgress } from '../../shared/contracts/loader.js';

export type { RunProgress };

export interface RunOptions {
	settings?: PushSettingsInput;
	/** Builds the client around the paced fetch; default: the workspace's target. */
	clientFactory?: ClientFactory;
	/** Underlying fetch (tests inject crashes here). */
	fetch?: typeof globalThis.fetch;
	actor?: string;
	onProgress?: (p: RunProgress) => void;
	/** Only these records of the batches (a retry of failed ones, retry.ts). */
	sourceKeys?: string[];
}

export class LoaderRun {
	status: RunProgress['status'] = 'running';
	private paused: { promise: Promise<void>; release: () => void } | null = null;
	private startedAt = performance.now();
	private startDone: number | null = null;
	private counts: RunCounts[] = [];
	readonly stats: SendStats = {
		requests: 0,
		retries: 0,
		rateLimited: 0,
		refusalRequests: 0,
		created: {},
		updated: {},
		failed: {},
		failures: []
	};
	done!: Promise<RunProgress>;
	sender!: ChunkSender;
	fileField?: Promise<string>;
	ledger!: Ledger;
	/** Records held back during the run (they point at a failed or held-back record), per object, not yet in counts. */
	heldBack: Record<string, number> = {};
	/** Why the run stopped early (see stop). */
	fatal: Error | null = null;

	constructor(
		readonly ws: Workspace,
		readonly runId: number,
		readonly settings: PushSettings,
		readonly pacer: Pacer,
		private onProgress?: (p: RunProgress) => void
	) {}

	pause(): void {
		if (this.paused || !['running', 'reconciling'].includes(this.status)) return;
		let release!: () => void;
		this.paused = { promise: new Promise((r) => (release = r)), release };
		this.status = 'paused';
		this.emit();
	}

	resume(): void {
		if (!this.paused) return;
		this.paused.release();
		this.paused = null;
		this.status = 'running';
		this.emit();
	}

	cancel(): void {
		if (['done', 'failed', 'cancelled'].includes(this.status)) return;
		this.status = 'cancelling';
		this.paused?.release();
		this.paused = null;
		this.emit();
	}

	/**
	 * This process lets the run go as if it had died (kill -9): it stops writing the ledger and
	 * forgets the run, so resumeRun can take over. Used by crash tests and on shutdown.
	 */
	abandon(): void {
		this.ledger.closed = true;
		this.pacer.stop();
		clearActive(this.ws, this.runId, this);
	}

	/**
	 * Twenty stayed unreachable (or kept refusing with 429/5xx) through every retry: the run stops
	 * taking new chunks, the rows of that chunk stay in-flight for resume to read back, and the
	 * run ends 'failed' with this reason. The first reason wins.
	 */
	stop(e: unknown): void {
		this.fatal ??= e instanceof Error ? e : new Error(String(e));
		this.paused?.release();
		this.paused = null;
	}

	/** Between chunks: wait while paused; false once cancelled or stopped. */
	async proceed(): Promise<boolean> {
		while (this.paused) await this.paused.promise;
		return this.status !== 'cancelling' && !this.fatal;
	}

	private doneCount(): number {
		return this.counts.reduce((n, c) => n + c.created + c.updated + c.failed + c.skipped, 0);
	}

	progress(): RunProgress {
		const live = this.counts.map((c) => {
			const created = c.created + (this.stats.created[c.plural] ?? 0);
			const updated = c.updated + (this.stats.updated[c.plural] ?? 0);
			const failed = c.failed + (this.stats.failed[c.plural] ?? 0);
			const skipped = c.skipped + (this.heldBack[c.plural] ?? 0);
			return {
				...c,
				created,
				updated,
				failed,
				skipped,
				pending: Math.max(0, c.total - created - updated - failed - skipped - c.rolledBack)
			};
		});
		const elapsedMs = performance.now() - this.startedAt;
		const settled = live.reduce((n, c) => n + c.created + c.updated + c.failed + c.skipped, 0) - (this.startDone ?? 0);
		const remaining = live.reduce((n, c) => n + c.pending, 0);
		const perMin = elapsedMs > 0 ? (settled / elapsedMs) * 60_000 : 0;
		return {
			runId: this.runId,
			status: this.status,
			objects: live,
			requests: this.pacer.requests,
			retries: this.stats.retries,
			rateLimited: this.stats.rateLimited,
			refusalRequests: this.stats.refusalRequests,
			recordsPerMinute: Math.round(perMin),
			headroom: this.pacer.headroom(),
			etaSeconds: perMin > 0 ? Math.round((remaining / perMin) * 60) : null,
			failures: this.stats.failures.slice(0, 20),
			elapsedMs: Math.round(elapsedMs),
			batchSize: this.sender?.batchSize ?? this.settings.batchSize
		};
	}

	emit(): void {
		this.onProgress?.(this.progress());
	}

	async loadCounts(): Promise<void> {
		this.counts = await runCounts(this.ws, this.runId);
		// The ledger now holds what the in-memory tallies counted: start them again.
		Object.assign(this.stats, { created: {}, updated: {}, failed: {} });
		this.heldBack = {};
		this.startDone ??= this.doneCount();
	}
}

export function activeRun(ws: Workspace, runId: number): LoaderRun | undefined {
	const run = getActive(ws, runId);
	return run instanceof LoaderRun ? run : undefined;
}

/** Only approved batches frozen from the map confirmed now move (DESIGN invariant 2). */
async function assertPushable(ws: Workspace, batchIds: number[]): Promise<void> {
	if (!batchIds.length) throw new FerryError('no batch to push: freeze and approve a batch first', 409);
	const batches = await ws.all<{ id: number; plural: string; status: string }>(`select id, plural, status from loader.batches`);
	for (const id of batchIds) {
		const b = batches.find((x) => x.id === id);
		if (!b) throw new FerryError(`batch ${id} does not exist`, 404);
		if (b.status !== 'approved')
			throw new FerryError(`batch ${id} (${b.plural}) is not approved: only approved batches can be pushed`, 409);
	}
	await assertFrozenFromConfirmedMap(ws, batchIds);
	await assertLossesAcknowledgedFor(ws, batchIds);
}

/** Starts a run over the given approved batches (default: every approved batch). */
export function startRun(ws: Workspace, batchIds: number[] | undefined, o: RunOptions = {}): Promise<LoaderRun> {
	// One start at a time: two pushes at once would both pass the check for an unfinished run.
	return ws.oneAtATime('loader.start', async () => {
		await ensureLoader(ws);
		const ids =
			batchIds ??
			(await ws.all<{ id: number }>(`select id from loader.batches where status = 'approved' order by id`)).map((b) => Number(b.id));
		await assertPushable(ws, ids);
		// Two runs over the same records would race each other's ledgers: an unfinished one goes first.
		const open = await ws.one<{ id: number }>(`select id from loader.runs where status = 'running' order by id desc limit 1`);
		if (open) {
			const state = activeRun(ws, Number(open.id)) ? 'still running' : 'interrupted';
			throw new FerryError(`run ${open.id} is ${state}: resume it (or roll it back) before starting another run`, 409);
		}
		const settings = pushSettingsSchema.parse(o.settings ?? {});
		const t = await tools(ws, settings, o);
		const runId = await createRun(ws, ids, settings, o.sourceKeys).catch((e: unknown) => {
			t.pacer.stop();
			throw e;
		});
		await ws.audit(
			'loader.push',
			`run:${runId}`,
			{ batches: ids, budget: settings.budget, batchSize: settings.batchSize, ...(o.sourceKeys ? { records: o.sourceKeys.length } : {}) },
			o.actor
		);
		return launch(ws, runId, settings, o, false, t);
	});
}

/** Continues an unfinished run (crash, cancel, failure): in-flight rows are first reconciled with Twenty. */
export function resumeRun(ws: Workspace, runId: number, o: RunOptions = {}): Promise<LoaderRun> {
	return ws.oneAtATime('loader.start', async () => {
		const run = await getRun(ws, runId);
		if (activeRun(ws, runId)) throw new FerryError(`run ${runId} is already running`, 409);
		if (run.status === 'done' || run.status === 'rolled-back')
			throw new FerryError(`run ${runId} is ${run.status}: nothing to resume`, 409);
		await assertFrozenFromConfirmedMap(ws, run.batchIds);
		const settings = pushSettingsSchema.parse(o.settings ?? {});
		const t = await tools(ws, settings, o);
		await setRunStatus(ws, runId, 'running');
		await ws.audit('loader.resume', `run:${runId}`, {}, o.actor);
		return launch(ws, runId, settings, o, true, t);
	});
}

/**
 * The pacer and the paced client of a run, made before anything is written: a missing or
 * unreadable target refuses the push (409, naming it) and leaves no run behind to block the next.
 */
async function tools(ws: Workspace, settings: PushSettings, o: RunOptions): Promise<{ pacer: Pacer; client: TwentyClient }> {
	const pacer = new Pacer({ budget: settings.budget, windowMs: settings.windowMs });
	try {
		return { pacer, client: await (o.clientFactory ?? workspaceClientFactory(ws))(pacedFetch(pacer, settings.requestTimeoutMs, o.fetch)) };
	} catch (e) {
		pacer.stop();
		throw e;
	}
}

/** The newest run that did not finish, for `ferry push --resume`. */
export async function unfinishedRun(ws: Workspace): Promise<number | null> {
	await ensureLoader(ws);
	const r = await ws.one<{ id: number }>(`select id from loader.runs where status not in ('done', 'rolled-back') order by id desc limit 1`);
	return r ? Number(r.id) : null;
}

function launch(
	ws: Workspace,
	runId: number,
	settings: PushSettings,
	o: RunOptions,
	reconcile: boolean,
	{ pacer, client }: { pacer: Pacer; client: TwentyClient }
): LoaderRun {
	let report: ((p: RunProgress) => void) | undefined;
	const run = new LoaderRun(ws, runId, settings, pacer, (p) => (report?.(p), o.onProgress?.(p)));
	const ledger = new Ledger(ws, runId);
	run.ledger = ledger;
	run.stats.onRetry = (info) => void ws.audit('loader.retry', `run:${runId}`, info, o.actor).catch(() => {});
	run.sender = new ChunkSender(client, ledger, pacer, settings, run.stats, settings.batchSize);
	setActive(ws, run);
	// Long work, so a job like every other (listed with the workspace's jobs, its progress at
	// /jobs/<id>); what outlives this process is the run's ledger, not the job.
	startJob('push', ws.name, (r) => {
		report = r;
		return (run.done = execute(run, client, ledger, reconcile, o.actor).finally(() => {
			pacer.stop();
			clearActive(ws, runId, run);
		}));
	});
	return run;
}

async function execute(run: LoaderRun, client: TwentyClient, ledger: Ledger, reconcile: boolean, actor?: string): Promise<RunProgress> {
	const { ws, runId } = run;
	const ticker = setInterval(() => run.emit(), 500);
	try {
		if (reconcile) {
			run.status = 'reconciling';
			await reconcileInFlight(run, client, ledger);
			run.status = 'running';
		}
		await run.loadCounts();
		run.emit();
		const steps = [...new Set(run.progress().objects.map((c) => c.step))].sort((a, b) => a - b);
		for (const step of steps) {
			if (!(await run.proceed())) break;
			const plurals = run
				.progress()
				.objects.filter((c) => c.step === step)
				.map((c) => c.plural);
			await Promise.all(plurals.map((p) => pushPlural(run, ledger, p).catch((e: unknown) => run.stop(e))));
		}
		if (run.fatal) throw run.fatal;
		await ledger.flush();
		// Links on a cycle inside an object, now that every record they join exists.
		if (await run.proceed()) await sendLinks(ws, runId, run.sender, run.settings.concurrency, () => run.proceed());
		await run.loadCounts();
		const cancelled = run.status === 'cancelling';
		run.status = cancelled ? 'cancelled' : 'done';
		if (!ledger.closed) await setRunStatus(ws, runId, run.status);
	} catch (e) {
		run.status = 'failed';
		await ledger.flush().catch(() => {});
		if (ledger.closed) return run.progress();
		await setRunStatus(ws, runId, 'failed', reasonOf(e)).catch(() => {});
	} finally {
		clearInterval(ticker);
	}
	if (ledger.closed) return run.progress();
	const p = run.progress();
	const sum = (k: 'created' | 'updated' | 'failed') => p.objects.reduce((n, c) => n + c[k], 0);
	await ws.audit(
		`loader.run.${run.status}`,
		`run:${runId}`,
		{
			created: sum('created'),
			updated: sum('updated'),
			failed: sum('failed'),
			requests: p.requests,
			retries: p.retries,
			rateLimited: p.rateLimited,
			refusalRequests: p.refusalRequests
		},
		actor
	);
	run.emit();
	return p;
}

/** Rows read per page: about 2000, a whole number of chunks so pages add no short request. */
const pageSize = (batch: number) => batch * Math.max(1, Math.round(2000 / batch));

/** The attachment object's FILES field: as read at freeze (the run's newest attachments batch), else from the target's metadata. */
async function fileFieldId(run: LoaderRun): Promise<string> {
	run.fileField ??= (async () => {
		const frozen = await run.ws.one<{ field_id: string }>(
			`select field_id from loader.files_field where batch_id in (
			select batch_id from loader.ledger where run_id = $1 and plural = 'attachments') order by batch_id desc limit 1`,
			[run.runId]
		);
		if (frozen) return frozen.field_id;
		const objects = await run.sender.retrying('attachments', [], () => run.sender.client.metadata.listObjects());
		const field = objects.find((o) => o.namePlural === 'attachments')?.fields.find((f) => f.type === 'FILES');
		if (!field) throw new FerryError('the target has no FILES field on attachments: cannot upload attachment files');
		return field.id;
	})();
	return run.fileField;
}

/** Each tier (records others of this object point at come first) finishes before the next; then the
 *  records Twenty refused for a missing relation get one more try, now that more exists. */
async function pushPlural(run: LoaderRun, ledger: Ledger, plural: string): Promise<void> {
	for (const tier of await tiersOf(run.ws, run.runId, plural)) if (!(await pushTier(run, ledger, plural, tier))) return;
	const deferred = await holdBack(run, ledger, plural, undefined, run.sender.takeDeferred(plural));
	for (let i = 0; i < deferred.length && (await run.proceed()); i += run.sender.batchSize)
		await run.sender.send(plural, deferred.slice(i, i + run.sender.batchSize), true);
}

/**
 * Twenty's database refuses a record whose relation points at nothing, and with it the whole
 * batch call. So before a tier goes, every pending record of it that points at a record of this
 * run that failed or was held back is held back too (skipped, naming that record and why): it
 * never reaches Twenty, and the skip cascades down the chain (a patient's tasks, their targets).
 * With `rows`, returns those of them still pending.
 */
async function holdBack(run: LoaderRun, ledger: Ledger, plural: string, tier?: number, rows?: LedgerRow[]): Promise<LedgerRow[]> {
	await ledger.flush();
	const bad = await run.ws.count(`loader.ledger where run_id = $1 and status in ('failed', 'skipped')`, [run.runId]);
	if (!bad) return rows ?? [];
	// Where the map says so, an optional link to such a record is dropped instead (recorded as unresolved).
	const detached = await detachUnresolved(
		(sql, p) => run.ws.run(sql, p as DuckDBValue[]),
		(sql, p) => run.ws.all(sql, p as DuckDBValue[]),
		run.runId,
		'settled',
		{ plural, tier }
	);
	const fieldsOf = new Map<string, string[]>();
	for (const d of detached) fieldsOf.set(d.source_key, [...(fieldsOf.get(d.source_key) ?? []), d.field]);
	for (const r of rows ?? []) for (const f of fieldsOf.get(r.sourceKey) ?? []) r.payload = withoutField(r.payload, f);
	const held = await run.ws.all<{ k: string }>(
		`update loader.ledger l set status = 'skipped', updated_at = now(),
			reason = 'held back: it points at ' || x.plural || ' ' || x.key || ', which ' || case when x.status = 'failed' then 'Twenty refused' else 'was held back' end || ' in this run (fix that record, then push again)'
		from (select p.source_key, min(b.plural) as plural, min(b.source_key) as key, min(b.status) as status
			from (select source_key, unnest(regexp_extract_all(payload::varchar, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')) as rid from loader.ledger
				where run_id = $1 and plural = $2 and status = 'pending' ${tier === undefined ? '' : `and coalesce(ord, 0) = ${Math.floor(tier)}`}) p
			join (select twenty_id, plural, source_key, status from loader.ledger where run_id = $1 and status in ('failed', 'skipped')) b on b.twenty_id = p.rid
			group by p.source_key) x
		where l.run_id = $1 and l.source_key = x.source_key returning l.source_key as k`,
		[run.runId, plural]
	);
	if (held.length) log.debug('loader.held-back', { plural, records: held.length });
	run.heldBack[plural] = (run.heldBack[plural] ?? 0) + held.length;
	const gone = new Set(held.map((h) => h.k));
	return (rows ?? []).filter((r) => !gone.has(r.sourceKey));
}

function withoutField(payload: Record<string, unknown>, field: string): Record<string, unknown> {
	const { [field]: _dropped, ...rest } = payload;
	return rest;
}

async function pushTier(run: LoaderRun, ledger: Ledger, plural: string, tier: number): Promise<boolean> {
	await holdBack(run, ledger, plural, tier);
	const queue = new PQueue({ concurrency: run.settings.concurrency });
	let after: string | undefined;
	let going = true;
	pages: for (;;) {
		const rows = await ledger.rows(plural, ['pending'], { after, limit: pageSize(run.sender.batchSize), tier });
		if (!rows.length) break;
		after = rows[rows.length - 1].sourceKey;
		for (let i = 0; i < rows.length;) {
			const size = run.sender.batchSize;
			const chunk = rows.slice(i, i + size);
			i += size;
			await queue.onSizeLessThan(run.settings.concurrency);
			if (!(going = await run.proceed())) break pages;
			void queue
				.add(async () =>
					run.sender.send(
						plural,
						plural === 'attachments' ? await withFiles(run.ws, run.sender, chunk, await fileFieldId(run), run.settings.maxFileBytes) : chunk
					)
				)
				.catch((e: unknown) => run.stop(e));
		}
	}
	await queue.onIdle();
	// Records set aside while a refusal was bisected (blamed on nothing yet) go again, in full chunks.
	for (let spare = run.sender.takeSpare(plural); spare.length && going; spare = run.sender.takeSpare(plural)) {
		for (let i = 0; i < spare.length && (going = await run.proceed()); i += run.sender.batchSize)
			await run.sender.send(plural, spare.slice(i, i + run.sender.batchSize)).catch((e: unknown) => run.stop(e));
	}
	return going;
}

/** After a crash nobody knows what in-flight requests did: read their ids back. Present creates are ours, absent ones go again. */
async function reconcileInFlight(run: LoaderRun, client: TwentyClient, ledger: Ledger): Promise<void> {
	const plurals = await run.ws.all<{ plural: string }>(
		`select distinct plural from loader.ledger where run_id = $1 and status = 'in-flight'`,
		[run.runId]
	);
	for (const { plural } of plurals) {
		const rows = await ledger.rows(plural, ['in-flight']);
		for (const r of rows) r.uncertain = true;
		for (let i = 0; i < rows.length; i += 60) {
			const chunk = rows.slice(i, i + 60);
			const filter = `id[in]:[${chunk.map((r) => r.id).join(',')}]`;
			const page = await run.sender.retrying(plural, [], () => client.list(plural, { filter, limit: chunk.length }));
			const found = new Map(page.records.map((r) => [r.id, r]));
			// Present creates are ours, unless an earlier run had already put the record there: then it
			// existed before this run (our create could only have been refused) and becomes an update.
			const creates = chunk.filter((r) => found.has(r.id) && r.operation === 'create');
			const earlier = await ledger.knownBefore(creates);
			const present = creates.filter((r) => !earlier.has(r.sourceKey));
			const existed = creates.filter((r) => earlier.has(r.sourceKey)).map((r) => Object.assign(r, { before: found.get(r.id) }));
			// Updates are re-sent: upsert on id is idempotent and the before-image is already kept.
			const again = chunk.filter((r) => !present.includes(r));
			await ledger.retry(chunk, true);
			if (existed.length) await ledger.asUpdates(existed);
			if (present.length) await ledger.done(present, 'create');
			if (again.length) await ledger.pending(again);
		}
	}
	await ledger.flush();
}

export type { LedgerRow };
