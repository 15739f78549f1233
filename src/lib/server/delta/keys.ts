// Which columns identify a record of a raw table: its id column (patient_id, appointment_id, …),
// or the first two id columns together when the first alone repeats (patient_insurance).
import type { Workspace } from '../db/index.js';
import { ident, qualified } from '../db/index.js';

export function isIdColumn(name: string): boolean {
	return name === 'id' || name.endsWith('_id');
}

/** Key text of a row: the key columns joined, so a composite key is one value. */
export function keyExpr(keys: string[]): string {
	return keys.length === 1 ? ident(keys[0]) : `concat_ws('|', ${keys.map((k) => `coalesce(${ident(k)}, '')`).join(', ')})`;
}

async function repeats(ws: Workspace, schema: string, table: string, keys: string[]): Promise<boolean> {
	const r = await ws.one<{ n: number }>(
		`select count(*)::int as n from (select ${keyExpr(keys)} k from ${qualified(schema, table)} group by k having count(*) > 1)`
	);
	return (r?.n ?? 0) > 0;
}

/** Key columns for a table in both snapshots' schemas; [] when it has no id column. */
export async function keyColumns(ws: Workspace, columns: string[], schemas: string[], table: string): Promise<string[]> {
	const ids = columns.filter(isIdColumn);
	if (ids.length < 2) return ids;
	const anyRepeat = async (keys: string[]) => (await Promise.all(schemas.map((s) => repeats(ws, s, table, keys)))).some(Boolean);
	// A repeating first id (a patient's several plans) with a unique pair: the pair is the key.
	// Otherwise the first id, and repeated keys are compared as a group.
	if ((await anyRepeat([ids[0]])) && !(await anyRepeat(ids.slice(0, 2)))) return ids.slice(0, 2);
	return [ids[0]];
}
