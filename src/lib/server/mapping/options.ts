// SELECT options: Twenty wants UPPER_SNAKE values with a label and a colour; the export's
// pick-list values stay verbatim as labels, and stray case/space variants match them.
import type { Workspace } from '../db/index.js';
import { ident, textList } from '../db/index.js';
import type { SelectOption, TableRole } from './model.js';
import { roleColumn, ROLE_SPECS } from './roles.js';
import { tableColumns } from './sources.js';

const COLORS = ['green', 'blue', 'orange', 'red', 'purple', 'yellow', 'turquoise', 'pink', 'sky', 'amber', 'grass', 'gray'];

/** 'Did Not Arrive' → DID_NOT_ARRIVE; '2nd visit' → N2ND_VISIT (values must start with a letter). */
export function upperSnake(label: string): string {
	const v = label
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toUpperCase()
		.replace(/[^A-Z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 60);
	return /^[A-Z]/.test(v) ? v : `N${v || 'EMPTY'}`;
}

/** How values are compared: trimmed, inner spaces collapsed, lower case. SQL twin: optionKeySql. */
export const optionKey = (v: string) => v.trim().replace(/\s+/g, ' ').toLowerCase();
export const optionKeySql = (e: string) => `lower(regexp_replace(trim(${e}), '\\s+', ' ', 'g'))`;

export function makeOptions(labels: string[], aliases: Record<string, string[]> = {}): SelectOption[] {
	const seen = new Set<string>();
	const out: SelectOption[] = [];
	for (const label of labels) {
		const value = upperSnake(label);
		if (seen.has(value)) continue;
		seen.add(value);
		out.push({ value, label: label.trim(), color: COLORS[out.length % COLORS.length], aliases: aliases[label] ?? [] });
	}
	return out;
}

/** The table playing the picklists role, with its columns naming a list's field and a value. */
export interface PickLists {
	table: string;
	field: string;
	value: string;
}

/**
 * Where the export keeps its pick-lists: the picklists role's table, its field and value columns
 * as the proposer matched them (or, before columns are matched, the headers that mean them).
 */
export async function pickListTable(ws: Workspace, roles: TableRole[]): Promise<PickLists | null> {
	const r = roles.find((x) => x.role === 'picklists');
	if (!r || !(await ws.exists('raw', r.table, 'view'))) return null;
	const cols = await tableColumns(ws, r.table);
	const [field, value] = ROLE_SPECS.picklists.columns.slice(0, 2).map((ref) => roleColumn(r, cols, ref));
	return field && value && field !== value ? { table: r.table, field, value } : null;
}

/** Pick-list values from the export's pick-list table (verbatim), when it has one. */
export async function picklist(ws: Workspace, field: string, lists: PickLists | null): Promise<string[]> {
	if (!lists) return [];
	const [f, v] = [ident(lists.field), ident(lists.value)];
	const rows = await ws.all<{ value: string }>(
		`select trim(${v}) as value from (select *, row_number() over () as n from raw.${ident(lists.table)}) where ${optionKeySql(f)} = $1 and trim(coalesce(${v}, '')) <> '' group by 1 order by min(n)`,
		[optionKey(field)]
	);
	return rows.map((r) => r.value);
}

/** Values present in the data that match no option (label or alias), most frequent first. */
export async function unmatchedValues(
	ws: Workspace,
	table: string,
	expr: string,
	options: SelectOption[]
): Promise<Array<{ value: string; count: number }>> {
	const keys = options.flatMap((o) => [o.label, o.value, ...o.aliases].map(optionKey));
	const rows = await ws.all<{ value: string; n: bigint }>(
		`select min(trim(v)) as value, count(*) as n from (select ${expr} as v from raw.${ident(table)} s) where nullif(trim(v), '') is not null
		 and not list_contains($1::varchar[], ${optionKeySql('v')}) group by ${optionKeySql('v')} order by n desc, value`,
		[textList(keys)]
	);
	return rows.map((r) => ({ value: r.value, count: Number(r.n) }));
}
