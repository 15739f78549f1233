// The sign-off report handed to the practice: what was imported, what was migrated into Twenty,
// what was left out and why, and who approved what. Counts, reasons and ids only (no patient
// values), read from the workspace file; the page renders it printable (PDF through the browser).
import type { Workspace } from '../db/index.js';
import { validationReport } from '../loader/index.js';
import type { SignOff } from '../../shared/contracts/workspaces.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';

export type { SignOff };

async function has(ws: Workspace, schema: string, table: string): Promise<boolean> {
	return ws.exists(schema, table);
}

const n = (v: unknown) => Number(v ?? 0);

/** Reasons are cut to their kind ("expected 16 fields, found 17"), never the quoted row. */
const reasonKind = (col: string) => `regexp_replace(regexp_replace(${col}, '''[^'']*''', '''…''', 'g'), '\\d{3,}', '#', 'g')`;

export async function signOffReport(ws: Workspace): Promise<SignOff> {
	const snap = await ws.one<Record<string, unknown>>(`select * from ferry.snapshots where id = ${CURRENT_SNAPSHOT_SQL}`);
	const quarantined = snap
		? await ws.all<{ file: string; reason: string; rows: number }>(
				`select file, ${reasonKind('reason')} as reason, count(*)::int as rows from ferry.rejects j where snapshot_id = $1
				 and not exists (select 1 from ferry.reject_resolutions r where r.resolution = 'fixed' and (r.snapshot_id, r.file, r.sheet, r.line) = (j.snapshot_id, j.file, j.sheet, j.line))
				 group by all order by rows desc, file limit 200`,
				[n(snap.id)]
			)
		: [];
	const dd = (await has(ws, 'dedupe', 'decisions'))
		? (await ws.one<{ merged: number; apart: number; skipped: number; deciders: string[] }>(
				`select count(*) filter (kind = 'merge')::int as merged, count(*) filter (kind = 'distinct')::int as apart, count(*) filter (kind = 'skip')::int as skipped, list_distinct(list(actor)) as deciders from dedupe.decisions where undone_at is null and superseded_by is null`
			))!
		: { merged: 0, apart: 0, skipped: 0, deciders: [] };
	const loader = await has(ws, 'loader', 'batches');
	const batches = loader
		? await ws.all<
				Record<string, unknown>
			>(`select b.id, b.plural, b.status, b.approved_by, b.approved_at::varchar as approved_at, count(r.source_key)::int as records,
				count(*) filter (r.status = 'valid')::int as valid, count(*) filter (r.status = 'excluded')::int as excluded, count(*) filter (r.status = 'invalid')::int as invalid
			 from loader.batches b left join loader.batch_records r on r.batch_id = b.id group by all order by b.id`)
		: [];
	const leftOut = loader
		? await ws.all<{
				plural: string;
				reason: string;
				records: number;
			}>(`with latest as (select plural, max(id) as id from loader.batches group by plural)
			 select b.plural, coalesce(${reasonKind('list_last(r.reasons)')}, 'excluded') as reason, count(*)::int as records
			 from loader.batch_records r join latest b on b.id = r.batch_id where r.status in ('excluded', 'invalid') group by all order by records desc limit 200`)
		: [];
	const runs = (await has(ws, 'loader', 'runs'))
		? await ws.all<Record<string, unknown>>(`select r.id, r.status, r.started_at::varchar as started, r.ended_at::varchar as ended,
				(select actor from ferry.audit_log a where a.action = 'loader.push' and a.subject = 'run:' || r.id order by a.id limit 1) as actor,
				count(l.source_key) filter (l.status = 'done' and l.operation = 'create')::int as created, count(l.source_key) filter (l.status = 'done' and l.operation <> 'create')::int as updated,
				count(l.source_key) filter (l.status = 'failed')::int as failed, count(l.source_key) filter (l.status = 'skipped')::int as skipped
			 from loader.runs r left join loader.ledger l on l.run_id = r.id group by all order by r.id`)
		: [];
	const failures = (await has(ws, 'loader', 'ledger'))
		? await ws.all<{
				plural: string;
				reason: string;
				records: number;
			}>(`select plural, coalesce(${reasonKind('reason')}, 'no reason recorded') as reason, count(*)::int as records from loader.ledger
			 where status in ('failed', 'skipped') and run_id in (select id from loader.runs where status <> 'rolled-back') group by all order by records desc limit 200`)
		: [];
	const approvals = await ws.all<
		Record<string, unknown>
	>(`select strftime("at", '%Y-%m-%d %H:%M') as at, actor, action, subject from ferry.audit_log
		where action in ('loader.approve', 'loader.push', 'loader.rollback', 'schema.apply', 'mapping.confirm', 'delta.push', 'snapshot.current', 'snapshot.delete', 'import') order by id`);
	const validation = loader ? await validationReport(ws).catch(() => null) : null;
	return {
		workspace: ws.name,
		generatedAt: new Date().toISOString(),
		snapshot: snap
			? {
					id: n(snap.id),
					source: String(snap.source),
					importedAt: String(snap.created_at),
					files: n(snap.file_count),
					rowsRead: n(snap.rows_read),
					rowsStaged: n(snap.rows_staged),
					rowsRejected: n(snap.rows_rejected),
					documents: n(snap.attachment_files)
				}
			: null,
		quarantined: quarantined.map((q) => ({ ...q, rows: n(q.rows) })),
		duplicates: {
			merged: n(dd.merged),
			keptApart: n(dd.apart),
			skipped: n(dd.skipped),
			deciders: [...(dd.deciders ?? [])].filter(Boolean)
		},
		batches: batches.map((b) => ({
			id: n(b.id),
			plural: String(b.plural),
			records: n(b.records),
			valid: n(b.valid),
			excluded: n(b.excluded),
			invalid: n(b.invalid),
			status: String(b.status),
			approvedBy: (b.approved_by as string) ?? null,
			approvedAt: (b.approved_at as string) ?? null
		})),
		leftOut: leftOut.map((l) => ({ ...l, records: n(l.records) })),
		runs: runs.map((r) => ({
			id: n(r.id),
			status: String(r.status),
			startedAt: String(r.started),
			endedAt: (r.ended as string) ?? null,
			actor: (r.actor as string) ?? null,
			created: n(r.created),
			updated: n(r.updated),
			failed: n(r.failed),
			skipped: n(r.skipped)
		})),
		failures: failures.map((f) => ({ ...f, records: n(f.records) })),
		validation,
		approvals: approvals.map((a) => ({
			at: String(a.at),
			actor: String(a.actor),
			action: String(a.action),
			subject: (a.subject as string) ?? null
		}))
	};
}
