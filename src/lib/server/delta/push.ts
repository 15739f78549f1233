// Delta push: after a later export is imported, move only what changed since the last push.
// A staged record moves when Twenty never got it (new) or when its payload differs from the one
// last pushed (changed). Both go through the loader: freeze, leave the unchanged behind (excluded
// with a reason), approve, run. A changed record already exists in Twenty under its deterministic
// id, so the loader updates it and keeps its before-image: the delta run rolls back like any run.
// Vanished records are never deleted: they are reported on the delta page for a person to decide.
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import { compileMapping, loadMapping } from '../mapping/index.js';
import { LAST_PUSHED_SQL, rollbackRun, approveBatch, excludeRecords, freezeBatches, getBatch, runCounts, startRun, batchRecords, type PushSettingsInput, type RunCounts } from '../loader/index.js';
import { targetClient } from '../twenty/index.js';
import { DeltaError } from './detect.js';
import { deltaStatements } from './schema.js';

export interface DeltaMove {
	plural: string;
	new: number;
	changed: number;
	unchanged: number;
}

async function hasLedger(ws: Workspace): Promise<boolean> {
	const r = await ws.one<{ n: number }>(`select count(*)::int as n from duckdb_tables() where schema_name = 'loader' and table_name = 'ledger'`);
	return (r?.n ?? 0) > 0;
}

async function movesSql(ws: Workspace, plural: string): Promise<string> {
	return `select s.source_key, case when p.source_key is null then 'new' when p.h <> md5(s.payload::varchar) then 'changed' else 'unchanged' end as move
		from stage.${ident(plural)} s left join (${LAST_PUSHED_SQL}) p using (source_key)`;
}

/** Per staged object: how many records are new, changed or unchanged since the last push. */
export async function deltaMoves(ws: Workspace): Promise<DeltaMove[]> {
	if (!(await hasLedger(ws))) throw new DeltaError('nothing was pushed yet: a delta push tops up an earlier push; push the first export first');
	const compiled = await ws.one<{ n: number }>(`select count(*)::int as n from duckdb_views() where schema_name = 'stage' and view_name = 'plan'`);
	if (!compiled?.n) throw new DeltaError('the mapping is not compiled yet: compile it on the mapping page first');
	const plan = await ws.all<{ plural: string }>(`select plural from stage.plan order by step, plural`);
	const out: DeltaMove[] = [];
	for (const { plural } of plan) {
		const c = (await ws.one<DeltaMove>(
			`select count(*) filter (move = 'new')::int as new, count(*) filter (move = 'changed')::int as changed, count(*) filter (move = 'unchanged')::int as unchanged from (${await movesSql(ws, plural)})`
		))!;
		out.push({ ...c, plural });
	}
	return out;
}

export interface DeltaPushResult {
	moves: DeltaMove[];
	/** Unchanged records sent again (same payload) because a moving record of the same object points
	 *  at them: the loader skips a record whose relation target is excluded from the run. */
	carried: Record<string, string[]>;
	/** One run per push step, in order: the loader skips a record whose relation target is excluded
	 *  from a batch of the same run, and unchanged people are excluded while new tasks point at them. */
	runIds: number[];
	counts: RunCounts[];
	problems: string[];
}

const UUID = `'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'`;

/** Unchanged records to exclude: all but those a moving record points at (to a fixpoint). */
async function unchangedLeftBehind(ws: Workspace, plural: string, result: DeltaPushResult): Promise<string[]> {
	const table = `stage.${ident(plural)}`;
	await ws.ensure('delta', deltaStatements);
	await ws.run(`create or replace table delta.moving as select source_key, move from (${await movesSql(ws, plural)})`);
	for (let i = 0; i < 10; i++) {
		const carried = await ws.all<{ source_key: string }>(
			`update delta.moving set move = 'carried' where move = 'unchanged' and source_key in (
				select s.source_key from ${table} s where s.id in (
					select unnest(regexp_extract_all(m.payload::varchar, ${UUID})) from ${table} m join delta.moving d using (source_key) where d.move <> 'unchanged'))
			returning source_key`
		);
		if (!carried.length) break;
		(result.carried[plural] ??= []).push(...carried.map((r) => r.source_key));
	}
	const stay = await ws.all<{ source_key: string }>(`select source_key from delta.moving where move = 'unchanged'`);
	await ws.run(`drop table delta.moving`);
	return stay.map((r) => r.source_key);
}

/** Undoes a delta push: its runs rolled back newest first (each restores its before-images). */
export async function rollbackDelta(ws: Workspace, runIds: number[], o: { settings?: PushSettingsInput; actor?: string } = {}): Promise<{ destroyed: number; restored: number; remaining: number }> {
	const total = { destroyed: 0, restored: 0, remaining: 0 };
	for (const id of [...runIds].sort((a, b) => b - a)) {
		const r = await rollbackRun(ws, id, o);
		total.destroyed += r.destroyed;
		total.restored += r.restored;
		total.remaining += r.remaining;
	}
	return total;
}

/** Recompiles the stage from the newest snapshot, then pushes the new and changed records only. */
export async function pushDelta(ws: Workspace, o: { settings?: PushSettingsInput; actor?: string } = {}): Promise<DeltaPushResult> {
	const actor = o.actor ?? 'analyst';
	await compileMapping(ws, await loadMapping(ws));
	const moves = await deltaMoves(ws);
	const plurals = moves.filter((m) => m.new + m.changed > 0).map((m) => m.plural);
	const result: DeltaPushResult = { moves, carried: {}, runIds: [], counts: [], problems: [] };
	if (!plurals.length) return result;
	const client = await targetClient(ws);
	const batches = await freezeBatches(ws, await client.metadata.listObjects(), plurals);
	const ids: Array<{ id: number; step: number }> = [];
	for (const b of batches) {
		const stay = await unchangedLeftBehind(ws, b.plural, result);
		if (stay.length) await excludeRecords(ws, b.id, stay, 'unchanged since the last push (delta)');
		const now = await getBatch(ws, b.id);
		if (now.invalid) {
			const bad = (await batchRecords(ws, b.id, { status: 'invalid', limit: 3 })).records.map((r) => r.sourceKey);
			result.problems.push(`${b.plural}: ${now.invalid} changed record(s) fail the target's validation (e.g. ${bad.join(', ')})`);
			continue;
		}
		if (now.valid) ids.push({ id: (await approveBatch(ws, b.id, actor)).id, step: b.step });
	}
	if (result.problems.length || !ids.length) return result;
	for (const step of [...new Set(ids.map((b) => b.step))].sort((a, b) => a - b)) {
		const run = await startRun(ws, ids.filter((b) => b.step === step).map((b) => b.id), { settings: o.settings, actor });
		await run.done;
		result.runIds.push(run.runId);
		result.counts.push(...(await runCounts(ws, run.runId)));
	}
	const failed = result.counts.reduce((n, c) => n + c.failed + c.skipped, 0);
	if (failed) result.problems.push(`${failed} record(s) failed or were skipped: see runs ${result.runIds.join(', ')}`);
	await ws.audit('delta.push', `runs:${result.runIds.join(',')}`, { new: moves.reduce((n, m) => n + m.new, 0), changed: moves.reduce((n, m) => n + m.changed, 0) }, actor);
	return result;
}
