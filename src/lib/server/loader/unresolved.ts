// Optional links sent without their record (issue 13 item 4). By default a record that points at
// a record which was excluded from its batch, refused by Twenty or held back is itself held back
// (skipped, with that reason). Where a person chose so in the map (`unresolved: send-without` on an
// optional relation, listed by compile in stage.optional_links and frozen with each batch), the
// record goes without that field instead, and the link it lost is recorded in loader.unresolved:
// counted and shown by the push, the run's view and the validation report.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Workspace } from '../db/index.js';
import type { UnresolvedCount } from '../../shared/contracts/loader.js';

/** The batch's optional links, frozen in the batch's own transaction (what a person approved is what is sent). */
export async function freezeOptionalLinks(c: DuckDBConnection, batchId: number, plural: string): Promise<void> {
	await c.run(`insert into loader.batch_optional_links select distinct $1, field from stage.optional_links where plural = $2`, [
		batchId,
		plural
	]);
}

/**
 * SQL for the records a person excluded or left invalid, in any batch, that are not in Twenty:
 * not in run $1 and not pushed by a run that was not rolled back. A delta leaves out a record
 * excluded earlier, so what points at it is held back even when it is in no batch of the run.
 */
export const EXCLUDED_SQL = `select r.id, r.batch_id, r.source_key from loader.batch_records r
	where r.status <> 'valid'
	and r.id not in (select twenty_id from loader.ledger where run_id = $1)
	and r.id not in (select twenty_id from loader.ledger where status = 'done' and run_id in (select id from loader.runs where status <> 'rolled-back'))`;

type Exec = (sql: string, params: unknown[]) => Promise<unknown>;
type Read = (sql: string, params: unknown[]) => Promise<Array<{ source_key: string; field: string }>>;

/**
 * Records that point, through a send-without field, at a record that will not be in Twenty:
 * 'excluded' = a record a person excluded that is not in Twenty (EXCLUDED_SQL, at run creation); 'settled' = a
 * record of this run that failed or was held back. With `plural`/`tier`, only those pending rows.
 */
function badSql(bad: 'excluded' | 'settled'): string {
	return bad === 'excluded'
		? `select r.id as twenty_id, b.plural, r.source_key, 'is excluded from its batch' as why
			from (${EXCLUDED_SQL}) r join loader.batches b on b.id = r.batch_id`
		: `select twenty_id, plural, source_key, case when status = 'failed' then 'Twenty refused' else 'was held back' end || ' in this run' as why
			from loader.ledger where run_id = $1 and status in ('failed', 'skipped')`;
}

/**
 * Takes each unresolved send-without link out of its pending record's payload (set-based, one
 * statement per field) and records it; returns the (record, field) pairs detached, so rows
 * already read can drop the field too.
 */
export async function detachUnresolved(
	exec: Exec,
	read: Read,
	runId: number,
	bad: 'excluded' | 'settled',
	o: { plural?: string; tier?: number } = {}
): Promise<Array<{ source_key: string; field: string }>> {
	const fields = await read(
		`select distinct '' as source_key, o.field from loader.batch_optional_links o
		where o.batch_id in (select distinct batch_id from loader.ledger where run_id = $1 ${o.plural ? 'and plural = $2::varchar' : ''})`,
		o.plural ? [runId, o.plural] : [runId]
	);
	const out: Array<{ source_key: string; field: string }> = [];
	for (const { field } of fields) {
		const scope = `${o.plural ? 'and l.plural = $3::varchar' : ''} ${o.tier === undefined ? '' : `and coalesce(l.ord, 0) = ${Math.floor(o.tier)}`}`;
		const params = o.plural ? [runId, field, o.plural] : [runId, field];
		const found = await read(
			`insert into loader.unresolved (run_id, source_key, plural, field, target_plural, target_key, reason)
			select $1, l.source_key, l.plural, $2::varchar, min(x.plural), min(x.source_key), arg_min(x.why, x.source_key)
			from loader.ledger l
			join loader.batch_optional_links o on o.batch_id = l.batch_id and o.field = $2::varchar
			join (${badSql(bad)}) x on x.twenty_id = json_extract_string(l.payload, '$.' || $2::varchar)
			where l.run_id = $1 and l.status = 'pending' ${scope}
			group by l.source_key, l.plural
			returning source_key, field`,
			params
		);
		if (!found.length) continue;
		await exec(
			`update loader.ledger l set payload = json_merge_patch(l.payload, json_object($2::varchar, null)), updated_at = now()
			from loader.unresolved u where u.run_id = $1 and u.field = $2::varchar and l.run_id = $1 and l.source_key = u.source_key
			and json_extract_string(l.payload, '$.' || $2::varchar) is not null`,
			[runId, field]
		);
		out.push(...found);
	}
	return out;
}

/** Per object and field; `example` says why for the first of them: the record the link pointed at and what happened to it. */
export type { UnresolvedCount };

/** The links a run (or some runs, or every run not rolled back) sent without, per object and field. */
export async function unresolvedCounts(ws: Workspace, scope?: number | number[]): Promise<UnresolvedCount[]> {
	const ids = scope === undefined ? null : [scope].flat().map((r) => Math.floor(r));
	const runs = ids ? `select unnest([${ids.join(', ')}]::integer[])` : `select id from loader.runs where status <> 'rolled-back'`;
	const rows = await ws.all<{ plural: string; field: string; records: number; example: string }>(
		`select plural, field, count(distinct source_key)::integer as records,
		arg_min(source_key || ' → ' || target_plural || ' ' || target_key || ', which ' || reason, source_key) as example
		from loader.unresolved where run_id in (${runs}) group by plural, field order by plural, field`
	);
	return rows.map((r) => ({ ...r }));
}
