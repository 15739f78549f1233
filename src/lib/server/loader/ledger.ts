// The ledger: one row per record per run. Every change is one set-based statement over the
// keys of a request, written before the request leaves and after its answer, through one
// queue so concurrent chunks never race on the same table.
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal, type Workspace } from '../db/index.js';
import { getActive } from './active.js';
import { detachUnresolved, EXCLUDED_SQL } from './unresolved.js';
import { ensureLoader } from './schema.js';
import { FerryError } from '../errors.js';

export type LedgerStatus = 'pending' | 'in-flight' | 'done' | 'failed' | 'skipped' | 'rolled-back';
export type Operation = 'create' | 'update';

/**
 * SQL for what each record of `plural` was last seen as, by source key: the md5 of its staged
 * payload when it last reached Twenty (runs not rolled back) or when a person last excluded it
 * from a batch, whichever came later; `seen` says which, and `pushed` whether Twenty holds it.
 * The staged payload, not the one sent: a correction a person made by hand is not a change in
 * the export. Delta pickup compares what is staged now to it.
 */
export function lastSeenSql(plural: string): string {
	const p = literal(plural);
	return `select source_key, arg_max(h, batch_id) as h, arg_max(seen, batch_id) as seen, bool_or(seen = 'pushed') as pushed from (
		select l.source_key, l.batch_id, coalesce(b.h, md5(l.payload::varchar)) as h, 'pushed' as seen
		from loader.ledger l left join loader.batch_staged b on b.batch_id = l.batch_id and b.source_key = l.source_key
		where l.plural = ${p} and l.status = 'done' and l.run_id in (select id from loader.runs where status <> 'rolled-back')
		union all
		select r.source_key, r.batch_id, coalesce(b.h, md5(r.payload::varchar)), 'excluded'
		from loader.batch_records r left join loader.batch_staged b on b.batch_id = r.batch_id and b.source_key = r.source_key
		where r.status = 'excluded' and r.batch_id in (select id from loader.batches where plural = ${p})
	) group by source_key`;
}

export interface LedgerRow {
	sourceKey: string;
	plural: string;
	step: number;
	id: string;
	payload: Record<string, unknown>;
	operation: Operation;
	uncertain: boolean;
}

const KEYS = `source_key in (select unnest(from_json($2::json, '["VARCHAR"]')))`;

export class Ledger {
	private chain: Promise<unknown> = Promise.resolve();
	/** Set when this process gives the run up (see LoaderRun.abandon): nothing more is written. */
	closed = false;

	constructor(
		readonly ws: Workspace,
		readonly runId: number
	) {}

	/** Serialises writes: DuckDB's optimistic concurrency would otherwise make parallel chunks conflict. */
	private write(sql: string, params: unknown[]): Promise<void> {
		const next = this.chain.then(() => (this.closed ? undefined : this.ws.run(sql, params as never)));
		this.chain = next.catch(() => {});
		return next;
	}

	private keys(rows: LedgerRow[]): string {
		return JSON.stringify(rows.map((r) => r.sourceKey));
	}

	inFlight(rows: LedgerRow[]): Promise<void> {
		return this.write(
			`update loader.ledger set status = 'in-flight', attempts = attempts + 1, updated_at = now() where run_id = $1 and ${KEYS}`,
			[this.runId, this.keys(rows)]
		);
	}

	/** Another attempt goes out; uncertain once any attempt's outcome is unknown. */
	retry(rows: LedgerRow[], uncertain: boolean): Promise<void> {
		if (uncertain) for (const r of rows) r.uncertain = true;
		return this.write(
			`update loader.ledger set attempts = attempts + 1, uncertain = uncertain or $3, updated_at = now() where run_id = $1 and ${KEYS}`,
			[this.runId, this.keys(rows), uncertain]
		);
	}

	done(rows: LedgerRow[], operation: Operation): Promise<void> {
		return this.write(
			`update loader.ledger set status = 'done', operation = $3, reason = null, updated_at = now() where run_id = $1 and ${KEYS}`,
			[this.runId, this.keys(rows), operation]
		);
	}

