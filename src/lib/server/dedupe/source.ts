// Where the patients are: the one place dedupe chooses the raw table it reads. Today the
// table named `patients`, else the raw table whose columns look most like people; the lead
// can point this at the mapping's table roles without touching the rest of dedupe.
import type { Workspace } from '../db/index.js';
import { personHeaders } from './roles.js';

export interface PatientSource {
	table: string;
	columns: string[];
}

/** The patients table and its columns, or null when the workspace has no raw table yet. */
export async function patientSource(ws: Workspace): Promise<PatientSource | null> {
	const rows = await ws.all<{ t: string; cols: string[] }>(
		`select table_name as t, list(column_name order by ordinal_position) as cols from information_schema.columns
		where table_schema = 'raw' group by table_name order by table_name`
	);
	if (!rows.length) return null;
	const named = rows.find((r) => r.t === 'patients');
	if (named) return { table: named.t, columns: named.cols };
	// A person table names people: count headers naming a role (names, birth date, contacts…); ties go to the first name.
	const best = rows.map((r) => ({ r, n: personHeaders(r.cols) })).sort((a, b) => b.n - a.n)[0];
	return best.n >= 2 ? { table: best.r.t, columns: best.r.cols } : null;
}
