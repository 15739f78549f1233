// The pipeline steps ahead of a workspace and where each stands. A step reports 'done' only
// from what the workspace file proves (decisions made, stage views compiled, runs finished);
// where the file cannot tell, the step says what to do next instead of claiming progress.
import type { Workspace } from '../db/index.js';

export const STEPS = ['import', 'profile', 'dedupe', 'map', 'schema', 'sample', 'push', 'validate'] as const;
export type Step = (typeof STEPS)[number];

export interface StepState {
	step: Step;
	state: 'done' | 'ready' | 'todo';
	detail: string;
}

interface Facts {
	snapshots: number;
	decisions: number;
	compiled: boolean;
	target: boolean;
	runsDone: number;
}

async function relations(ws: Workspace): Promise<Set<string>> {
	const rows = await ws.all<{ name: string }>(
		`select schema_name || '.' || table_name as name from duckdb_tables() where schema_name in ('dedupe', 'loader')
		 union all select schema_name || '.' || view_name from duckdb_views() where schema_name = 'stage'`
	);
	return new Set(rows.map((r) => r.name));
}

async function count(ws: Workspace, sql: string): Promise<number> {
	return Number((await ws.one<{ n: bigint }>(sql))?.n ?? 0);
}

async function facts(ws: Workspace): Promise<Facts> {
	const has = await relations(ws);
	return {
		snapshots: await count(ws, `select count(*) as n from ferry.snapshots`),
		decisions: has.has('dedupe.decisions') ? await count(ws, `select count(*) as n from dedupe.decisions`) : 0,
		compiled: has.has('stage.plan'),
		target: (await ws.setting('target.url')) !== undefined,
		runsDone: has.has('loader.runs') ? await count(ws, `select count(*) as n from loader.runs where status = 'done'`) : 0
	};
}

function state(step: Step, f: Facts): StepState {
	const after = (ok: boolean, ready: string, before: string): StepState => ({ step, state: ok ? 'ready' : 'todo', detail: ok ? ready : before });
	switch (step) {
		case 'import':
			return f.snapshots ? { step, state: 'done', detail: `${f.snapshots} snapshot(s)` } : { step, state: 'ready', detail: 'import an export to begin' };
		case 'profile':
			return after(f.snapshots > 0, 'profile the raw tables', 'after import');
		case 'dedupe':
			return f.decisions ? { step, state: 'done', detail: `${f.decisions} decision(s)` } : after(f.snapshots > 0, 'review duplicate patients', 'after import');
		case 'map':
			return f.compiled ? { step, state: 'done', detail: 'stage views compiled' } : after(f.snapshots > 0, 'confirm the field map', 'after import');
		case 'schema':
			return after(f.compiled && f.target, 'apply the schema plan (mapping page)', f.target ? 'after the map' : 'set a Twenty target');
		case 'sample':
			return after(f.compiled && f.target, 'push a sample and read the diff', 'after map and schema');
		case 'push':
			return f.runsDone ? { step, state: 'done', detail: `${f.runsDone} run(s) finished` } : after(f.compiled && f.target, 'approve batches and push', 'after the sample');
		case 'validate':
			return after(f.runsDone > 0, 'read Twenty back and compare', 'after a push');
	}
}

export async function pipelineState(ws: Workspace): Promise<StepState[]> {
	const f = await facts(ws);
	return STEPS.map((step) => state(step, f));
}