	pending(rows: LedgerRow[]): Promise<void> {
		return this.write(`update loader.ledger set status = 'pending', updated_at = now() where run_id = $1 and ${KEYS}`, [
			this.runId,
			this.keys(rows)
		]);
	}

	failed(rows: LedgerRow[], reason: string): Promise<void> {
		return this.write(`update loader.ledger set status = 'failed', reason = $3, updated_at = now() where run_id = $1 and ${KEYS}`, [
			this.runId,
			this.keys(rows),
			reason
		]);
	}

	/** The record already existed before this run: it becomes an update, with its before-image. */
	asUpdates(rows: Array<LedgerRow & { before: unknown }>): Promise<void> {
		for (const r of rows) r.operation = 'update';
		const data = JSON.stringify(rows.map((r) => ({ k: r.sourceKey, b: JSON.stringify(r.before) })));
		return this.write(
			`update loader.ledger l set operation = 'update', before_image = j.b::json, updated_at = now()
			from (select unnest(from_json($2::json, '[{"k":"VARCHAR","b":"VARCHAR"}]'), recursive := true)) j
			where l.run_id = $1 and l.source_key = j.k`,
			[this.runId, data]
		);
	}

	/**
	 * Of these rows, the ones an earlier push may already have put in Twenty: done, in-flight or
	 * uncertain in another run that was not rolled back. Found in Twenty, such a record existed
	 * before this run (a create of an existing id never succeeds), so it becomes an update with a
	 * before-image instead of counting as created, and this run's rollback never destroys it.
	 */
	async knownBefore(rows: LedgerRow[]): Promise<Set<string>> {
		if (!rows.length) return new Set();
		const found = await this.ws.all<{ k: string }>(
			`select distinct l.source_key as k from loader.ledger l join loader.runs r on r.id = l.run_id
			where l.run_id <> $1 and r.status <> 'rolled-back' and (l.status in ('done', 'in-flight') or l.uncertain) and l.${KEYS}`,
			[this.runId, this.keys(rows)]
		);
		return new Set(found.map((r) => r.k));
	}

	flush(): Promise<unknown> {
		return this.chain;
	}

	/** Rows in source-key order; pages by key so a large object never sits in memory whole. */
	async rows(plural: string, statuses: LedgerStatus[], page: { after?: string; limit?: number; tier?: number } = {}): Promise<LedgerRow[]> {
		const rows = await this.ws.all<{
			source_key: string;
			plural: string;
			step: number;
			twenty_id: string;
			payload: string;
			operation: Operation;
			uncertain: boolean;
		}>(
			`select source_key, plural, step, twenty_id, payload::varchar as payload, operation, uncertain from loader.ledger
			 where run_id = $1 and plural = $2 and status in (select unnest(from_json($3::json, '["VARCHAR"]'))) and source_key > $4
			 ${page.tier === undefined ? '' : `and coalesce(ord, 0) = ${Math.floor(page.tier)}`}
			 order by source_key limit ${Math.floor(page.limit ?? 1e12)}`,
			[this.runId, plural, JSON.stringify(statuses), page.after ?? '']
		);
		return rows.map((r) => ({
			sourceKey: r.source_key,
			plural: r.plural,
			step: Number(r.step),
			id: r.twenty_id,
			payload: JSON.parse(r.payload),
			operation: r.operation,
			uncertain: r.uncertain
		}));
	}
}

export interface RunRecord {
	id: number;
	/** running, done, failed, cancelled, rolled-back; 'interrupted' when the process pushing it stopped (resume it). */
	status: string;
	startedAt: string;
	endedAt: string | null;
	batchIds: number[];
	error: string | null;
}

export interface RunCounts {
	plural: string;
	step: number;
	total: number;
	created: number;
	updated: number;
	failed: number;
	skipped: number;
	pending: number;
	inFlight: number;
	rolledBack: number;
}

