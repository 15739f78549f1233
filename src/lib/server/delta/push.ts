// Delta push: after a later export is imported, move only what changed since the last push.
// A staged record moves when Twenty never got it (new) or when its payload differs from the one
// last pushed (changed). Only those are frozen, into draft batches a person reviews and approves
// like any other; then the approved delta batches run. A changed record already exists in Twenty
// under its deterministic id, so the loader updates it and keeps its before-image: the delta runs
// roll back like any run.
// Vanished records are never deleted: they are reported on the delta page for a person to decide.
import type { Workspace } from '../db/index.js';
import { ident, literal } from '../db/index.js';
import { compileIfChanged, compileMapping, loadMapping } from '../mapping/index.js';
import { lastSeenSql, rollbackRun, freezeBatches, listBatches, approvedPush, type PushSettingsInput } from '../loader/index.js';
import { targetClient } from '../twenty/index.js';
import { deltaStatements } from './schema.js';
import { FerryError } from '../errors.js';
import type { DeltaBatch, DeltaFreeze, DeltaMove, DeltaPushed as DeltaPushResult } from '../../shared/contracts/delta.js';

export type { DeltaBatch, DeltaFreeze, DeltaMove, DeltaPushResult };

async function hasLedger(ws: Workspace): Promise<boolean> {
	return ws.exists('loader', 'ledger');
}

/**
 * Each staged record's move: new (Twenty never got it), changed (staged otherwise since it was
 * pushed), unchanged, or excluded (a person left it out, and the export has not changed it since:
 * it stays out; changed, it moves again for a person to review).
 */
async function movesSql(ws: Workspace, plural: string): Promise<string> {
	return `select s.source_key, case
			when p.h = md5(s.payload::varchar) then (case p.seen when 'excluded' then 'excluded' else 'unchanged' end)
			when p.pushed then 'changed' else 'new' end as move
		from stage.${ident(plural)} s left join (${lastSeenSql(plural)}) p using (source_key)`;
}

/**
 * Per staged object: how many records are new, changed or unchanged since the last push — the
 * Delta page's counts and the freeze's, from one query. The stage views read the current snapshot
 * directly, but its converted values (phones, emails, note bodies, functions) come from lookups a
 * compile fills: they are filled for this snapshot first, as the freeze's compile does. Otherwise a
 * value the last compile never saw (a phone written another way) stages as empty, and the page
 * counts a record as changed that the freeze then finds unchanged. A map edited since the last
 * compile is compiled first, for the same reason: the views would still stage the old map.
 */
export async function deltaMoves(ws: Workspace): Promise<DeltaMove[]> {
	if (!(await hasLedger(ws)))
		throw new FerryError('nothing was pushed yet: a delta push tops up an earlier push; push the first export first', 409);
	if (!(await ws.exists('stage', 'plan', 'view')))
		throw new FerryError('the mapping is not compiled yet: compile it on the mapping page first', 409);
	await compileIfChanged(ws, await loadMapping(ws));
	const plan = await ws.all<{ plural: string }>(`select plural from stage.plan order by step, plural`);
	const out: DeltaMove[] = [];
	for (const { plural } of plan) {
		const c = (await ws.one<DeltaMove>(
			`select count(*) filter (move = 'new')::int as new, count(*) filter (move = 'changed')::int as changed, count(*) filter (move = 'unchanged')::int as unchanged, count(*) filter (move = 'excluded')::int as excluded from (${await movesSql(ws, plural)})`
		))!;
		out.push({ ...c, plural });
	}
	return out;
}

/** The moving records of every planned object into delta.moving, for the freeze to read. */
async function collectMoving(ws: Workspace, plurals: string[]): Promise<void> {
	await ws.ensure('delta', deltaStatements);
	await ws.run(`create or replace table delta.moving (plural varchar, source_key varchar, move varchar)`);
	for (const plural of plurals)
		await ws.run(
			`insert into delta.moving select ${literal(plural)}, source_key, move from (${await movesSql(ws, plural)}) where move in ('new', 'changed')`
		);
}

/**
 * Freezes the delta: recompiles the stage from the current snapshot, then freezes only the new
 * and changed records, one draft batch per object. Nothing is approved here: a person reviews
 * and approves each batch like any other (Load page), then pushes it.
 */
