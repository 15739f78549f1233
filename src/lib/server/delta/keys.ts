// Which columns identify a record of a raw table: the key of the table's role (set by the
// proposer or a person). A link table's key repeats (a patient's several insurance plans): with
// it goes the first column, another table's key first, that makes it unique. Tables without a
// record role are not compared.
import type { Workspace } from '../db/index.js';
import { ident, qualified } from '../db/index.js';
import type { TableRole } from '../mapping/index.js';

/** Key text of a row: the key columns joined, so a composite key is one value. */
export function keyExpr(keys: string[]): string {
	return keys.length === 1 ? ident(keys[0]) : `concat_ws('|', ${keys.map((k) => `coalesce(${ident(k)}, '')`).join(', ')})`;
}

/** Per candidate column: is (key, column) unique among the rows with a key, in this snapshot's table? */
async function uniqueWith(ws: Workspace, schema: string, table: string, key: string, candidates: string[]): Promise<boolean[]> {
	const k = `coalesce(${ident(key)}, '')`;
	const parts = candidates.map((c, i) => `count(distinct concat_ws(chr(31), ${k}, coalesce(${ident(c)}, ''))) as c${i}`);
	const r = (await ws.one<Record<string, number | bigint>>(
		`select count(*) as n, count(distinct ${k}) as k, ${parts.join(', ')} from ${qualified(schema, table)} where nullif(trim(${ident(key)}), '') is not null`
	))!;
	return candidates.map((_, i) => Number(r.n) === Number(r.k) || Number(r[`c${i}`]) === Number(r.n));
}

/** Why a role's rows are not records a delta push moves. */
const NOT_RECORDS: Partial<Record<TableRole['role'], string>> = {
	picklists: 'no id column: a pick-list holds allowed values, not records (not compared)',
	automations: 'automations become a rebuild reference, not records (not compared)'
};

/** Key columns for a table in both snapshots' schemas, or [] with the reason it is not compared. */
export async function keyColumns(
	ws: Workspace,
	columns: string[],
	schemas: string[],
	table: string,
	roles: TableRole[]
): Promise<{ keys: string[]; note: string | null }> {
	const role = roles.find((r) => r.table === table);
	if (!role || role.role === 'other')
		return {
			keys: [],
			note: `no table role: not compared (give it one with ferry map table ${table} --role <role> --key <column>, or on the Mapping page)`
		};
	const not = NOT_RECORDS[role.role];
	if (not) return { keys: [], note: not };
	if (!columns.includes(role.key))
		return {
			keys: [],
			note: `its ${role.role} key '${role.key}' is not in both snapshots: not compared (set the key with ferry map table ${table} --role ${role.role} --key <column>)`
		};
	// A record's repeated key means repeated rows (compared as a group); only a link table's pairs up.
	const otherKeys = new Set(roles.filter((r) => r.table !== table).map((r) => r.key));
	const rest =
		role.role === 'patientInsurers'
			? columns.filter((c) => c !== role.key).sort((x, y) => Number(otherKeys.has(y)) - Number(otherKeys.has(x)))
			: [];
	if (!rest.length) return { keys: [role.key], note: null };
	const unique = await Promise.all(schemas.map((s) => uniqueWith(ws, s, table, role.key, rest)));
	// A unique key stands alone; a repeating one takes the first column that makes it unique in both
	// snapshots, else repeated keys are compared as a group.
	if (unique.every((u) => u.every(Boolean))) return { keys: [role.key], note: null };
	const i = rest.findIndex((_, j) => unique.every((u) => u[j]));
	return { keys: i >= 0 ? [role.key, rest[i]] : [role.key], note: null };
}
