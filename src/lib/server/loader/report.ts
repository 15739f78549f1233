// Post-migration validation and the staged-vs-Twenty diff, as SQL over the newest approved
// batch of each object (what should be there) and loader.readback (what Twenty holds).
import { toCsv } from '../csv/index.js';
import type { Workspace } from '../db/index.js';
import { ensureLoader } from './schema.js';

export interface ObjectCount {
	plural: string;
	expected: number;
	present: number;
	/** Approved records not in Twenty, less the skipped ones. */
	missing: number;
	/** Approved records a run skipped with its reason (they point at a record a person excluded): accounted for, not missing. */
	skipped: number;
	/** Approved records the newest run failed with a stated reason (a missing or oversized file, say): accounted for, listed by the run. */
	failed: number;
	/** Records Twenty holds that no approved batch staged (pre-existing or foreign). */
	other: number;
	inTwenty: number;
}

export interface NullRate {
	plural: string;
	field: string;
	records: number;
	nulls: number;
	rate: number;
}

export interface OrphanCount {
	plural: string;
	link: string;
	records: number;
	orphans: number;
}

export interface ValidationReport {
	at: string;
	counts: ObjectCount[];
	nulls: NullRate[];
	attachments: { notes: number; notesWithAttachment: number; expected: number; present: number };
	orphans: OrphanCount[];
	/** What the map lost for the newest approved batch of each object, per field and reason, and who acknowledged it: never in Twenty, by a person's decision. */
	losses: LossCount[];
	readAt: string | null;
}

export interface LossCount {
	plural: string;
	target: string;
	column: string | null;
	reason: string;
	records: number;
	acknowledgedBy: string | null;
	acknowledgedAt: string | null;
}

const EXPECTED = `with latest as (select plural, max(id) as id from loader.batches where status = 'approved' group by plural)
	select b.plural, r.id, r.source_key, r.payload from loader.batch_records r join latest b on b.id = r.batch_id where r.status = 'valid'`;

/** Records whose newest ledger row (in a run not rolled back) has this status ('skipped', 'failed'), with the run's reason. */
const settled = (status: string) => `select plural, source_key from (
		select l.plural, l.source_key, l.status, row_number() over (partition by l.source_key order by l.run_id desc) as rn
		from loader.ledger l join loader.runs r on r.id = l.run_id where r.status <> 'rolled-back')
	where rn = 1 and status = '${status}'`;
const SKIPPED = settled('skipped');

