// Sends one chunk of ledger rows to Twenty and settles every row: done, failed with a reason,
// or (after a crash) left in-flight for resume. Creates go to POST /rest/batch/<plural> with
// the deterministic ids; a 400 is never retried blindly: the chunk is reconciled by reading its
// ids back (ours → done, pre-existing → update with a before-image) and bisected to isolate
// the records Twenty refuses.
import pRetry from 'p-retry';
import { log } from '../log/index.js';
import { TwentyError, type TwentyClient } from '../twenty/index.js';
import { FerryError } from '../errors.js';
import { TargetUnavailable } from './errors.js';
import type { Ledger, LedgerRow } from './ledger.js';
import type { Pacer } from './pacer.js';
import type { PushSettings } from './settings.js';

export interface SendStats {
	requests: number;
	retries: number;
	rateLimited: number;
	/** Requests spent because Twenty refused something: the refused calls and the re-sends that isolated the records to blame. */
	refusalRequests: number;
	created: Record<string, number>;
	updated: Record<string, number>;
	failed: Record<string, number>;
	failures: Array<{ sourceKey: string; plural: string; reason: string }>;
	onRetry?: (info: { plural: string; records: number; attempt: number; status: number }) => void;
}

const TOO_LARGE = /maximum number of records/i;
/** Twenty names its ceiling: "Maximum number of records to upsert is 200." */
const CEILING = /maximum number of records[^0-9]*(\d+)/i;
/** A relation to a record that does not exist (yet): worth one more try at the end of the object. */
const MISSING_RELATION = /foreign key/i;
const DUPLICATE = /duplicate|already exists|unique/i;
const bump = (m: Record<string, number>, k: string, n: number) => (m[k] = (m[k] ?? 0) + n);

export function retryable(e: unknown): boolean {
	return e instanceof TwentyError && (e.status === 0 || e.status === 429 || e.status === 408 || e.status >= 500);
}

/** Status 0 (reset, timeout) and 5xx may have been applied; 429 never was. */
const unknownOutcome = (e: unknown) => e instanceof TwentyError && (e.status === 0 || e.status >= 500);

export const reasonOf = (e: unknown) =>
	e instanceof TwentyError ? `${e.status || 'network'}: ${e.messages.join('; ') || 'request failed'}` : (e as Error).message;

export class ChunkSender {
	constructor(
		readonly client: TwentyClient,
		private ledger: Ledger,
		private pacer: Pacer,
		private s: PushSettings,
		readonly stats: SendStats,
		/** The current batch size: halved for the rest of the run if the target refuses it. */
		public batchSize: number
	) {}

