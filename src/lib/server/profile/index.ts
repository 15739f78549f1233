// Profiling the current snapshot's raw tables: the /profile page, cells/profile.md and
// `ferry profile` all read these.
import type { Workspace } from '../db/index.js';
import { runChecks, type Checks } from './checks.js';
import { profileTable, type TableProfile } from './columns.js';

export {
	profileTable,
	kindByName,
	PROFILE_CHUNK_COLUMNS,
	PROFILE_BUDGET_MS,
	type ProfileOptions,
	type TableProfile,
	type ColumnProfile,
	type ColumnKind
} from './columns.js';
export { runChecks, type Checks, type ImplausibleCheck, type OrphanCheck, type PicklistUse } from './checks.js';

export async function rawTables(ws: Workspace): Promise<Array<{ table: string; columns: number }>> {
	const rows = await ws.all<{ table: string; columns: bigint }>(
		`select table_name as "table", count(*) as columns from information_schema.columns where table_schema = 'raw' group by 1 order by 1`
	);
	return rows.map((r) => ({ table: r.table, columns: Number(r.columns) }));
}

export interface Profile {
	tables: TableProfile[];
	checks: Checks;
	ms: number;
}

/** Every raw table's profile plus the cross-table checks. */
export async function profileWorkspace(ws: Workspace): Promise<Profile> {
	const started = performance.now();
	// Tables and checks together: the small queries finish while the large scans run.
	const [tables, checks] = await Promise.all([Promise.all((await rawTables(ws)).map((t) => profileTable(ws, t.table))), runChecks(ws)]);
	return { tables, checks, ms: performance.now() - started };
}
