// The pipeline overview: where each step stands, derived from what the workspace file proves
// (the current snapshot's tables, dedupe runs and decisions, the mapping document, stage views,
// the audit log's schema apply, sample, runs, rollbacks and read-backs). Each step links to its
// page; the first step still open is marked `next` and names the action to take there.
import type { DuckDBValue } from '@duckdb/node-api';
import { textList, type Workspace } from '../db/index.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';
import { tablePlaying } from '../mapping/index.js';

export const STEPS = ['import', 'profile', 'dedupe', 'map', 'schema', 'sample', 'push', 'validate'] as const;
export type Step = (typeof STEPS)[number];

export interface StepState {
	step: Step;
	/** done: the file proves it; ready: can be done now; blocked: something upstream is missing; todo: later. */
	state: 'done' | 'ready' | 'blocked' | 'todo';
	detail: string;
	/** The page where the step is done, relative to the workspace (`''` is Home). */
	href: string;
	/** True for the one step a person should do next. */
	next: boolean;
}

interface Facts {
	snapshots: number;
	current: number | null;
	rawTables: number;
	patientsTable: string | null;
	dedupeRunsOnCurrent: number;
	decisions: number;
	mappingFields: number;
	mappingConfirmed: number;
	compiled: boolean;
	/** The stage was compiled before the current snapshot was imported or made current. */
	compileStale: boolean;
	target: boolean;
	schemaApplied: boolean;
	sampleRuns: number;
	runsDone: number;
	runsRolledBack: number;
	readAfterLastRun: boolean;
}

async function relations(ws: Workspace): Promise<Set<string>> {
	const rows = await ws.all<{ name: string }>(
		`select schema_name || '.' || table_name as name from duckdb_tables() where schema_name in ('dedupe', 'loader', 'mapping') and database_name = current_database()
		 union all select schema_name || '.' || view_name from duckdb_views() where schema_name in ('stage', 'raw') and database_name = current_database()`
	);
	return new Set(rows.map((r) => r.name));
}

/** One number a query answers (a time, an id); counts go through ws.count. */
async function num(ws: Workspace, sql: string, params: DuckDBValue[] = []): Promise<number> {
	return Number(Object.values((await ws.one<Record<string, unknown>>(sql, params)) ?? { n: 0 })[0] ?? 0);
}

/** Latest time of an audit action (epoch ms), 0 when it never happened. */
async function lastAction(ws: Workspace, actions: string[]): Promise<number> {
	return num(ws, `select coalesce(epoch_ms(max("at")), 0) as n from ferry.audit_log where list_contains($1::varchar[], action)`, [
		textList(actions)
	]);
}

async function facts(ws: Workspace): Promise<Facts> {
	const has = await relations(ws);
	const current = await num(ws, `select coalesce(${CURRENT_SNAPSHOT_SQL}, 0) as n`);
	const savedTable = has.has('dedupe.settings')
		? await ws.one<{ t: string | null }>(`select json_extract_string(value, '$.table') as t from dedupe.settings where key = 'settings'`)
		: null;
	// Dedupe's table when it has settings, else the table playing the patients role.
	const patients = savedTable?.t ?? (current ? await tablePlaying(ws, 'patients') : null);
	const mapping = has.has('mapping.document')
		? mappingCounts((await ws.one<{ body: string }>(`select body::varchar as body from mapping.document where id = 1`))?.body)
		: null;
	const compiledAt = await lastAction(ws, ['mapping.compile']);
	const snapshotAt = await lastAction(ws, ['import', 'snapshot.current']);
	const runs = has.has('loader.runs');
	const lastRunEnd = runs
		? await num(ws, `select coalesce(epoch_ms(max(ended_at)), 0) as n from loader.runs where ended_at is not null`)
		: 0;
	return {
		snapshots: await ws.count('ferry.snapshots'),
		current: current || null,
		rawTables: [...has].filter((r) => r.startsWith('raw.')).length,
		patientsTable: patients && has.has(`raw.${patients}`) ? patients : null,
		dedupeRunsOnCurrent: has.has('dedupe.runs') ? await ws.count('dedupe.runs where snapshot_id = $1', [current]) : 0,
		decisions: has.has('dedupe.decisions') ? await ws.count('dedupe.decisions where undone_at is null') : 0,
		mappingFields: mapping?.total ?? 0,
		mappingConfirmed: mapping?.confirmed ?? 0,
		compiled: has.has('stage.plan'),
		compileStale: has.has('stage.plan') && compiledAt > 0 && snapshotAt > compiledAt,
		target: (await ws.setting('target.url')) !== undefined,
		schemaApplied: (await lastAction(ws, ['schema.apply'])) > 0,
		sampleRuns: await ws.count(`ferry.audit_log where action = 'loader.sample'`),
		runsDone: runs ? await ws.count(`loader.runs where status = 'done'`) : 0,
		runsRolledBack: runs ? await ws.count(`loader.runs where status = 'rolled-back'`) : 0,
		readAfterLastRun: lastRunEnd > 0 && (await lastAction(ws, ['loader.readback'])) >= lastRunEnd
	};
}

