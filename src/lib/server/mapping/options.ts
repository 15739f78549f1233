// SELECT options: Twenty wants UPPER_SNAKE values with a label and a colour; the export's
// pick-list values stay verbatim as labels, and stray case/space variants match them.
import { listValue } from '@duckdb/node-api';
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import type { SelectOption } from './model.js';

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

/** Pick-list values from the export's picklists table (verbatim), when it has one. */
export async function picklist(ws: Workspace, field: string): Promise<string[]> {
	if (!(await ws.exists('raw', 'picklists', 'view'))) return [];
	const rows = await ws.all<{ value: string }>(
		`select trim(value) as value from (select *, row_number() over () as n from raw.picklists) where ${optionKeySql('field')} = $1 and trim(coalesce(value, '')) <> '' group by 1 order by min(n)`,
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
		[listValue(keys)]
	);
	return rows.map((r) => ({ value: r.value, count: Number(r.n) }));
}
