// Replaying a recipe headless: import, check the export against the recipe's expectations,
// clean, dedupe with the saved decisions (new clusters reported, never decided), map, validate
// and show the plan. Only with `push` does anything reach Twenty, through the loader.
import type { Workspace } from '../db/index.js';
import { cleanFragment, ident, parseFragment, qualified } from '../db/index.js';
import { importExport } from '../ingest/index.js';
import { runNotebook } from '../cells/index.js';
import { queue, replayRecipe as replayDedupe } from '../dedupe/index.js';
import {
	addDataOptions,
	applySchemaPlan,
	compileMapping,
	pinFunctions,
	readSchemaPlan,
	resolveStaff,
	saveMapping,
	tableExists,
	validateMapping,
	type Mapping
} from '../mapping/index.js';
import {
	type PushSettingsInput,
	approveBatch,
	approvedPush,
	batchRecords,
	excludeRecords,
	freezeBatches,
	getBatch,
	unresolvedCounts,
	type BatchSummary
} from '../loader/index.js';
import { setTarget, targetClient } from '../twenty/index.js';
import type { Recipe } from './model.js';
import { assertTrusted, type TrustOption } from './trust.js';

export interface ReplayOptions extends TrustOption {
	export: string;
	/** Twenty base URL; without it the replay stops after mapping and validation. */
	target?: string;
	/** From the environment (TWENTY_API_KEY) or the caller; never from the recipe. */
	apiKey?: string;
	push?: boolean;
	/** Loader settings over the recipe's (e.g. a higher budget against a local sandbox). */
	settings?: PushSettingsInput;
	actor?: string;
	onStep?: (step: string) => void;
}

import type { ReplayStatus, ReplaySummary } from '../../shared/contracts/recipes.js';
export type { ReplayStatus, ReplaySummary };

async function tableColumns(ws: Workspace, snapshot: number): Promise<Map<string, string[]>> {
	const rows = await ws.all<{ table_name: string; column_name: string }>(
		`select table_name, column_name from duckdb_columns() where schema_name = $1 order by table_name, column_index`,
		[`snap_${snapshot}`]
	);
	const out = new Map<string, string[]>();
	for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
	return out;
}