/** Creates a run over approved batches: the newest frozen payload of each source key. */
/** `sourceKeys`: only these records of the batches (a retry of failed records), else all their valid ones. */
export async function createRun(
	ws: Workspace,
	batchIds: number[],
	settings: Record<string, unknown>,
	sourceKeys?: string[]
): Promise<number> {
	// The id is taken inside the transaction: a crash before the commit leaves no gap in the run numbers
	// a person reads (runs start one at a time per workspace, in startRun, so max + 1 cannot collide).
	return ws.transaction(async (c) => {
		const id = Number((await c.runAndReadAll(`select coalesce(max(id), 0)::integer + 1 as id from loader.runs`)).getRowObjects()[0].id);
		await c.run(
			`insert into loader.runs (id, status, batch_ids, settings) values ($1, 'running', from_json($2::json, '["INTEGER"]'), $3::json)`,
			[id, JSON.stringify(batchIds), JSON.stringify(settings)]
		);
		await c.run(
			`insert into loader.ledger (run_id, source_key, plural, step, batch_id, twenty_id, payload)
			select $1, r.source_key, b.plural, b.step, b.id, r.id, r.payload from loader.batch_records r join loader.batches b on b.id = r.batch_id
			where r.status = 'valid' and b.id in (select unnest(from_json($2::json, '["INTEGER"]')))
			and ($3::json is null or r.source_key in (select unnest(from_json($3::json, '["VARCHAR"]'))))
			qualify row_number() over (partition by r.source_key order by b.id desc) = 1`,
			[id, JSON.stringify(batchIds), sourceKeys ? JSON.stringify(sourceKeys) : null]
		);
		// Where the map says so, an optional link to an excluded record is dropped from the payload (recorded as unresolved) ...
		await detachUnresolved(
			(sql, p) => c.run(sql, p as never),
			async (sql, p) => (await c.runAndReadAll(sql, p as never)).getRowObjectsJS() as Array<{ source_key: string; field: string }>,
			id,
			'excluded'
		);
		// ... else a record pointing at one a person excluded would only bounce off Twenty: skipped, with the reason.
		await c.run(
			`update loader.ledger l set status = 'skipped', reason = 'points at ' || x.key || ', which is excluded from its batch' from (
			select p.source_key, min(r.source_key) as key from (
				select source_key, unnest(regexp_extract_all(payload::varchar, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')) as rid from loader.ledger where run_id = $1) p
			join (${EXCLUDED_SQL}) r on r.id = p.rid group by p.source_key) x
			where l.run_id = $1 and l.source_key = x.source_key`,
			[id]
		);
		await orderWithinObjects(c, id);
		await copyLinks(c, id);
		return id;
	});
}

/** The deferred links (links.ts) of the run's records (skipped records have none to set), in the run's creating transaction. */
async function copyLinks(c: DuckDBConnection, runId: number): Promise<void> {
	await c.run(
		`insert into loader.links (run_id, source_key, plural, twenty_id, payload)
		select l.run_id, l.source_key, l.plural, l.twenty_id, b.payload from loader.ledger l
		join loader.batch_links b on b.batch_id = l.batch_id and b.source_key = l.source_key
		where l.run_id = $1 and l.status <> 'skipped'`,
		[runId]
	);
}

export async function setRunStatus(ws: Workspace, runId: number, status: string, error: string | null = null): Promise<void> {
	const ended = ['done', 'failed', 'cancelled', 'rolled-back'].includes(status);
	await ws.run(`update loader.runs set status = $2, error = $3, ended_at = ${ended ? 'now()' : 'null'} where id = $1`, [
		runId,
		status,
		error
	]);
}

export async function getRun(ws: Workspace, runId: number): Promise<RunRecord> {
	await ensureLoader(ws);
	const r = await ws.one<{
		id: number;
		status: string;
		started_at: string;
		ended_at: string | null;
		batch_ids: number[];
		error: string | null;
	}>(
		`select id, status, started_at::varchar as started_at, ended_at::varchar as ended_at, batch_ids, error from loader.runs where id = $1`,
		[runId]
	);
	if (!r) throw new FerryError(`run ${runId} does not exist`, 404);
	// 'running' in the ledger but pushed by no one in this process: its process stopped mid-run.
	const status = r.status === 'running' && !getActive(ws, runId) ? 'interrupted' : r.status;
	return { id: r.id, status, startedAt: r.started_at, endedAt: r.ended_at, batchIds: [...r.batch_ids].map(Number), error: r.error };
}

