// Where the patients are: the one place dedupe chooses the raw table it reads. The table that
// plays the patients role in the map (issue 14's table roles: from names and content, or set
// by a person), else the raw table whose headers name the most person roles.
import type { Workspace } from '../db/index.js';
import { tableWithRole } from '../mapping/index.js';
import { personHeaders } from './roles.js';

export interface PatientSource {
	table: string;
	columns: string[];
	/** The table's record key when the map knows it: the patient_id role. */
	key?: string;
}

/** The patients table and its columns, or null when the workspace has no raw table yet. */
export async function patientSource(ws: Workspace): Promise<PatientSource | null> {
	const rows = await ws.all<{ t: string; cols: string[] }>(
		`select table_name as t, list(column_name order by ordinal_position) as cols from information_schema.columns
		where table_schema = 'raw' group by table_name order by table_name`
	);
	if (!rows.length) return null;
	const role = await tableWithRole(ws, 'patients');
	const played = role && rows.find((r) => r.t === role.table);
	if (played) return { table: played.t, columns: played.cols, key: played.cols.includes(role.key) ? role.key : undefined };
	// No table plays the role (a lone file the map does not know): count headers naming a role; ties go to the first name.
	const best = rows.map((r) => ({ r, n: personHeaders(r.cols) })).sort((a, b) => b.n - a.n)[0];
	return best.n >= 2 ? { table: best.r.t, columns: best.r.cols } : null;
}
