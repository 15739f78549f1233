// Per-table column profiles over the raw views: null rate, approximate distinct count, top
// values and pattern classes (email validity, phone and date formats). Two scans per table:
// one aggregate for every column, one for the top values' counts and the classes.
import { ident, literal, type Workspace } from '../db/index.js';

export type ColumnKind = 'email' | 'phone' | 'date' | null;

export interface ColumnProfile {
	name: string;
	/** The header as the export wrote it. */
	header: string;
	nulls: number;
	nullRate: number;
	/** approx_count_distinct: approximate. */
	distinct: number;
	top: Array<{ value: string; count: number }>;
	kind: ColumnKind;
	/** email: valid/invalid counts; phone/date: the formats seen (digits as 9, letters as a). */
	classes: Array<{ label: string; count: number; ok?: boolean }>;
}

export interface TableProfile {
	table: string;
	rows: number;
	columns: ColumnProfile[];
}

const EMAIL = '^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$';
// The importer stores empty fields as NULL, so plain column references suffice (a string
// function per value, e.g. nullif/trim, doubled the scan time).
const present = (c: string) => ident(c);

/** Kind by header first (names are the best hint), then by content for emails. */
export function kindByName(name: string): ColumnKind {
	if (/e_?mail/.test(name)) return 'email';
	if (/phone|mobile|fax|tel(ephone)?$|^tel_|cell$/.test(name)) return 'phone';
	if (/(^|_)(date|dob|birth|born)(_|$)|_at$|_date$|^date|_from$|_to$/.test(name)) return 'date';
	return null;
}

interface Column {
	name: string;
	header: string;
}

async function columnsOf(ws: Workspace, table: string): Promise<Column[]> {
	const cols = await ws.all<{ name: string }>(`select column_name as name from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position`, [table]);
	const headers = await ws.all<{ name: string; original_name: string }>(
		`select name, original_name from ferry.snapshot_columns where table_name = $1 and snapshot_id = (select max(snapshot_id) from ferry.snapshot_columns where table_name = $1)`,
		[table]
	);
	const original = new Map(headers.map((h) => [h.name, h.original_name]));
	return cols.map((c) => ({ name: c.name, header: original.get(c.name) ?? c.name }));
}

export async function profileTable(ws: Workspace, table: string): Promise<TableProfile> {
	const cols = await columnsOf(ws, table);
	if (!cols.length) throw new ProfileError(`raw table '${table}' does not exist in the current snapshot`);
	const from = `raw.${ident(table)}`;
	const first = (await ws.one(
		`select count(*) as rows, ${cols.map((c, i) => `count(${present(c.name)}) as p${i}, approx_count_distinct(${present(c.name)}) as d${i}, approx_top_k(${present(c.name)}, 5) as t${i}, count(*) filter (where ${ident(c.name)} like '%@%') as at${i}`).join(', ')} from ${from}`
	))!;
	const rows = Number(first.rows);
	const kinds = cols.map((c, i) => kindByName(c.name) ?? (Number(first[`at${i}`]) > 0.5 * Number(first[`p${i}`]) && Number(first[`p${i}`]) > 0 ? 'email' : null));
	const tops = cols.map((_, i) => ((first[`t${i}`] as { items?: unknown[] } | unknown[] | null) ?? []) as unknown[]);
	const second = await topCountsAndEmail(ws, from, cols, tops, kinds);
	const out: ColumnProfile[] = [];
	for (const [i, c] of cols.entries()) {
		const nonNull = Number(first[`p${i}`]);
		const top = tops[i].map((v, j) => ({ value: String(v), count: Number(second[`c${i}_${j}`]) })).sort((a, b) => b.count - a.count);
		const classes = kinds[i] === 'email' ? emailClasses(second, i, nonNull) : kinds[i] ? await formats(ws, from, c.name) : [];
		out.push({ name: c.name, header: c.header, nulls: rows - nonNull, nullRate: rows ? (rows - nonNull) / rows : 0, distinct: Number(first[`d${i}`]), top, kind: kinds[i], classes });
	}
	return { table, rows, columns: out };
}

async function topCountsAndEmail(ws: Workspace, from: string, cols: Column[], tops: unknown[][], kinds: ColumnKind[]): Promise<Record<string, unknown>> {
	const aggs = cols.flatMap((c, i) => [
		...tops[i].map((v, j) => `count(*) filter (where ${present(c.name)} = ${literal(String(v))}) as c${i}_${j}`),
		...(kinds[i] === 'email' ? [`count(*) filter (where regexp_full_match(${present(c.name)}, ${literal(EMAIL)})) as ev${i}`] : [])
	]);
	if (!aggs.length) return {};
	return (await ws.one(`select ${aggs.join(', ')} from ${from}`))!;
}

function emailClasses(row: Record<string, unknown>, i: number, nonNull: number) {
	const valid = Number(row[`ev${i}`]);
	return [
		{ label: 'valid email', count: valid, ok: true },
		{ label: 'invalid email', count: nonNull - valid, ok: false }
	];
}

/** The shapes a phone or date column's values take, most common first. */
async function formats(ws: Workspace, from: string, column: string) {
	// Regexes run once per distinct value, not per row: a date column has far fewer values than rows.
	const shape = `regexp_replace(regexp_replace(v, '[0-9]', '9', 'g'), '[A-Za-z]+', 'a', 'g')`;
	const rows = await ws.all<{ label: string; count: bigint }>(
		`select ${shape} as label, sum(n)::bigint as count
		 from (select ${present(column)} as v, count(*) as n from ${from} where ${present(column)} is not null group by 1)
		 group by 1 order by 2 desc, 1 limit 8`
	);
	return rows.map((r) => ({ label: r.label, count: Number(r.count) }));
}

export class ProfileError extends Error {}
