// Post-migration validation and the staged-vs-Twenty diff, as SQL over the newest approved
// batch of each object (what should be there) and loader.readback (what Twenty holds).
import { toCsv } from '../csv/index.js';
import type { Workspace } from '../db/index.js';
import { FerryError, notFound } from '../errors.js';
import { ensureLoader } from './schema.js';
import { unresolvedCounts } from './unresolved.js';
import type { LossCount, NullRate, ObjectCount, OrphanCount, ValidationReport } from '../../shared/contracts/loader.js';

export type { LossCount, NullRate, ObjectCount, OrphanCount, ValidationReport };

/** What validation compares: the whole migration, or only the records some runs pushed (a delta push). */
export interface ReportScope {
	/** Only the batches these runs pushed: validates a delta push on its own records. */
	runIds?: number[];
}

/**
 * Records that should be in Twenty, one row per source key (its newest approved payload).
 * Whole migration: every approved batch a run (not rolled back) pushed, plus each object's newest
 * approved batch (so a frozen-but-unpushed or rolled-back one still says what is missing). A delta
 * batch holds only the moving records, so its object's earlier batches stay expected too.
 * Scoped to runs: only the batches those runs pushed.
 */
function expectedSql(scope: ReportScope = {}): string {
	const batches = batchesSql(scope);
	return `select plural, id, source_key, payload from (
		select b.plural, r.id, r.source_key, r.payload, row_number() over (partition by r.source_key order by b.id desc) as rn
		from loader.batch_records r join loader.batches b on b.id = r.batch_id
		where b.status = 'approved' and r.status = 'valid' and b.id in (${batches}))
	where rn = 1`;
}

/** The batches a report covers: those the scope's runs pushed, or the whole migration's (above). */
function batchesSql(scope: ReportScope): string {
	return scope.runIds
		? `select unnest(batch_ids) as id from loader.runs where list_contains(${runList(scope.runIds)}, id)`
		: `select unnest(batch_ids) as id from loader.runs where status <> 'rolled-back'
			union select max(id) as id from loader.batches where status = 'approved' group by plural`;
}

/** `[4, 5]` as a DuckDB integer list literal (ids are checked integers, never text). */
function runList(ids: number[]): string {
	if (!ids.every((i) => Number.isInteger(i) && i > 0)) throw new FerryError(`run ids are positive whole numbers, got ${ids.join(', ')}`);
	return `[${ids.join(', ')}]::integer[]`;
}

/** Refuses runs the workspace does not have, naming them. */
async function checkRuns(ws: Workspace, scope: ReportScope): Promise<void> {
	if (!scope.runIds) return;
	if (!scope.runIds.length) throw new FerryError('name at least one run to validate, or none for the whole migration');
	const known = await ws.all<{ id: number }>(`select id from loader.runs where list_contains(${runList(scope.runIds)}, id)`);
	const unknown = scope.runIds.filter((i) => !known.some((k) => Number(k.id) === i));
	if (unknown.length) throw notFound(`run ${unknown.join(', ')} does not exist in workspace '${ws.name}': pick runs from the Load page`);
}

/** Records whose newest ledger row (in a run not rolled back) has this status ('skipped', 'failed'), with the run's reason. */
const settled = (status: string) => `select plural, source_key from (
		select l.plural, l.source_key, l.status, row_number() over (partition by l.source_key order by l.run_id desc) as rn
		from loader.ledger l join loader.runs r on r.id = l.run_id where r.status <> 'rolled-back')
	where rn = 1 and status = '${status}'`;
const SKIPPED = settled('skipped');
/** Per source key, the optional links runs not rolled back sent it without. */
const UNRESOLVED = `select source_key, list(distinct field) as fields from loader.unresolved
	where run_id in (select id from loader.runs where status <> 'rolled-back') group by source_key`;

