// Staff → Twenty workspace members, matched by email (case- and space-insensitive). Members
// cannot be created through the API, so staff without an account are listed for invitation.
import type { Workspace } from '../db/index.js';
import { targetClient, type TwentyClient } from '../twenty/index.js';
import { ident } from '../db/index.js';
import { ensureMapping, tableWithRole } from './store.js';
import { tableColumns } from './sources.js';
import { roleColumn } from './roles.js';
import { FerryError } from '../errors.js';

export interface StaffMatch {
	staffId: string;
	name: string;
	email: string | null;
	memberId: string | null;
	status: 'matched' | 'no_account' | 'no_email';
}

const clean = (e: unknown) => (typeof e === 'string' ? e.replace(/\s+/g, '').toLowerCase() : '');

export async function resolveStaff(ws: Workspace, client?: TwentyClient): Promise<{ matches: StaffMatch[]; members: number }> {
	await ensureMapping(ws);
	const staff = await staffRoster(ws);
	if (!staff) return { matches: [], members: 0 };
	const c = client ?? (await targetClient(ws));
	const byEmail = new Map<string, string>();
	let members = 0;
	for await (const m of c.listAll('workspaceMembers', { limit: 200 })) {
		members++;
		const email = clean(m.userEmail);
		if (email) byEmail.set(email, m.id);
	}
	const matches: StaffMatch[] = staff.map((s) => {
		const email = clean(s.email) || null;
		const memberId = email ? (byEmail.get(email) ?? null) : null;
		return { staffId: s.staff_id, name: s.name, email, memberId, status: memberId ? 'matched' : email ? 'no_account' : 'no_email' };
	});
	await ws.transaction(async (conn) => {
		await conn.run('delete from mapping.staff_members');
		for (const m of matches)
			await conn.run('insert or replace into mapping.staff_members values ($1, $2, $3)', [m.staffId, m.email, m.memberId]);
	});
	await ws.audit('staff.resolve', null, { staff: matches.length, matched: matches.filter((m) => m.memberId).length, members });
	return { matches, members };
}

/**
 * Staff from the table playing the staff role, through its key and the columns the map matched
 * to email and names (a person sets them with `ferry map table … --column`); null when the export
 * has no staff. A column it cannot find is named, with how to set it.
 */
export async function staffRoster(
	ws: Workspace
): Promise<Array<{ staff_id: string; name: string; email: string | null; first_name: string | null; last_name: string | null }> | null> {
	const t = await tableWithRole(ws, 'staff');
	if (!t) return null;
	const cols = await tableColumns(ws, t.table);
	const set = `ferry map table ${t.table} --role staff`;
	if (!cols.includes(t.key))
		throw new FerryError(
			`the staff table ${t.table} has no key column '${t.key}': give the column that identifies a staff member with ${set} --key <column> (one of ${cols.join(', ')})`
		);
	const email = roleColumn(t, cols, 'email');
	if (!email)
		throw new FerryError(
			`the staff table ${t.table} (role staff) has no column matched to 'email', and staff are matched to Twenty members by email: name it with ${set} --column email=<column> (one of ${cols.join(', ')})`
		);
	const [first, last] = [roleColumn(t, cols, 'first_name'), roleColumn(t, cols, 'last_name')];
	const part = (c: string | null) => (c ? `nullif(trim(${ident(c)}), '')` : 'null::varchar');
	const name =
		first || last ? `coalesce(nullif(concat_ws(' ', ${part(first)}, ${part(last)}), ''), trim(${ident(t.key)}))` : `trim(${ident(t.key)})`;
	return ws.all(`select trim(${ident(t.key)}) as staff_id, ${name} as name, ${ident(email)} as email, ${part(first)} as first_name, ${part(last)} as last_name
		from raw.${ident(t.table)} where nullif(trim(${ident(t.key)}), '') is not null order by 1`);
}

/** Staff with an email but no Twenty account: who to invite before the full run. */
export async function invitationList(ws: Workspace): Promise<Array<{ staffId: string; email: string }>> {
	await ensureMapping(ws);
	const rows = await ws.all<{ staff_id: string; email: string }>(
		`select staff_id, email from mapping.staff_members where member_id is null and email is not null order by 1`
	);
	return rows.map((r) => ({ staffId: r.staff_id, email: r.email }));
}