export async function freezeDelta(ws: Workspace, o: { actor?: string } = {}): Promise<DeltaFreeze> {
	await compileMapping(ws, await loadMapping(ws));
	const moves = await deltaMoves(ws);
	const plurals = moves.filter((m) => m.new + m.changed > 0).map((m) => m.plural);
	if (!plurals.length) return { moves, batches: [] };
	await collectMoving(ws, plurals);
	const objects = await (await targetClient(ws)).metadata.listObjects();
	const made: number[] = [];
	for (const plural of plurals) {
		const where = `source_key in (select source_key from delta.moving where plural = ${literal(plural)})`;
		for (const b of await freezeBatches(ws, objects, [plural], where)) {
			const m = moves.find((x) => x.plural === plural)!;
			await ws.run(`insert into delta.batches (batch_id, plural, new, changed) values ($1, $2, $3, $4)`, [b.id, plural, m.new, m.changed]);
			made.push(b.id);
		}
	}
	await ws.run(`drop table delta.moving`);
	await ws.audit(
		'delta.freeze',
		`batches:${made.join(',')}`,
		{ batches: made.length, new: sum(moves, 'new'), changed: sum(moves, 'changed') },
		o.actor
	);
	return { moves, batches: (await deltaBatches(ws)).filter((b) => made.includes(b.id)) };
}

const sum = (moves: DeltaMove[], k: 'new' | 'changed') => moves.reduce((n, m) => n + m[k], 0);

/** Every batch a delta freeze made, newest first, with its review state and the runs that pushed it. */
export async function deltaBatches(ws: Workspace): Promise<DeltaBatch[]> {
	await ws.ensure('delta', deltaStatements);
	const rows = await ws.all<{ batch_id: number; new: number; changed: number }>(
		`select batch_id, new, changed from delta.batches order by batch_id desc`
	);
	if (!rows.length) return [];
	const all = await listBatches(ws);
	const runs = await ws
		.all<{ id: number; batch_ids: number[]; status: string }>(`select id, batch_ids, status from loader.runs order by id`)
		.catch(() => []);
	return rows.flatMap((r) => {
		const b = all.find((x) => x.id === Number(r.batch_id));
		if (!b) return [];
		const mine = runs.filter((x) => [...x.batch_ids].map(Number).includes(b.id));
		const runIds = mine.map((x) => Number(x.id));
		return [
			{
				...b,
				new: Number(r.new),
				changed: Number(r.changed),
				runIds,
				rolledBack: mine.length > 0 && mine.every((x) => x.status === 'rolled-back')
			}
		];
	});
}

/** The delta batches of the newest freeze that no run has pushed yet. */
async function unpushed(ws: Workspace): Promise<DeltaBatch[]> {
	return (await deltaBatches(ws)).filter((b) => !b.runIds.length);
}

/** Undoes a delta push: its runs rolled back newest first (each restores its before-images). */
export async function rollbackDelta(
	ws: Workspace,
	runIds: number[],
	o: { settings?: PushSettingsInput; actor?: string } = {}
): Promise<{ destroyed: number; restored: number; remaining: number }> {
	const total = { destroyed: 0, restored: 0, remaining: 0 };
	for (const id of [...runIds].sort((a, b) => b - a)) {
		const r = await rollbackRun(ws, id, o);
		total.destroyed += r.destroyed;
		total.restored += r.restored;
		total.remaining += r.remaining;
	}
	return total;
}

/**
 * Checks the frozen delta batches now (409 when none waits or one is unapproved, naming it) and
 * returns their push, to start when the caller is ready: one run per push step, in order.
 * `onRun` hears each run id as it starts (the page follows its progress).
 */
export async function prepareDeltaPush(
	ws: Workspace,
	o: { settings?: PushSettingsInput; actor?: string } = {}
): Promise<(onRun?: (runId: number) => void) => Promise<DeltaPushResult>> {
	const actor = o.actor ?? 'analyst';
	const batches = await unpushed(ws);
	if (!batches.length) throw new FerryError('no frozen delta batch waits to be pushed: freeze the delta first', 409);
	const push = approvedPush(ws, batches, { what: 'delta batch', settings: o.settings, actor, runPerStep: true });
	return async (onRun) => {
		// Counted before the push: afterwards every moved record is unchanged.
		const moves = await deltaMoves(ws);
		const pushed = await push(onRun);
		const result: DeltaPushResult = { moves, carried: {}, runIds: pushed.runIds, counts: pushed.counts, problems: [] };
		// A failure is a problem (the CLI exits 4). A record held back, because what it points at was
		// excluded or failed, is counted with its reason, as in a first push, and is not one.
		const failed = result.counts.reduce((n, c) => n + c.failed, 0);
		if (failed)
			result.problems.push(`${failed} record(s) failed: open them in runs ${result.runIds.join(', ')} to fix and retry, or exclude them`);
		await ws.audit(
			'delta.push',
			`runs:${result.runIds.join(',')}`,
			{ batches: batches.length, new: sum(moves, 'new'), changed: sum(moves, 'changed') },
			actor
		);
		return result;
	};
}

/** Pushes the frozen delta batches, all of which a person must have approved (see prepareDeltaPush). */
export async function pushDelta(
	ws: Workspace,
	o: { settings?: PushSettingsInput; actor?: string; onRun?: (runId: number) => void } = {}
): Promise<DeltaPushResult> {
	return (await prepareDeltaPush(ws, o))(o.onRun);
}
