// Reading the audit log back (Workspace.audit writes it): ids and counts only, so it can leave the machine.
import type { Workspace } from './workspace.js';

/** Newest first, one page. */
export function auditPage(ws: Workspace, page: { offset: number; limit: number }): Promise<Record<string, unknown>[]> {
	return ws.all(`select id, "at", actor, action, subject, detail from ferry.audit_log order by id desc limit $1 offset $2`, [
		page.limit,
		page.offset
	]);
}

/** The whole log, oldest first, with times and details as text (for a CSV download). */
export function auditLog(
	ws: Workspace
): Promise<Array<{ id: number; at: string; actor: string; action: string; subject: string | null; detail: string }>> {
	return ws.all(
		`select id, strftime("at", '%Y-%m-%dT%H:%M:%S.%gZ') as "at", actor, action, subject, detail::varchar as detail from ferry.audit_log order by id`
	);
}