/** Fields Twenty does not require but a clinic's records are useless without (issue 7). */
const REQUIRED: Array<{ plural: string; field: string; isNull: string }> = [
	{
		plural: 'people',
		field: 'name',
		isNull: `coalesce(record->'name'->>'firstName', '') = '' and coalesce(record->'name'->>'lastName', '') = ''`
	},
	{ plural: 'people', field: 'emails.primaryEmail', isNull: `coalesce(record->'emails'->>'primaryEmail', '') = ''` },
	{ plural: 'tasks', field: 'dueAt', isNull: `(record->>'dueAt') is null` }
];

/** Link records and the join columns that must point at a record Twenty holds. */
const LINKS: Array<{ plural: string; column: string; target: string }> = [
	{ plural: 'taskTargets', column: 'taskId', target: 'tasks' },
	{ plural: 'taskTargets', column: 'targetPersonId', target: 'people' },
	{ plural: 'taskTargets', column: 'targetCompanyId', target: 'companies' },
	{ plural: 'noteTargets', column: 'noteId', target: 'notes' },
	{ plural: 'noteTargets', column: 'targetPersonId', target: 'people' },
	{ plural: 'noteTargets', column: 'targetCompanyId', target: 'companies' },
	{ plural: 'attachments', column: 'targetNoteId', target: 'notes' },
	{ plural: 'attachments', column: 'targetPersonId', target: 'people' }
];

const n = (v: unknown) => Number(v ?? 0);