/** Renames aliased headers to the recipe's names, then lists what is still missing. */
async function checkExpectations(ws: Workspace, recipe: Recipe, snapshot: number, s: ReplaySummary): Promise<void> {
	let tables = await tableColumns(ws, snapshot);
	for (const [table, aliases] of Object.entries(recipe.import.aliases)) {
		const cols = tables.get(table) ?? [];
		for (const [alias, canonical] of Object.entries(aliases))
			if (cols.includes(alias) && !cols.includes(canonical)) {
				await ws.run(`alter table ${qualified(`snap_${snapshot}`, table)} rename column ${ident(alias)} to ${ident(canonical)}`);
				await ws.run(`update ferry.snapshot_columns set name = $1 where snapshot_id = $2 and table_name = $3 and name = $4`, [
					canonical,
					snapshot,
					table,
					alias
				]);
				// raw views list their columns when made: make it again so it shows the new name
				await ws.run(`create or replace view raw.${ident(table)} as select * from ${qualified(`snap_${snapshot}`, table)}`);
				s.import.aliased.push(`${table}.${alias} → ${canonical}`);
			}
	}
	tables = await tableColumns(ws, snapshot);
	const seen = await ws.all<{ table_name: string; encoding: string | null }>(
		`select table_name, encoding from ferry.snapshot_files where snapshot_id = $1`,
		[snapshot]
	);
	for (const f of recipe.import.files) {
		const cols = tables.get(f.table);
		if (!cols) {
			(f.required ? s.problems : s.warnings).push(`the export has no ${f.file} (table ${f.table}) that the recipe expects`);
			continue;
		}
		const missing = f.columns.filter((c) => !cols.includes(c.name));
		if (missing.length)
			s.problems.push(
				`${f.file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c.original}"`).join(', ')} (add a header alias to the recipe if it was renamed)`
			);
		const enc = seen.find((x) => x.table_name === f.table)?.encoding;
		if (f.encoding && enc && enc !== f.encoding) s.warnings.push(`${f.file}: encoding ${enc}, the recipe saw ${f.encoding}`);
	}
}

async function clean(ws: Workspace, recipe: Recipe, s: ReplaySummary): Promise<void> {
	for (const step of recipe.cleaning) {
		if ('sql' in step) {
			try {
				// One SELECT, by DuckDB's parser, before it is pasted after `as`.
				await ws.withConnection((conn) => parseFragment(conn, step.sql, 'select', `view ${step.name}`));
				await ws.run(`create or replace view main.${ident(step.name)} as ${cleanFragment(step.sql)}\n`);
				s.cleaning.ran.push(step.name);
			} catch (err) {
				s.cleaning.failed.push(step.name);
				s.problems.push(`cleaning view ${step.name} failed: ${(err as Error).message.split('\n')[0]}`);
			}
			continue;
		}
		for (const cell of step.cells ?? [undefined]) {
			let r;
			try {
				r = await runNotebook(ws, step.notebook, cell ? { cell } : {});
			} catch (err) {
				s.cleaning.failed.push(`${step.notebook}${cell ? `/${cell}` : ''}`);
				s.problems.push(`notebook ${step.notebook}: ${(err as Error).message}`);
				continue;
			}
			s.cleaning.ran.push(...r.ran.map((c) => `${step.notebook}/${c}`));
			s.cleaning.failed.push(...r.failed.map((c) => `${step.notebook}/${c}`));
			if (r.failed.length)
				s.problems.push(`notebook ${step.notebook}: cell${r.failed.length > 1 ? 's' : ''} ${r.failed.join(', ')} failed`);
		}
	}
}

async function stageCounts(ws: Workspace): Promise<ReplaySummary['stage']> {
	const plan = await ws.all<{ plural: string; step: number }>(`select plural, step from stage.plan order by step, plural`);
	const out: ReplaySummary['stage'] = [];
	for (const p of plan)
		out.push({ ...p, records: await ws.count(`stage.${ident(p.plural)}`) });
	return out;
}

async function mapAndValidate(
	ws: Workspace,
	mapping: Mapping,
	s: ReplaySummary,
	metadata?: Parameters<typeof validateMapping>[2]
): Promise<void> {
	// The replay runs after its code was trusted (assertTrusted): its notebook functions are pinned
	// to the cells as they were trusted, whatever pin the recipe's author had.
	pinFunctions(mapping, { again: true });
	const m = await saveMapping(ws, mapping, 'recipe.mapping');
	const compiled = await compileMapping(ws, m);
	const v = await validateMapping(ws, m, metadata);
	s.mapping = { views: compiled.views.length, errors: v.errors.length, warnings: v.warnings.length };
	s.problems.push(...v.errors.map((e) => `mapping: ${e.message}`));
	s.stage = await stageCounts(ws);
}

/**
 * Pick-list values this export holds beyond the recipe's select options (a clinic's own "Written
 * Off"): added verbatim as options, as a fresh map does, so the schema step creates them in Twenty,
 * and each is named with its count in the summary's warnings for admin review.
 */
async function widenOptions(ws: Workspace, mapping: Mapping, s: ReplaySummary): Promise<Mapping> {
	const m = structuredClone(mapping);
	for (const src of m.sources) {
		if (!(await tableExists(ws, src.table))) continue;
		for (const a of await addDataOptions(ws, src))
			s.warnings.push(
				`${src.id}.${a.target}: ${a.values.map((v) => `${v.value} (${v.count})`).join(', ')} not among the recipe's options: added verbatim for admin review`
			);
	}
	return m;
}

/** Freezes the recipe's objects, leaves invalid records behind if the recipe says so, approves. */
async function freezeAndApprove(
	ws: Workspace,
	recipe: Recipe,
	objects: Parameters<typeof freezeBatches>[1],
	s: ReplaySummary,
	actor: string,
	maxFileBytes: number | undefined
): Promise<BatchSummary[]> {
	let batches = await freezeBatches(ws, objects, recipe.batches.objects.length ? recipe.batches.objects : undefined, undefined, {
		maxFileBytes
	});
	for (const b of batches.filter((x) => x.invalid > 0)) {
		if (!recipe.batches.excludeInvalid) {
			s.problems.push(`batch ${b.id} (${b.plural}): ${b.invalid} record(s) fail the target's validation`);
			continue;
		}
		const keys = (await batchRecords(ws, b.id, { status: 'invalid', limit: b.invalid })).records.map((r) => r.sourceKey);
		await excludeRecords(ws, b.id, keys, 'invalid at recipe replay');
		s.warnings.push(`batch ${b.id} (${b.plural}): ${keys.length} invalid record(s) left behind`);
	}
	// A recipe a person saved approves, and so acknowledges what the map loses (audited under its name); the summary says how much.
	if (!s.problems.length && recipe.batches.approve)
		for (const b of batches)
			if (b.valid > 0) {
				const approved = await approveBatch(ws, b.id, actor, { acknowledgeLosses: true });
				if (approved.lost)
					s.warnings.push(
						`batch ${b.id} (${b.plural}): ${approved.lost} value(s), reference(s) or file(s) lost by the map, acknowledged by ${actor} (ferry batches show ${b.id})`
					);
			}
	batches = await Promise.all(batches.map((b) => getBatch(ws, b.id)));
	s.batches = batches.map(({ id, plural, records, valid, invalid, excluded, status }) => ({
		id,
		plural,
		records,
		valid,
		invalid,
		excluded,
		status
	}));
	return batches.filter((b) => b.status === 'approved');
}