	/** Retries 429, 5xx, timeouts and resets with exponential backoff and jitter; a 429 pauses every request. */
	retrying<T>(plural: string, rows: LedgerRow[], call: () => Promise<T>): Promise<T> {
		return pRetry(call, {
			retries: this.s.retries,
			factor: 2,
			minTimeout: this.s.minBackoffMs,
			maxTimeout: this.s.maxBackoffMs,
			randomize: true,
			shouldRetry: ({ error }) => retryable(error),
			onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
				if (!retryable(error) || retriesLeft === 0) return;
				const e = error as TwentyError;
				this.stats.retries++;
				if (e.status === 429) {
					this.stats.rateLimited++;
					this.pacer.pauseFor(e.retryAfterMs ?? Math.min(this.s.maxBackoffMs, this.s.minBackoffMs * 2 ** (attemptNumber - 1)));
				}
				this.stats.onRetry?.({ plural, records: rows.length, attempt: attemptNumber, status: e.status });
				if (rows.length) await this.ledger.retry(rows, unknownOutcome(e));
			}
		});
	}

	/** Retries ran out on a transient failure: the error that stops the run instead of calling the records failed. */
	gaveUp(plural: string, e: unknown): TargetUnavailable {
		return new TargetUnavailable(plural, this.s.retries, reasonOf(e));
	}

	/**
	 * The error that stops the run instead of settling the records, or null for a verdict on them:
	 * retries ran out, or Twenty answered in a shape Ferry cannot read (a FerryError from the
	 * client; the write may have been applied, so the rows stay in flight for resume to read back).
	 */
	stopping(plural: string, e: unknown): FerryError | null {
		if (retryable(e)) return this.gaveUp(plural, e);
		return e instanceof FerryError ? e : null;
	}

	private stopIf(plural: string, e: unknown): void {
		const stop = this.stopping(plural, e);
		if (stop) throw stop;
	}

	private body = (rows: LedgerRow[]) => rows.map((r) => ({ ...r.payload, id: r.id }));

	private deferred = new Map<string, LedgerRow[]>();
	/** Records set aside while a refused chunk was bisected: unknown, not blamed; they go again in full chunks. */
	private spare = new Map<string, LedgerRow[]>();
	/** Until the target has answered one batch create, creates go one at a time: a refused size is learned once. */
	private sizeProbe: Promise<void> | null = null;
	private sizeKnown = false;

	/** lastTry: records deferred for a missing relation fail for good this time. */
	async send(plural: string, rows: LedgerRow[], lastTry = false): Promise<void> {
		const creates = rows.filter((r) => r.operation === 'create');
		const updates = rows.filter((r) => r.operation === 'update');
		log.trace('loader.chunk', { plural, creates: creates.length, updates: updates.length, lastTry });
		if (creates.length) await this.creates(plural, creates, lastTry);
		if (updates.length) await this.updates(plural, updates);
	}

	takeSpare(plural: string): LedgerRow[] {
		const rows = this.spare.get(plural) ?? [];
		this.spare.delete(plural);
		return rows;
	}

	takeDeferred(plural: string): LedgerRow[] {
		const rows = this.deferred.get(plural) ?? [];
		this.deferred.delete(plural);
		return rows;
	}

	private async refused(plural: string, rows: LedgerRow[], e: TwentyError, lastTry: boolean): Promise<void> {
		if (lastTry || !e.messages.some((m) => MISSING_RELATION.test(m))) return this.fail(plural, rows, reasonOf(e));
		await this.ledger.pending(rows);
		this.deferred.set(plural, [...(this.deferred.get(plural) ?? []), ...rows]);
	}

	/** Creates in chunks of at most batchSize records and maxBodyBytes of JSON; the first call learns the target's ceiling. */
	private async creates(plural: string, rows: LedgerRow[], lastTry = false): Promise<void> {
		// Only a full chunk proves a size: a short one (an object's last records) leaves the question open.
		while (!this.sizeKnown && this.sizeProbe) await this.sizeProbe.catch(() => {});
		if (!this.sizeKnown && rows.length) {
			const first = rows.slice(0, this.batchSize);
			rows = rows.slice(first.length);
			const probe = this.createChunk(plural, first, lastTry);
			this.sizeProbe = probe.finally(() => (this.sizeProbe = null));
			await probe;
		}
		for (const chunk of this.chunks(rows)) await this.createChunk(plural, chunk, lastTry);
	}

	/** Consecutive slices within the batch size and the body limit (a body Twenty's parser refuses would cost a request). */
	private chunks(rows: LedgerRow[]): LedgerRow[][] {
		const out: LedgerRow[][] = [];
		let cur: LedgerRow[] = [];
		let bytes = 2;
		for (const r of rows) {
			const size = JSON.stringify(r.payload).length + 50;
			if (cur.length && (cur.length >= this.batchSize || bytes + size > this.s.maxBodyBytes)) {
				out.push(cur);
				cur = [];
				bytes = 2;
			}
			cur.push(r);
			bytes += size;
		}
		if (cur.length) out.push(cur);
		return out;
	}

	private async createChunk(plural: string, rows: LedgerRow[], lastTry: boolean, knownRefusal?: TwentyError): Promise<void> {
		if (!rows.length) return;
		if (knownRefusal) return this.isolate(plural, rows, knownRefusal, lastTry);
		await this.ledger.inFlight(rows);
		try {
			await this.retrying(plural, rows, () => this.client.createMany(plural, this.body(rows)));
			if (rows.length >= this.batchSize) this.sizeKnown = true;
			await this.ledger.done(rows, 'create');
			bump(this.stats.created, plural, rows.length);
		} catch (e) {
			this.stopIf(plural, e);
			if (!(e instanceof TwentyError) || e.status !== 400) return this.fail(plural, rows, reasonOf(e));
			this.stats.refusalRequests++;
			if (e.messages.some((m) => TOO_LARGE.test(m)) && rows.length > 1) {
				// Twenty says its ceiling: use exactly that for the rest of the run (else halve).
				const said = Number(CEILING.exec(e.messages.join(' '))?.[1] ?? 0);
				this.batchSize = Math.max(1, said > 0 && said < rows.length ? said : Math.floor(rows.length / 2));
				this.sizeKnown = true;
				await this.ledger.pending(rows);
				for (const chunk of this.chunks(rows)) await this.createChunk(plural, chunk, lastTry);
				return;
			}
			if (rows.length >= this.batchSize) this.sizeKnown = true;
			// Reading ids back only helps when Twenty may hold them: a duplicate, or an earlier attempt of unknown outcome.
			if (DUPLICATE.test(e.messages.join(' ')) || rows.some((r) => r.uncertain)) return this.reconcile(plural, rows, e, lastTry);
			await this.isolate(plural, rows, e, lastTry);
		}
	}

	/**
	 * A chunk Twenty refused: find the records to blame with one request per halving. The first
	 * half goes; if Twenty takes it, the refusal lies in the second half, which is halved without
	 * being sent. If Twenty refuses it too, the search goes on inside it and the second half, not
	 * blamed, waits in the spare pool to travel in a full chunk later. A single record left is the
	 * one Twenty refused, with Twenty's reason. One bad record costs at most log2(chunk) requests.
	 */
	private async isolate(plural: string, rows: LedgerRow[], e: TwentyError, lastTry: boolean): Promise<void> {
		// A lone record refused as a duplicate may be this run's own, committed by an attempt Twenty answered with an error.
		if (rows.length === 1)
			return DUPLICATE.test(e.messages.join(' ')) ? this.reconcile(plural, rows, e, lastTry) : this.refused(plural, rows, e, lastTry);
		const mid = Math.ceil(rows.length / 2);
		const [first, second] = [rows.slice(0, mid), rows.slice(mid)];
		await this.ledger.pending(rows);
		let refusal: TwentyError | null = null;
		await this.ledger.inFlight(first);
		try {
			await this.retrying(plural, first, () => this.client.createMany(plural, this.body(first)));
			await this.ledger.done(first, 'create');
			bump(this.stats.created, plural, first.length);
		} catch (err) {
			this.stopIf(plural, err);
			if (!(err instanceof TwentyError) || err.status !== 400) return this.fail(plural, first, reasonOf(err));
			refusal = err;
		}
		this.stats.refusalRequests++;
		if (!refusal) return this.isolate(plural, second, e, lastTry);
		this.spare.set(plural, [...(this.spare.get(plural) ?? []), ...second]);
		await this.isolate(plural, first, refusal, lastTry);
	}

	/** A refused create: which of its ids does Twenty already hold? */
	private async reconcile(plural: string, rows: LedgerRow[], refusal: TwentyError, lastTry: boolean): Promise<void> {
		let found: Array<Record<string, unknown> & { id: string }>;
		try {
			const filter = `id[in]:[${rows.map((r) => r.id).join(',')}]`;
			found = (await this.retrying(plural, [], () => this.client.list(plural, { filter, limit: rows.length }))).records as typeof found;
		} catch (e) {
			this.stopIf(plural, e);
			return this.fail(plural, rows, `${reasonOf(refusal)} (and reading the ids back failed: ${reasonOf(e)})`);
		}
		const byId = new Map(found.map((r) => [r.id, r]));
		// Present under this workspace's deterministic id: ours, unless an earlier run already put it there. Not
		// only after an attempt of unknown outcome: a real Twenty once answered a 400 (its database read timed
		// out) for a chunk PostgreSQL had committed, and those records then met "duplicate entry" in this run.
		const earlier = await this.ledger.knownBefore(rows.filter((r) => byId.has(r.id)));
		const ours = rows.filter((r) => byId.has(r.id) && !earlier.has(r.sourceKey));
		const before = rows.filter((r) => byId.has(r.id) && !ours.includes(r)).map((r) => Object.assign(r, { before: byId.get(r.id) }));
		const rest = rows.filter((r) => !byId.has(r.id));
		if (ours.length) {
			await this.ledger.done(ours, 'create');
			bump(this.stats.created, plural, ours.length);
		}
		if (before.length) {
			await this.ledger.asUpdates(before);
			await this.updates(plural, before);
		}
		if (!rest.length) return;
		if (rest.length < rows.length) return this.createChunk(plural, rest, lastTry);
		if (rows.length === 1) return this.refused(plural, rows, refusal, lastTry);
		await this.isolate(plural, rows, refusal, lastTry);
	}

	/** Pre-existing records: upsert on id only updates the supplied fields. */
	private async updates(plural: string, rows: LedgerRow[]): Promise<void> {
		await this.ledger.inFlight(rows);
		try {
			await this.retrying(plural, rows, () => this.client.createMany(plural, this.body(rows), { upsert: true }));
			await this.ledger.done(rows, 'update');
			bump(this.stats.updated, plural, rows.length);
		} catch (e) {
			this.stopIf(plural, e);
			if (!(e instanceof TwentyError) || e.status !== 400 || rows.length === 1) return this.fail(plural, rows, reasonOf(e));
			this.stats.refusalRequests++;
			await this.split(plural, rows, (half) => this.updates(plural, half));
		}
	}

	private async split(plural: string, rows: LedgerRow[], each: (half: LedgerRow[]) => Promise<void>): Promise<void> {
		await this.ledger.pending(rows);
		const mid = Math.ceil(rows.length / 2);
		for (let i = 0; i < rows.length; i += Math.min(mid, this.batchSize)) await each(rows.slice(i, i + Math.min(mid, this.batchSize)));
	}

	failRows(plural: string, rows: LedgerRow[], reason: string): Promise<void> {
		return this.fail(plural, rows, reason);
	}

	private async fail(plural: string, rows: LedgerRow[], reason: string): Promise<void> {
		log.debug('loader.failed', { plural, records: rows.length }); // the reason quotes Twenty, which quotes values
		await this.ledger.failed(rows, reason);
		bump(this.stats.failed, plural, rows.length);
		for (const r of rows.slice(0, Math.max(0, 50 - this.stats.failures.length)))
			this.stats.failures.push({ sourceKey: r.sourceKey, plural, reason });
	}
}