/** Fields in the saved mapping document and how many a person confirmed. */
function mappingCounts(body: string | undefined): { total: number; confirmed: number } | null {
	if (!body) return null;
	const fields = ((JSON.parse(body) as { sources?: Array<{ fields?: Array<{ confirmed?: boolean }> }> }).sources ?? []).flatMap(
		(s) => s.fields ?? []
	);
	return { total: fields.length, confirmed: fields.filter((f) => f.confirmed).length };
}

type Partial = Omit<StepState, 'next'>;

function steps(f: Facts): Partial[] {
	const s = (step: Step, href: string, state: StepState['state'], detail: string): Partial => ({ step, href, state, detail });
	const noSnapshot = 'import an export first';
	const out: Partial[] = [];
	out.push(
		f.snapshots
			? s('import', '', 'done', `snapshot ${f.current} of ${f.snapshots} is current (${f.rawTables} tables)`)
			: s('import', '', 'ready', 'import an export to begin')
	);
	out.push(
		f.rawTables
			? s('profile', 'profile', 'ready', `look over the ${f.rawTables} raw tables: nulls, patterns, orphans`)
			: s('profile', 'profile', 'blocked', noSnapshot)
	);
	if (!f.snapshots) out.push(s('dedupe', 'dedupe', 'blocked', noSnapshot));
	else if (!f.patientsTable)
		out.push(
			s(
				'dedupe',
				'dedupe',
				'blocked',
				`snapshot ${f.current} has no patients table: import the export that holds it, give a table the patients role (Mapping page, or ferry map table <table> --role patients), or choose it on the Duplicates page`
			)
		);
	else if (f.dedupeRunsOnCurrent && f.decisions)
		out.push(s('dedupe', 'dedupe', 'done', `${f.decisions} decision(s); detection ran on snapshot ${f.current}`));
	else if (f.dedupeRunsOnCurrent) out.push(s('dedupe', 'dedupe', 'ready', 'review the duplicate clusters found'));
	else
		out.push(
			s(
				'dedupe',
				'dedupe',
				'ready',
				f.decisions
					? `run duplicate detection again on snapshot ${f.current} (${f.decisions} earlier decision(s) are kept)`
					: 'run duplicate detection, then review the clusters'
			)
		);
	if (!f.rawTables) out.push(s('map', 'mapping', 'blocked', noSnapshot));
	else if (f.compiled && f.compileStale)
		out.push(s('map', 'mapping', 'ready', `compile the mapping again: the stage views predate snapshot ${f.current}`));
	else if (f.compiled)
		out.push(s('map', 'mapping', 'done', `${f.mappingConfirmed} of ${f.mappingFields} field(s) confirmed; stage views compiled`));
	else
		out.push(
			s(
				'map',
				'mapping',
				'ready',
				f.mappingFields
					? `confirm the field map (${f.mappingConfirmed} of ${f.mappingFields} confirmed) and compile it`
					: 'confirm the field map and compile it'
			)
		);
	if (!f.target) out.push(s('schema', '', 'blocked', 'set a Twenty target (Home)'));
	else if (f.schemaApplied) out.push(s('schema', 'mapping', 'done', 'schema plan applied to the target'));
	else
		out.push(
			s(
				'schema',
				'mapping',
				f.compiled ? 'ready' : 'todo',
				f.compiled ? 'apply the schema plan (Mapping page)' : 'after the map is compiled'
			)
		);
	const canPush = f.compiled && f.target && f.schemaApplied;
	if (f.sampleRuns) out.push(s('sample', 'load', 'done', `${f.sampleRuns} sample(s) frozen`));
	else
		out.push(
			s(
				'sample',
				'load',
				canPush ? 'ready' : 'todo',
				canPush ? 'freeze and push a sample, then read the diff' : 'after the schema is applied'
			)
		);
	const live = f.runsDone;
	if (live) out.push(s('push', 'load', 'done', `${live} run(s) in Twenty${f.runsRolledBack ? `, ${f.runsRolledBack} rolled back` : ''}`));
	else
		out.push(
			s(
				'push',
				'load',
				canPush ? 'ready' : 'todo',
				f.runsRolledBack
					? `every run so far was rolled back (${f.runsRolledBack}): approve batches and push again`
					: canPush
						? 'approve batches and push'
						: 'after the sample'
			)
		);
	if (live && f.readAfterLastRun) out.push(s('validate', 'validate', 'done', 'Twenty read back after the last run'));
	else
		out.push(
			s('validate', 'validate', live ? 'ready' : 'todo', live ? 'read Twenty back and compare with what was approved' : 'after a push')
		);
	return out;
}

export async function pipelineState(ws: Workspace): Promise<StepState[]> {
	const list = steps(await facts(ws));
	const next = list.find((p) => p.state === 'ready' && p.step !== 'profile') ?? list.find((p) => p.state === 'ready');
	return list.map((p) => ({ ...p, next: p === next }));
}