function finish(s: ReplaySummary, status: ReplayStatus): ReplaySummary {
	s.status = status;
	s.exitCode = status === 'blocked' ? 3 : status === 'failed' ? 4 : 0;
	return s;
}

export async function replayRecipe(ws: Workspace, recipe: Recipe, o: ReplayOptions): Promise<ReplaySummary> {
	const actor = o.actor ?? `recipe:${recipe.name}`;
	const step = (name: string) => o.onStep?.(name);
	// A recipe is code: nothing of it runs (not even the import) until this workspace trusts it.
	await assertTrusted(ws, recipe, o, actor);
	step('import');
	const imp = await importExport(ws, o.export, { actor, sourceLabel: o.export });
	const s: ReplaySummary = {
		recipe: recipe.name,
		workspace: ws.name,
		status: 'planned',
		exitCode: 0,
		problems: [],
		warnings: [],
		import: { snapshotId: imp.snapshotId, rowsRead: imp.rowsRead, rowsStaged: imp.rowsStaged, rowsRejected: imp.rowsRejected, aliased: [] },
		cleaning: { ran: [], failed: [] },
		dedupe: null,
		mapping: null,
		stage: [],
		schema: null,
		batches: [],
		run: null
	};
	if (imp.rowsRejected) s.warnings.push(`${imp.rowsRejected} row(s) rejected at import (see the workspace's rejects)`);
	await checkExpectations(ws, recipe, imp.snapshotId, s);
	if (s.problems.length) return finish(s, 'blocked');
	step('clean');
	await clean(ws, recipe, s);
	if (s.problems.length) return finish(s, 'blocked');
	if (recipe.dedupe) {
		step('dedupe');
		const d = await replayDedupe(ws, recipe.dedupe);
		const open = (await queue(ws, 'open', 0, 1)).counts as { open: number } | undefined;
		s.dedupe = { applied: d.applied, failed: d.failed, newClusters: Number(open?.open ?? 0) };
		if (d.failed) s.warnings.push(`${d.failed} saved dedupe decision(s) no longer apply to this export`);
		if (s.dedupe.newClusters)
			s.warnings.push(
				`${s.dedupe.newClusters} candidate duplicate cluster(s) are new: review them in the workbench (not decided by the recipe)`
			);
	}
	if (!recipe.mapping) return finish(s, s.problems.length ? 'blocked' : 'planned');
	step('map');
	const mapping = await widenOptions(ws, recipe.mapping, s);
	if (!o.target) {
		await mapAndValidate(ws, mapping, s);
		return finish(s, s.problems.length ? 'blocked' : 'planned');
	}
	await setTarget(ws, o.target, o.apiKey);
	const client = await targetClient(ws);
	let plan = await readSchemaPlan(ws, mapping, client);
	let applied = false;
	if (o.push && recipe.schema.apply && !plan.conflicts.length && (plan.createObjects.length || plan.createFields.length)) {
		step('schema');
		await applySchemaPlan(ws, mapping, client);
		applied = true;
		plan = { ...plan, conflicts: [] };
	}
	s.schema = {
		createObjects: plan.createObjects.map((x) => x.nameSingular),
		createFields: plan.createFields.length,
		conflicts: plan.conflicts.length,
		applied
	};
	s.problems.push(...plan.conflicts.map((c) => `schema: ${c.object}${c.field ? `.${c.field}` : ''}: ${c.message}`));
	await resolveStaff(ws, client);
	const objects = await client.metadata.listObjects();
	await mapAndValidate(ws, mapping, s, objects);
	if (!o.push || s.problems.length) return finish(s, s.problems.length ? 'blocked' : 'planned');
	step('batches');
	const approved = await freezeAndApprove(ws, recipe, objects, s, actor, o.settings?.maxFileBytes ?? recipe.loader.maxFileBytes);
	if (s.problems.length || !approved.length) return finish(s, 'blocked');
	step('push');
	const pushed = await approvedPush(ws, approved, { settings: { ...recipe.loader, ...o.settings }, actor })();
	const runId = pushed.runIds[0];
	const unresolved = await unresolvedCounts(ws, runId);
	s.run = { id: runId, counts: pushed.counts, unresolved };
	for (const u of unresolved)
		s.warnings.push(`run ${runId}: ${u.records} ${u.plural} record(s) sent without ${u.field} (unresolved link), e.g. ${u.example}`);
	if (pushed.failed) s.problems.push(`${pushed.failed} record(s) failed to push: see run ${runId}`);
	for (const u of pushed.unfinished)
		s.problems.push(`run ${u.runId} ended ${u.status} with ${u.unsettled} record(s) not pushed: resume it with ferry push --resume`);
	return finish(s, pushed.failed || pushed.unfinished.length ? 'failed' : 'pushed');
}
