// A person's decisions on clusters, keyed by source patient ids so they survive re-runs
// and re-imports. A new decision supersedes the active ones it overlaps; undo restores them.
import { z } from 'zod';
import type { Workspace } from '../db/index.js';
import { textList } from '../db/index.js';
import { refreshGolden } from './golden.js';
import { ensureDedupe } from './schema.js';
import { loadSettings, tableColumns } from './settings.js';
import { FerryError } from '../errors.js';

export { Decision } from '../../shared/contracts/dedupe.js';
import { Decision } from '../../shared/contracts/dedupe.js';

export interface DecisionRow {
	id: number;
	kind: string;
	members: string[];
	survivor_id: string | null;
	actor: string;
	decided_at: string;
}

async function validate(ws: Workspace, d: z.infer<typeof Decision>): Promise<string[]> {
	const members = [...new Set(d.members)].sort();
	if (members.length < 2) throw new FerryError('a decision needs at least two different patient ids');
	const found = await ws.all<{ patient_id: string }>(
		`select patient_id from dedupe.records where list_contains($1::varchar[], patient_id)`,
		[textList(members)]
	);
	if (found.length !== members.length) {
		const known = new Set(found.map((f) => f.patient_id));
		throw new FerryError(`unknown patient id ${members.find((m) => !known.has(m))}: run dedupe on the current snapshot first`, 404);
	}
	if (d.kind === 'merge') {
		if (!d.survivorId) throw new FerryError('a merge needs survivorId');
		if (!members.includes(d.survivorId)) throw new FerryError(`survivorId ${d.survivorId} is not one of the members`);
		const cols = await tableColumns(ws, (await loadSettings(ws)).table);
		for (const f of Object.keys(d.values)) if (!cols.includes(f)) throw new FerryError(`values.${f}: not a column of the patients table`);
	} else if (d.survivorId || Object.keys(d.values).length) {
		throw new FerryError(`a ${d.kind} decision takes no survivorId or values`);
	}
	return members;
}

export async function decide(ws: Workspace, input: unknown, actor = 'analyst'): Promise<DecisionRow> {
	await ensureDedupe(ws);
	const d = Decision.parse(input);
	const members = await validate(ws, d);
	const id = await ws.transaction(async (c) => {
		const r = await c.runAndReadAll(
			`insert into dedupe.decisions (kind, members, survivor_id, actor) values ($1, $2::varchar[], $3, $4) returning id`,
			[d.kind, textList(members), d.survivorId ?? null, actor]
		);
		const newId = Number(r.getRows()[0][0]);
		await c.run(
			`update dedupe.decisions set undone_at = now(), superseded_by = ${newId}
			where undone_at is null and id <> ${newId} and list_has_any(members, $1::varchar[])`,
			[textList(members)]
		);
		for (const [field, value] of Object.entries(d.values)) {
			await c.run(`insert into dedupe.decision_values values (${newId}, $1, $2)`, [field, value]);
		}
		const superseded = await c.runAndReadAll(`select id from dedupe.decisions where superseded_by = ${newId}`);
		await refreshGolden(c, [newId, ...superseded.getRows().map((r) => Number(r[0]))]);
		return newId;
	});
	await ws.audit(`dedupe.${d.kind}`, `decision:${id}`, { members: members.length, values: Object.keys(d.values).length });
	return (await listDecisions(ws, { id }))[0];
}

/** Undoes one decision (the newest active one when no id is given) and restores what it superseded. */
export async function undo(ws: Workspace, id?: number): Promise<DecisionRow | null> {
	await ensureDedupe(ws);
	const target = await ws.one<{ id: number }>(
		id === undefined
			? `select id from dedupe.decisions where undone_at is null order by id desc limit 1`
			: `select id from dedupe.decisions where undone_at is null and id = ${Number(id)}`
	);
	if (!target) {
		if (id === undefined) return null;
		throw new FerryError(`decision ${id} does not exist or is already undone`, 404);
	}
	const tid = Number(target.id);
	await ws.transaction(async (c) => {
		const restored = await c.runAndReadAll(`select id from dedupe.decisions where superseded_by = ${tid}`);
		await c.run(`update dedupe.decisions set undone_at = now() where id = ${tid}`);
		await c.run(`update dedupe.decisions set undone_at = null, superseded_by = null where superseded_by = ${tid}`);
		await refreshGolden(c, [tid, ...restored.getRows().map((r) => Number(r[0]))]);
	});
	await ws.audit('dedupe.undo', `decision:${tid}`, {});
	return (await listDecisions(ws, { id: tid, all: true }))[0];
}

export async function listDecisions(ws: Workspace, { id, all = false }: { id?: number; all?: boolean } = {}): Promise<DecisionRow[]> {
	await ensureDedupe(ws);
	const where = [all ? 'true' : 'undone_at is null', id === undefined ? 'true' : `id = ${Number(id)}`].join(' and ');
	return ws.all<DecisionRow>(`select id::integer as id, kind, members, survivor_id, actor, decided_at::varchar as decided_at, undone_at::varchar as undone_at
		from dedupe.decisions where ${where} order by id`);
}