/** Fields Twenty does not require but a clinic's records are useless without (issue 7). */
const REQUIRED: Array<{ plural: string; field: string; isNull: string }> = [
	{ plural: 'people', field: 'name', isNull: `coalesce(record->'name'->>'firstName', '') = '' and coalesce(record->'name'->>'lastName', '') = ''` },
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

export async function validationReport(ws: Workspace): Promise<ValidationReport> {
	await ensureLoader(ws);
	const counts = await ws.all(`with e as (${EXPECTED}), t as (select plural, id from loader.readback), s as (${SKIPPED}), f as (${settled('failed')}),
		plurals as (select plural from e union select plural from t)
		select p.plural,
			(select count(*) from e where e.plural = p.plural) as expected,
			(select count(*) from e join t on t.plural = e.plural and t.id = e.id where e.plural = p.plural) as present,
			(select count(*) from e join s on s.source_key = e.source_key where e.plural = p.plural and e.id not in (select id from t where t.plural = p.plural)) as skipped,
			(select count(*) from e join f on f.source_key = e.source_key where e.plural = p.plural and e.id not in (select id from t where t.plural = p.plural)) as failed,
			(select count(*) from t where t.plural = p.plural) as "inTwenty"
		from plurals p order by p.plural`);
	const nulls: NullRate[] = [];
	for (const r of REQUIRED) {
		const row = await ws.one(`select count(*) as records, count(*) filter (where ${r.isNull}) as nulls from loader.readback where plural = $1`, [r.plural]);
		const records = n(row?.records);
		nulls.push({ plural: r.plural, field: r.field, records, nulls: n(row?.nulls), rate: records ? n(row?.nulls) / records : 0 });
	}
	const orphans: OrphanCount[] = [];
	for (const l of LINKS) {
		const row = await ws.one(`select count(*) filter (where (l.record->>'${l.column}') is not null) as records,
			count(*) filter (where (l.record->>'${l.column}') is not null and t.id is null) as orphans
			from loader.readback l left join loader.readback t on t.plural = $2 and t.id = (l.record->>'${l.column}') where l.plural = $1`, [l.plural, l.target]);
		if (n(row?.records)) orphans.push({ plural: l.plural, link: l.column, records: n(row?.records), orphans: n(row?.orphans) });
	}
	const att = await ws.one(`with e as (${EXPECTED}) select
		(select count(*) from loader.readback where plural = 'notes') as notes,
		(select count(distinct record->>'targetNoteId') from loader.readback where plural = 'attachments' and (record->>'targetNoteId') in (select id from loader.readback where plural = 'notes')) as "notesWithAttachment",
		(select count(*) from e where plural = 'attachments') as expected,
		(select count(*) from e join loader.readback t on t.plural = 'attachments' and t.id = e.id where e.plural = 'attachments') as present`);
	const losses = await ws.all<LossCount>(`with latest as (select plural, max(id) as id from loader.batches where status = 'approved' group by plural)
		select b.plural, l.target, l."column" as column, l.reason, l.records::integer as records, a.acknowledged_by as "acknowledgedBy", a.acknowledged_at::varchar as "acknowledgedAt"
		from loader.batch_losses l join latest b on b.id = l.batch_id left join loader.loss_acks a on a.batch_id = l.batch_id order by b.plural, l.records desc, l.target`);
	// The audit log, not the copied rows: reading an empty Twenty back (after a rollback) is a read too.
	const readAt = await ws.one<{ at: string | null }>(`select max("at")::varchar as at from ferry.audit_log where action = 'loader.readback'`);
	return {
		at: new Date().toISOString(),
		counts: counts.map((c) => ({
			plural: String(c.plural), expected: n(c.expected), present: n(c.present), missing: n(c.expected) - n(c.present) - n(c.skipped) - n(c.failed), skipped: n(c.skipped), failed: n(c.failed),
			other: n(c.inTwenty) - n(c.present), inTwenty: n(c.inTwenty)
		})),
		nulls,
		attachments: { notes: n(att?.notes), notesWithAttachment: n(att?.notesWithAttachment), expected: n(att?.expected), present: n(att?.present) },
		orphans,
		losses: losses.map((l) => ({ ...l })),
		readAt: readAt?.at ?? null
	};
}

export function reportCsv(r: ValidationReport): string {
	const rows: unknown[][] = [['section', 'object', 'metric', 'value']];
	for (const c of r.counts) for (const k of ['expected', 'present', 'missing', 'skipped', 'failed', 'other', 'inTwenty'] as const) rows.push(['counts', c.plural, k, c[k]]);
	for (const x of r.nulls) rows.push(['nulls', x.plural, `${x.field} null rate`, x.rate.toFixed(4)], ['nulls', x.plural, `${x.field} nulls`, x.nulls]);
	for (const [k, v] of Object.entries(r.attachments)) rows.push(['attachments', 'notes', k, v]);
	for (const o of r.orphans) rows.push(['orphans', o.plural, `${o.link} orphans`, o.orphans], ['orphans', o.plural, `${o.link} links`, o.records]);
	for (const l of r.losses ?? []) rows.push(['lost by the map', l.plural, `${l.target}: ${l.reason}`, l.records]);
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
		if (held === null || typeof held !== 'object') return Object.values(staged).some((v) => v !== null && v !== '' && !(Array.isArray(v) && !v.length));
		return Object.entries(staged).some(([k, v]) => differs(v, (held as Record<string, unknown>)[k]));
	}
	if ((staged === null || staged === '') && (held === null || held === undefined || held === '')) return false;
	if (Array.isArray(staged) && !staged.length && (held === null || (Array.isArray(held) && !held.length))) return false;
	if (typeof staged === 'string' && typeof held === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(staged)) return Date.parse(staged) !== Date.parse(held);
	if (typeof staged === 'number' && typeof held === 'string') return Number(held) !== staged;
	return JSON.stringify(staged) !== JSON.stringify(held);
}

/** Field-level differences between the newest approved payloads and what Twenty holds (missing and skipped records too). */
export async function stagedDiff(ws: Workspace, o: { plurals?: string[]; limit?: number } = {}): Promise<{ compared: number; missing: number; skipped: number; differences: number; byField: Array<{ plural: string; field: string; count: number }>; sample: FieldDiff[] }> {
	await ensureLoader(ws);
	const rows = await ws.all<{ plural: string; source_key: string; id: string; payload: string; record: string | null; skipped: boolean }>(
		`with e as (${EXPECTED}), s as (${SKIPPED}) select e.plural, e.source_key, e.id, e.payload::varchar as payload, t.record::varchar as record, s.source_key is not null as skipped
		 from e left join loader.readback t on t.plural = e.plural and t.id = e.id left join s on s.source_key = e.source_key
		 ${o.plurals ? `where e.plural in (select unnest(from_json($1::json, '["VARCHAR"]')))` : ''} order by e.plural, e.source_key`,
		o.plurals ? [JSON.stringify(o.plurals)] : []);
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
		for (const [field, value] of Object.entries(staged)) {
			if (!differs(value, held[field])) continue;
			differences++;
			byField.set(`${r.plural}\u0000${field}`, (byField.get(`${r.plural}\u0000${field}`) ?? 0) + 1);
			if (sample.length < (o.limit ?? 200)) sample.push({ plural: r.plural, sourceKey: r.source_key, id: r.id, field, staged: value, twenty: held[field] ?? null });
		}
	}
	return {
		compared: rows.length - missing - skipped, missing, skipped, differences,
		byField: [...byField].map(([k, count]) => ({ plural: k.split('\u0000')[0], field: k.split('\u0000')[1], count })).sort((a, b) => b.count - a.count),
		sample
	};
}