export async function validationReport(ws: Workspace, scope: ReportScope = {}): Promise<ValidationReport> {
	await ensureLoader(ws);
	await checkRuns(ws, scope);
	const EXPECTED = expectedSql(scope);
	// Scoped to runs, the required fields and links are checked on those runs' records only.
	const inScope = (id: string) => (scope.runIds ? `and ${id} in (select id from e)` : '');
	const counts =
		await ws.all(`with e as (${EXPECTED}), t as (select plural, id from loader.readback), s as (${SKIPPED}), f as (${settled('failed')}),
		plurals as (select plural from e ${scope.runIds ? '' : 'union select plural from t'})
		select p.plural,
			(select count(*) from e where e.plural = p.plural) as expected,
			(select count(*) from e join t on t.plural = e.plural and t.id = e.id where e.plural = p.plural) as present,
			(select count(*) from e join s on s.source_key = e.source_key where e.plural = p.plural and e.id not in (select id from t where t.plural = p.plural)) as skipped,
			(select count(*) from e join f on f.source_key = e.source_key where e.plural = p.plural and e.id not in (select id from t where t.plural = p.plural)) as failed,
			(select count(*) from t where t.plural = p.plural) as "inTwenty"
		from plurals p order by p.plural`);
	const nulls: NullRate[] = [];
	for (const r of REQUIRED) {
		const row = await ws.one(
			`with e as (${EXPECTED}) select count(*) as records, count(*) filter (where ${r.isNull}) as nulls from loader.readback where plural = $1 ${inScope('id')}`,
			[r.plural]
		);
		const records = n(row?.records);
		nulls.push({ plural: r.plural, field: r.field, records, nulls: n(row?.nulls), rate: records ? n(row?.nulls) / records : 0 });
	}
	const orphans: OrphanCount[] = [];
	for (const l of LINKS) {
		const from = `from loader.readback l left join loader.readback t on t.plural = $2 and t.id = (l.record->>'${l.column}') where l.plural = $1 ${inScope('l.id')}`;
		const row = await ws.one(
			`with e as (${EXPECTED}) select count(*) filter (where (l.record->>'${l.column}') is not null) as records,
			count(*) filter (where (l.record->>'${l.column}') is not null and t.id is null) as orphans ${from}`,
			[l.plural, l.target]
		);
		if (!n(row?.records)) continue;
		const sample = n(row?.orphans)
			? await ws.all<{ id: string; target: string; sourceKey: string | null }>(
					`with e as (${EXPECTED}) select l.id, l.record->>'${l.column}' as target,
				(select b.source_key from loader.batch_records b where b.id = l.id limit 1) as "sourceKey"
				${from} and (l.record->>'${l.column}') is not null and t.id is null order by l.id limit 20`,
					[l.plural, l.target]
				)
			: [];
		orphans.push({
			plural: l.plural,
			link: l.column,
			records: n(row?.records),
			orphans: n(row?.orphans),
			sample: sample.map((x) => ({ id: String(x.id), target: String(x.target), sourceKey: x.sourceKey ?? null }))
		});
	}
	const att = await ws.one(`with e as (${EXPECTED}) select
		(select count(*) from loader.readback where plural = 'notes') as notes,
		(select count(distinct record->>'targetNoteId') from loader.readback where plural = 'attachments' and (record->>'targetNoteId') in (select id from loader.readback where plural = 'notes')) as "notesWithAttachment",
		(select count(*) from e where plural = 'attachments') as expected,
		(select count(*) from e join loader.readback t on t.plural = 'attachments' and t.id = e.id where e.plural = 'attachments') as present`);
	// Losses of the batches the report covers, summed over them; acknowledged when every one of them is.
	const losses = await ws.all<LossCount>(`select b.plural, l.target, l."column" as column, l.reason, sum(l.records)::integer as records,
			case when count(a.batch_id) = count(*) then max(a.acknowledged_by) end as "acknowledgedBy",
			case when count(a.batch_id) = count(*) then max(a.acknowledged_at)::varchar end as "acknowledgedAt"
		from loader.batch_losses l join loader.batches b on b.id = l.batch_id left join loader.loss_acks a on a.batch_id = l.batch_id
		where b.status = 'approved' and b.id in (${batchesSql(scope)})
		group by all order by b.plural, records desc, l.target`);
	// The audit log, not the copied rows: reading an empty Twenty back (after a rollback) is a read too.
	const readAt = await ws.one<{ at: string | null }>(
		`select max("at")::varchar as at from ferry.audit_log where action = 'loader.readback'`
	);
	return {
		at: new Date().toISOString(),
		counts: counts.map((c) => ({
			plural: String(c.plural),
			expected: n(c.expected),
			present: n(c.present),
			missing: n(c.expected) - n(c.present) - n(c.skipped) - n(c.failed),
			skipped: n(c.skipped),
			failed: n(c.failed),
			other: n(c.inTwenty) - n(c.present),
			inTwenty: n(c.inTwenty)
		})),
		nulls,
		attachments: {
			notes: n(att?.notes),
			notesWithAttachment: n(att?.notesWithAttachment),
			expected: n(att?.expected),
			present: n(att?.present)
		},
		orphans,
		losses: losses.map((l) => ({ ...l })),
		unresolved: await unresolvedCounts(ws, scope.runIds),
		readAt: readAt?.at ?? null,
		runIds: scope.runIds ?? null
	};
}

export function reportCsv(r: ValidationReport): string {
	const rows: unknown[][] = [['section', 'object', 'metric', 'value']];
	for (const c of r.counts)
		for (const k of ['expected', 'present', 'missing', 'skipped', 'failed', 'other', 'inTwenty'] as const)
			rows.push(['counts', c.plural, k, c[k]]);
	for (const x of r.nulls)
		rows.push(['nulls', x.plural, `${x.field} null rate`, x.rate.toFixed(4)], ['nulls', x.plural, `${x.field} nulls`, x.nulls]);
	for (const [k, v] of Object.entries(r.attachments)) rows.push(['attachments', 'notes', k, v]);
	for (const o of r.orphans)
		rows.push(['orphans', o.plural, `${o.link} orphans`, o.orphans], ['orphans', o.plural, `${o.link} links`, o.records]);
	for (const l of r.losses ?? []) rows.push(['lost by the map', l.plural, `${l.target}: ${l.reason}`, l.records]);
	for (const u of r.unresolved ?? []) rows.push(['unresolved links', u.plural, `${u.field} sent without its record`, u.records]);
	return toCsv(rows);
}

