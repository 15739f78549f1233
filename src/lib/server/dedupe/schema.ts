// The dedupe schema: settings, the shipped nickname table, the latest run's records,
// pairs and clusters, and the person's decisions (keyed by source patient ids, so they
// outlive any run or snapshot).
import type { Workspace } from '../db/index.js';
import { nicknamePairs } from './nicknames.js';

const DDL = [
	`create schema if not exists dedupe`,
	`create table if not exists dedupe.settings (key varchar primary key, value varchar not null)`,
	`create table if not exists dedupe.nicknames (a varchar not null, b varchar not null, primary key (a, b))`,
	`create sequence if not exists dedupe.decision_ids start 1`,
	`create table if not exists dedupe.decisions (
		id bigint primary key default nextval('dedupe.decision_ids'),
		kind varchar not null check (kind in ('merge', 'distinct', 'skip')),
		members varchar[] not null,
		survivor_id varchar,
		score double,
		actor varchar not null,
		decided_at timestamptz not null default now(),
		undone_at timestamptz,
		superseded_by bigint
	)`,
	`create table if not exists dedupe.decision_values (decision_id bigint not null, field varchar not null, value varchar, primary key (decision_id, field))`,
	`create sequence if not exists dedupe.run_ids start 1`,
	`create table if not exists dedupe.runs (
		id bigint primary key default nextval('dedupe.run_ids'),
		started_at timestamptz not null default now(),
		snapshot_id integer,
		records bigint not null,
		pairs bigint not null,
		clusters bigint not null,
		seconds double not null
	)`
];

/**
 * A run's working tables (the raw columns copied, name and date keys, the candidates' levels)
 * live in an in-memory catalog: written to the workspace file, a million rows cost seconds of
 * compression for tables nothing reads after the run. What the review reads stays in `dedupe`.
 */
export const WORK = 'dedupe_work';
const WORK_TABLES = ['src', 'name_keys', 'dob_keys', 'levels'];

const workUsers = new WeakMap<Workspace, number>();

/**
 * Runs `work` with the working catalog attached (it lasts while the workspace is open). Its
 * tables are dropped when the last user is done, so a rule count during a run leaves the run's
 * alone; those an older Ferry kept in the workspace file go too.
 */
export async function withWork<T>(ws: Workspace, work: () => Promise<T>): Promise<T> {
	workUsers.set(ws, (workUsers.get(ws) ?? 0) + 1);
	try {
		await ws.run(`attach if not exists ':memory:' as ${WORK}`);
		return await work();
	} finally {
		const left = workUsers.get(ws)! - 1;
		workUsers.set(ws, left);
		if (!left) await ws.run(WORK_TABLES.map((t) => `drop table if exists ${WORK}.${t}; drop table if exists dedupe.${t};`).join(' '));
	}
}

const ready = new WeakMap<Workspace, Promise<void>>();

/** Once per open workspace; concurrent first requests share one setup. */
export function ensureDedupe(ws: Workspace): Promise<void> {
	let p = ready.get(ws);
	if (!p) {
		p = setup(ws);
		ready.set(ws, p);
		p.catch(() => ready.delete(ws));
	}
	return p;
}

async function setup(ws: Workspace): Promise<void> {
	await ws.ensure('dedupe', DDL);
	await addSupersededBy(ws);
	if ((await ws.count('dedupe.nicknames')) > 0) return;
	const pairs = nicknamePairs();
	await ws.withConnection(async (c) => {
		const app = await c.createAppender('nicknames', 'dedupe');
		for (const [a, b] of pairs) {
			app.appendVarchar(a);
			app.appendVarchar(b);
			app.endRow();
		}
		app.closeSync();
	});
}

/**
 * Workspaces made before decisions could supersede each other lack the column. Altered only
 * when missing, then checkpointed: an ADD COLUMN left in the WAL may not replay after a crash.
 */
async function addSupersededBy(ws: Workspace): Promise<void> {
	const has = await ws.one(
		`select 1 from information_schema.columns where table_schema = 'dedupe' and table_name = 'decisions' and column_name = 'superseded_by'`
	);
	if (has) return;
	await ws.run(`alter table dedupe.decisions add column superseded_by bigint`);
	await ws.run(`checkpoint`);
}