export async function listRuns(ws: Workspace): Promise<RunRecord[]> {
	await ensureLoader(ws);
	const ids = await ws.all<{ id: number }>(`select id from loader.runs order by id desc`);
	return Promise.all(ids.map((r) => getRun(ws, r.id)));
}

export async function runCounts(ws: Workspace, runId: number): Promise<RunCounts[]> {
	const rows = await ws.all(
		`select plural, min(step)::integer as step, count(*)::integer as total,
		count(*) filter (where status = 'done' and operation = 'create')::integer as created,
		count(*) filter (where status = 'done' and operation = 'update')::integer as updated,
		count(*) filter (where status = 'failed')::integer as failed,
		count(*) filter (where status = 'skipped')::integer as skipped,
		count(*) filter (where status = 'pending')::integer as pending,
		count(*) filter (where status = 'in-flight')::integer as "inFlight",
		count(*) filter (where status = 'rolled-back')::integer as "rolledBack"
		from loader.ledger where run_id = $1 group by plural order by step, plural`,
		[runId]
	);
	return rows as unknown as RunCounts[];
}

export async function runFailures(
	ws: Workspace,
	runId: number,
	limit = 100
): Promise<Array<{ sourceKey: string; plural: string; reason: string; attempts: number }>> {
	// A record's own failure, or (after it was created) its link on a cycle that could not be set.
	const rows = await ws.all<{ source_key: string; plural: string; reason: string; attempts: number }>(
		`select source_key, plural, reason, attempts from (
			select source_key, plural, reason, attempts, step from loader.ledger where run_id = $1 and status = 'failed'
			union all select k.source_key, k.plural, k.reason, 1, l.step + 0.5 from loader.links k join loader.ledger l using (run_id, source_key) where k.run_id = $1 and k.status = 'failed')
		 order by step, source_key limit ${Math.floor(limit)}`,
		[runId]
	);
	return rows.map((r) => ({ sourceKey: r.source_key, plural: r.plural, reason: r.reason, attempts: r.attempts }));
}

/** Generous bound on chains inside one object (patient → emergency-contact patient → physician). */
const MAX_TIER = 8;

/**
 * Tiers inside each object: a record goes after every record of the same object it points at
 * (a patient after its referring physician and its emergency contact, both people), computed in
 * the transaction that creates the run. Set-based: the references are every UUID in the payloads
 * that is another record of the run; each pass
 * lifts a record one tier above its highest reference. Cycles stop at MAX_TIER; Twenty refuses
 * them and the deferred retry reports them.
 */
async function orderWithinObjects(c: DuckDBConnection, runId: number): Promise<void> {
	await c.run(`update loader.ledger set ord = 0 where run_id = $1`, [runId]);
	await c.run(
		`create temp table refs as
		select distinct r.twenty_id as id, t.twenty_id as rid from (
			select plural, twenty_id, unnest(regexp_extract_all(payload::varchar, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')) as rid
			from loader.ledger where run_id = $1) r
		join loader.ledger t on t.run_id = $1 and t.plural = r.plural and t.twenty_id = r.rid and t.twenty_id <> r.twenty_id`,
		[runId]
	);
	for (let pass = 0; pass < MAX_TIER; pass++) {
		const lifted = await c.runAndReadAll(
			`update loader.ledger l set ord = x.o from (
			select refs.id, max(t.ord) + 1 as o from refs join loader.ledger t on t.run_id = $1 and t.twenty_id = refs.rid group by refs.id) x
			where l.run_id = $1 and l.twenty_id = x.id and l.ord < x.o and x.o <= ${MAX_TIER}`,
			[runId]
		);
		if (Number(lifted.getRowObjectsJS()[0]?.Count ?? 0) === 0) break;
	}
	await c.run(`drop table refs`);
}

/** The tiers a run has for an object, lowest first. */
export async function tiersOf(ws: Workspace, runId: number, plural: string): Promise<number[]> {
	const rows = await ws.all<{ ord: number }>(
		`select distinct coalesce(ord, 0) as ord from loader.ledger where run_id = $1 and plural = $2 order by 1`,
		[runId, plural]
	);
	return rows.map((r) => Number(r.ord));
}
