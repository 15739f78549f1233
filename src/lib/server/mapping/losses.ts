// What the confirmed map loses (issue 14, DESIGN invariant 1): every value present in the export
// that the map drops or cannot convert, every reference that does not resolve, every record left
// unstaged because a required field is empty, and every attachment whose file is missing, empty
// or too large. Recorded at compile as one row per lost value in stage.losses (plural, source,
// target, column, reason, source_key) — a contract with the loader, which counts them per batch
// at freeze and asks a person to acknowledge them before approval. Rows carry keys, never values.
import fs from 'node:fs';
import type { Workspace } from '../db/index.js';
import { ident, literal } from '../db/index.js';
import { attachmentFiles } from '../loader/files.js';
import { pushSettingsSchema } from '../loader/settings.js';
import type { FieldMap, Mapping, SourceMap } from './model.js';
import { inputOf, rowKeySql, sourceFrom, tableExists } from './sources.js';
import { compileValue } from './transforms.js';

export interface Loss {
	plural: string;
	source: string;
	target: string;
	column: string | null;
	reason: string;
	rows: number;
}

const LOSS_REASON: Partial<Record<FieldMap['transform'], string>> = {
	relation: 'refers to a record the export does not have',
	patient_ref: 'refers to a patient the export does not have',
	member_ref: 'staff member without a Twenty account',
	email: 'not a valid email address',
	phone_e164: 'not a possible phone number',
	date: 'not a date',
	datetime: 'not a date and time',
	money_micros: 'not an amount',
	number: 'not a number',
	integer: 'not a number',
	boolean: 'neither yes nor no',
	select_value: 'not a pick-list option',
	ts_function: 'the function returned nothing'
};

const present = (sql: string) => `nullif(trim(cast(${sql} as varchar)), '') is not null`;

interface Check {
	target: string;
	column: string | null;
	reason: string;
	/** True for a source row that loses this value. */
	when: string;
}

/** The checks of one source: a value lost per convertible field, a record lost per empty required field or key. */
function checksOf(s: SourceMap, m: Mapping): { checks: Check[]; joins: string[] } {
	const checks: Check[] = [
		{
			target: '(record)',
			column: s.keyColumn,
			reason: 'record not staged: its key is empty',
			when: `not ${present(`s.${ident(s.keyColumn)}`)}`
		}
	];
	const joins: string[] = [];
	s.fields.forEach((f, i) => {
		if (!f.confirmed || !(f.column || f.sql)) return;
		const reason = LOSS_REASON[f.transform];
		if (!reason && !f.required) return;
		const c = compileValue(f, inputOf(f), m, 1000 + i, s);
		joins.push(...c.joins.map((j) => j.sql));
		const unstaged = f.required ? ` (the record is not staged: ${f.target} is required)` : '';
		if (reason)
			checks.push({
				target: f.target,
				column: f.column ?? null,
				reason: reason + unstaged,
				when: `${present(inputOf(f))} and (${c.value}) is null`
			});
		if (f.required)
			checks.push({
				target: f.target,
				column: f.column ?? null,
				reason: `record not staged: required ${f.target} is empty`,
				when: `not ${present(inputOf(f))}`
			});
	});
	return { checks, joins };
}

/** One scan per source: the key of every row that loses something, with the check it fails. */
async function sourceLosses(ws: Workspace, s: SourceMap, m: Mapping): Promise<void> {
	const { checks, joins } = checksOf(s, m);
	const hits = checks.map((c, k) => `case when ${c.when} then ${k} end`);
	const meta = checks.map(
		(c, k) => `(${k}, ${literal(c.target)}, ${c.column === null ? 'null' : literal(c.column)}, ${literal(c.reason)})`
	);
	const key = rowKeySql(s);
	await ws.run(`insert into stage.losses
		select ${literal(s.plural)}, ${literal(s.id)}, m.target, m.col, m.reason, l.k from (
			select case when ${present(key)} then ${literal(s.entity + ':')} || ${key} end as k, unnest(list_filter([${hits.join(', ')}], x -> x is not null)) as i
			${sourceFrom(s, joins)}) l
		join (values ${meta.join(', ')}) m(i, target, col, reason) on m.i = l.i`);
}

/** Attachments whose file the loader could not upload: none listed, missing, empty, or over the default limit. */
async function fileLosses(ws: Workspace, m: Mapping): Promise<void> {
	const s = m.sources.find((x) => x.plural === 'attachments' && x.extras.file_path);
	const cols = await ws.all<{ c: string }>(
		`select column_name as c from duckdb_columns() where schema_name = 'stage' and table_name = 'attachments' and column_name = 'file_path'`
	);
	if (!s || !cols.length) return;
	const keys = (await ws.all<{ k: string }>(`select source_key as k from stage.attachments`)).map((r) => r.k);
	const files = await attachmentFiles(ws, keys);
	const limit = pushSettingsSchema.parse({}).maxFileBytes;
	const column = /^s\.("?)(.+)\1$/.exec(s.extras.file_path)?.[2] ?? null;
	const lost: Array<{ k: string; r: string }> = [];
	for (const k of keys) {
		const f = files.get(k)?.file;
		const size = f && fs.existsSync(f) ? fs.statSync(f).size : null;
		const r = !f
			? 'no file is listed for this attachment'
			: size === null
				? 'file missing from the export'
				: size === 0
					? 'file is empty'
					: size > limit
						? `file is over the upload limit of ${Math.round(limit / 1048576)} MB`
						: null;
		if (r) lost.push({ k, r });
	}
	if (!lost.length) return;
	await ws.run(
		`insert into stage.losses select 'attachments', $1, 'file', $2, j.r, j.k
		from (select unnest(from_json($3::json, '[{"k":"VARCHAR","r":"VARCHAR"}]'), recursive := true)) j`,
		[s.id, column, JSON.stringify(lost)]
	);
}

/** (Re)writes stage.losses for the confirmed map; run by compile after the stage views exist. */
export async function recordLosses(ws: Workspace, m: Mapping): Promise<void> {
	await ws.run(
		`create or replace table stage.losses (plural varchar, source varchar, target varchar, "column" varchar, reason varchar, source_key varchar)`
	);
	for (const s of m.sources) if (await tableExists(ws, s.table)) await sourceLosses(ws, s, m);
	await fileLosses(ws, m);
}

/** What the last compile lost, per field and reason (empty before any compile). */
export async function stagedLosses(ws: Workspace): Promise<Loss[]> {
	const t = await ws.one(`select 1 from duckdb_tables() where schema_name = 'stage' and table_name = 'losses'`);
	if (!t) return [];
	const rows = await ws.all<{ plural: string; source: string; target: string; column: string | null; reason: string; rows: number }>(
		`select plural, source, target, "column", reason, count(*)::integer as rows from stage.losses group by all order by plural, source, target, reason`
	);
	return rows.map((r) => ({ ...r }));
}