export interface FieldDiff {
	plural: string;
	sourceKey: string;
	id: string;
	field: string;
	staged: unknown;
	twenty: unknown;
}

/** Compares only what was staged: Twenty adds defaults and system fields, which are not differences. */
function differs(staged: unknown, held: unknown): boolean {
	if (staged !== null && typeof staged === 'object' && !Array.isArray(staged)) {
		if (held === null || typeof held !== 'object')
			return Object.values(staged).some((v) => v !== null && v !== '' && !(Array.isArray(v) && !v.length));
		return Object.entries(staged).some(([k, v]) => differs(v, (held as Record<string, unknown>)[k]));
	}
	if ((staged === null || staged === '') && (held === null || held === undefined || held === '')) return false;
	if (Array.isArray(staged) && !staged.length && (held === null || (Array.isArray(held) && !held.length))) return false;
	if (typeof staged === 'string' && typeof held === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(staged))
		return Date.parse(staged) !== Date.parse(held);
	if (typeof staged === 'number' && typeof held === 'string') return Number(held) !== staged;
	return JSON.stringify(staged) !== JSON.stringify(held);
}

/** Field-level differences between the newest approved payloads and what Twenty holds (missing and skipped records too). */
export async function stagedDiff(
	ws: Workspace,
	o: { plurals?: string[]; limit?: number } & ReportScope = {}
): Promise<{
	compared: number;
	missing: number;
	skipped: number;
	differences: number;
	byField: Array<{ plural: string; field: string; count: number }>;
	sample: FieldDiff[];
}> {
	await ensureLoader(ws);
	await checkRuns(ws, o);
	const EXPECTED = expectedSql(o);
	// A link the run sent without (the map said send-without) is accounted for, not a difference.
	const rows = await ws.all<{
		plural: string;
		source_key: string;
		id: string;
		payload: string;
		record: string | null;
		skipped: boolean;
		unresolved: string[] | null;
	}>(
		`with e as (${EXPECTED}), s as (${SKIPPED}), u as (${UNRESOLVED}) select e.plural, e.source_key, e.id, e.payload::varchar as payload, t.record::varchar as record, s.source_key is not null as skipped, u.fields as unresolved
		 from e left join loader.readback t on t.plural = e.plural and t.id = e.id left join s on s.source_key = e.source_key left join u on u.source_key = e.source_key
		 ${o.plurals ? `where e.plural in (select unnest(from_json($1::json, '["VARCHAR"]')))` : ''} order by e.plural, e.source_key`,
		o.plurals ? [JSON.stringify(o.plurals)] : []
	);
	const byField = new Map<string, number>();
	const sample: FieldDiff[] = [];
	let missing = 0;
	let skipped = 0;
	let differences = 0;
	for (const r of rows) {
		if (!r.record) {
			if (r.skipped) skipped++;
			else missing++;
			continue;
		}
		const staged = JSON.parse(r.payload) as Record<string, unknown>;
		const held = JSON.parse(r.record) as Record<string, unknown>;
		const without = new Set(r.unresolved ?? []);
		for (const [field, value] of Object.entries(staged)) {
			if (without.has(field) || !differs(value, held[field])) continue;
			differences++;
			byField.set(`${r.plural}\u0000${field}`, (byField.get(`${r.plural}\u0000${field}`) ?? 0) + 1);
			if (sample.length < (o.limit ?? 200))
				sample.push({ plural: r.plural, sourceKey: r.source_key, id: r.id, field, staged: value, twenty: held[field] ?? null });
		}
	}
	return {
		compared: rows.length - missing - skipped,
		missing,
		skipped,
		differences,
		byField: [...byField]
			.map(([k, count]) => ({ plural: k.split('\u0000')[0], field: k.split('\u0000')[1], count }))
			.sort((a, b) => b.count - a.count),
		sample
	};
}
