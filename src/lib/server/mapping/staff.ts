// Staff → Twenty workspace members, matched by email (case- and space-insensitive). Members
// cannot be created through the API, so staff without an account are listed for invitation.
import type { Workspace } from '../db/index.js';
import { targetClient, type TwentyClient } from '../twenty/index.js';
import { ensureMapping } from './store.js';
import { tableColumns, tableExists } from './sources.js';

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
	if (!(await tableExists(ws, 'staff'))) return { matches: [], members: 0 };
	const cols = new Set(await tableColumns(ws, 'staff'));
	for (const c of ['staff_id', 'email']) if (!cols.has(c)) throw new Error(`staff table has no ${c} column`);
	const c = client ?? (await targetClient(ws));
	const byEmail = new Map<string, string>();
	let members = 0;
	for await (const m of c.listAll('workspaceMembers', { limit: 200 })) {
		members++;
		const email = clean(m.userEmail);
		if (email) byEmail.set(email, m.id);
	}
	const name = cols.has('first_name') && cols.has('last_name') ? `concat_ws(' ', trim(first_name), trim(last_name))` : 'trim(staff_id)';
	const staff = await ws.all<{ staff_id: string; name: string; email: string | null }>(
		`select trim(staff_id) as staff_id, ${name} as name, email from raw.staff where nullif(trim(staff_id), '') is not null order by 1`
	);
	const matches: StaffMatch[] = staff.map((s) => {
		const email = clean(s.email) || null;
		const memberId = email ? (byEmail.get(email) ?? null) : null;
		return { staffId: s.staff_id, name: s.name, email, memberId, status: memberId ? 'matched' : email ? 'no_account' : 'no_email' };
	});
	await ws.transaction(async (conn) => {
		await conn.run('delete from mapping.staff_members');
		for (const m of matches) await conn.run('insert or replace into mapping.staff_members values ($1, $2, $3)', [m.staffId, m.email, m.memberId]);
	});
	await ws.audit('staff.resolve', null, { staff: matches.length, matched: matches.filter((m) => m.memberId).length, members });
	return { matches, members };
}

/** Staff with an email but no Twenty account: who to invite before the full run. */
export async function invitationList(ws: Workspace): Promise<Array<{ staffId: string; email: string }>> {
	await ensureMapping(ws);
	const rows = await ws.all<{ staff_id: string; email: string }>(`select staff_id, email from mapping.staff_members where member_id is null and email is not null order by 1`);
	return rows.map((r) => ({ staffId: r.staff_id, email: r.email }));
}
