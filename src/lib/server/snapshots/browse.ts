// What a snapshot holds, page by page: its quarantined rows (with file, line and reason) and a
// table's columns as read from the export.
import type { Workspace } from '../db/index.js';
import { notFound } from '../errors.js';

export interface RejectsQuery {
	file?: string;
	sheet?: string;
	offset: number;
	limit: number;
}

/** One page of the rows an import quarantined, in file order, with the total for the filter. */
export async function snapshotRejects(
	ws: Workspace,
	id: number,
	q: RejectsQuery
): Promise<{ total: number; offset: number; rows: Record<string, unknown>[] }> {
	const where = `snapshot_id = $1 and ($2::varchar is null or file = $2) and ($3::varchar is null or sheet = $3)`;
	const params = [id, q.file ?? null, q.sheet ?? null];
	const total = await ws.count(`ferry.rejects where ${where}`, params);
	const rows = await ws.all(
		`select file, sheet, line, j.reason, raw, r.resolution, r.reason as "resolutionReason", r.actor as "resolvedBy", r."at"::varchar as "resolvedAt"
		 from ferry.rejects j left join ferry.reject_resolutions r using (snapshot_id, file, sheet, line)
		 where ${where} order by r.resolution nulls first, file, sheet, line limit $4 offset $5`,
		[...params, q.limit, q.offset]
	);
	return { total, offset: q.offset, rows };
}

/** A table's columns in the snapshot: position, Ferry's name and the export's own header. 404 when the snapshot has no such table. */
export async function snapshotColumns(ws: Workspace, id: number, table: string): Promise<Record<string, unknown>[]> {
	const rows = await ws.all(
		`select position, name, original_name from ferry.snapshot_columns where snapshot_id = $1 and table_name = $2 order by position`,
		[id, table]
	);
	if (rows.length === 0) throw notFound(`snapshot ${id} has no table '${table}'`);
	return rows;
}
