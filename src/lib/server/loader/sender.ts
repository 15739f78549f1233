// Sends one chunk of ledger rows to Twenty and settles every row: done, failed with a reason,
// or (after a crash) left in-flight for resume. Creates go to POST /rest/batch/<plural> with
// the deterministic ids; a 400 is never retried blindly: the chunk is reconciled by reading its
// ids back (ours → done, pre-existing → update with a before-image) and bisected to isolate
// the records Twenty refuses.
import pRetry from 'p-retry';
import { log } from '../log/index.js';
import { TwentyError, type TwentyClient } from '../twenty/index.js';
import { TargetUnavailable } from './errors.js';
import type { Ledger, LedgerRow } from './ledger.js';
import type { Pacer } from './pacer.js';
import type { PushSettings } from './settings.js';

export interface SendStats {
	requests: number;
	retries: number;
	rateLimited: number;
	created: Record<string, number>;
	updated: Record<string, number>;
	failed: Record<string, number>;
	failures: Array<{ sourceKey: string; plural: string; reason: string }>;
	onRetry?: (info: { plural: string; records: number; attempt: number; status: number }) => void;
}

const TOO_LARGE = /maximum number of records/i;
/** A relation to a record that does not exist (yet): worth one more try at the end of the object. */
const MISSING_RELATION = /foreign key/i;
const DUPLICATE = /duplicate|already exists|unique/i;
const bump = (m: Record<string, number>, k: string, n: number) => (m[k] = (m[k] ?? 0) + n);

export function retryable(e: unknown): boolean {
	return e instanceof TwentyError && (e.status === 0 || e.status === 429 || e.status === 408 || e.status >= 500);
}

/** Status 0 (reset, timeout) and 5xx may have been applied; 429 never was. */
const unknownOutcome = (e: unknown) => e instanceof TwentyError && (e.status === 0 || e.status >= 500);

export const reasonOf = (e: unknown) => (e instanceof TwentyError ? `${e.status || 'network'}: ${e.messages.join('; ') || 'request failed'}` : (e as Error).message);

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

	private unavailable(plural: string, e: unknown): never {
		throw this.gaveUp(plural, e);
	}

	private body = (rows: LedgerRow[]) => rows.map((r) => ({ ...r.payload, id: r.id }));

	private deferred = new Map<string, LedgerRow[]>();

	/** lastTry: records deferred for a missing relation fail for good this time. */
	async send(plural: string, rows: LedgerRow[], lastTry = false): Promise<void> {
		const creates = rows.filter((r) => r.operation === 'create');
		const updates = rows.filter((r) => r.operation === 'update');
		log.trace('loader.chunk', { plural, creates: creates.length, updates: updates.length, lastTry });
		if (creates.length) await this.creates(plural, creates, lastTry);
		if (updates.length) await this.updates(plural, updates);
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

	private async creates(plural: string, rows: LedgerRow[], lastTry = false): Promise<void> {
		await this.ledger.inFlight(rows);
		try {
			await this.retrying(plural, rows, () => this.client.createMany(plural, this.body(rows)));
			await this.ledger.done(rows, 'create');
			bump(this.stats.created, plural, rows.length);
		} catch (e) {
			if (retryable(e)) this.unavailable(plural, e);
			if (!(e instanceof TwentyError) || e.status !== 400) return this.fail(plural, rows, reasonOf(e));
			if (e.messages.some((m) => TOO_LARGE.test(m)) && rows.length > 1) {
				this.batchSize = Math.max(1, Math.min(this.batchSize, Math.floor(rows.length / 2)));
				return this.split(plural, rows, (half) => this.creates(plural, half, lastTry));
			}
			// Reading ids back only helps when Twenty may hold them: a duplicate, or an earlier attempt of unknown outcome.
			if (DUPLICATE.test(e.messages.join(' ')) || rows.some((r) => r.uncertain)) return this.reconcile(plural, rows, e, lastTry);
			if (rows.length === 1) return this.refused(plural, rows, e, lastTry);
			await this.split(plural, rows, (half) => this.creates(plural, half, lastTry));
		}
	}

	/** A refused create: which of its ids does Twenty already hold? */
	private async reconcile(plural: string, rows: LedgerRow[], refusal: TwentyError, lastTry: boolean): Promise<void> {
		let found: Array<Record<string, unknown> & { id: string }>;
		try {
			const filter = `id[in]:[${rows.map((r) => r.id).join(',')}]`;
			found = (await this.retrying(plural, [], () => this.client.list(plural, { filter, limit: rows.length }))).records as typeof found;
		} catch (e) {
			if (retryable(e)) this.unavailable(plural, e);
			return this.fail(plural, rows, `${reasonOf(refusal)} (and reading the ids back failed: ${reasonOf(e)})`);
		}
		const byId = new Map(found.map((r) => [r.id, r]));
		// Present after an attempt of unknown outcome: ours, unless an earlier run already put it there.
		const earlier = await this.ledger.knownBefore(rows.filter((r) => byId.has(r.id) && r.uncertain));
		const ours = rows.filter((r) => byId.has(r.id) && r.uncertain && !earlier.has(r.sourceKey));
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
		if (rest.length < rows.length) return this.creates(plural, rest, lastTry);
		if (rows.length === 1) return this.refused(plural, rows, refusal, lastTry);
		await this.split(plural, rows, (half) => this.creates(plural, half, lastTry));
	}

	/** Pre-existing records: upsert on id only updates the supplied fields. */
	private async updates(plural: string, rows: LedgerRow[]): Promise<void> {
		await this.ledger.inFlight(rows);
		try {
			await this.retrying(plural, rows, () => this.client.createMany(plural, this.body(rows), { upsert: true }));
			await this.ledger.done(rows, 'update');
			bump(this.stats.updated, plural, rows.length);
		} catch (e) {
			if (retryable(e)) this.unavailable(plural, e);
			if (!(e instanceof TwentyError) || e.status !== 400 || rows.length === 1) return this.fail(plural, rows, reasonOf(e));
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
		for (const r of rows.slice(0, Math.max(0, 50 - this.stats.failures.length))) this.stats.failures.push({ sourceKey: r.sourceKey, plural, reason });
	}
}
