// What the mapping page shows a person choosing a column or checking a field: each source
// column's fill rate and a few sample values, and a preview as a table whose related records
// read as names (the patient's name, not a UUID). Values go to the analyst's page only, never to
// a log: these functions log nothing.
import type { Workspace } from '../db/index.js';
import { ident, literal } from '../db/index.js';
import { notFound } from '../errors.js';
import type { Mapping, SourceMap } from './model.js';
import { previewSource } from './preview.js';
import { rowKeySql, tableColumns, tableExists } from './sources.js';

export interface ColumnStat {
	column: string;
	/** Share of rows with a non-blank value, 0..1. */
	fill: number;
	/** Up to three of the most frequent values, shortened. */
	samples: string[];
}

/** Fill rate and sample values of every column of a raw table, in one scan. */
export async function columnStats(ws: Workspace, table: string): Promise<ColumnStat[]> {
	if (!(await tableExists(ws, table))) throw notFound(`no raw table '${table}' in the current snapshot`);
	const cols = await tableColumns(ws, table);
	if (!cols.length) return [];
	const v = (c: string) => `nullif(trim(cast(${ident(c)} as varchar)), '')`;
	const parts = cols.map((c, i) => `count(${v(c)}) as f${i}, list_transform(approx_top_k(${v(c)}, 4), x -> left(x, 40)) as s${i}`);
	const row = await ws.one<Record<string, unknown>>(`select count(*) as n, ${parts.join(', ')} from raw.${ident(table)}`);
	const n = Number(row?.n ?? 0);
	return cols.map((column, i) => ({
		column,
		fill: n ? Number(row?.[`f${i}`] ?? 0) / n : 0,
		samples: ((row?.[`s${i}`] as unknown[] | null) ?? [])
			.filter((x) => x !== null)
			.slice(0, 3)
			.map(String)
	}));
}

/** A readable label SQL for a source's rows: its name parts, else its name or title field, else its key. */
function labelSql(s: SourceMap): string {
	const col = (target: string) => s.fields.find((f) => f.target === target && f.column && !f.column.includes('.'))?.column;
	const first = col('name.firstName');
	const last = col('name.lastName');
	if (first || last)
		return `trim(concat_ws(' ', ${[first, last]
			.filter(Boolean)
			.map((c) => `s.${ident(c!)}`)
			.join(', ')}))`;
	const name = col('name') ?? col('title');
	return name ? `cast(s.${ident(name)} as varchar)` : rowKeySql(s);
}

/** Related record id → label, for the ids a preview shows (records staged from the export; staff from the matched members). */
async function labels(ws: Workspace, m: Mapping, s: SourceMap, ids: string[]): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	if (!ids.length) return out;
	const wanted = `(select unnest(from_json(${literal(JSON.stringify(ids))}, '["VARCHAR"]')))`;
	const entities = new Set(s.fields.filter((f) => f.relation && f.transform !== 'member_ref').map((f) => f.relation!.entity));
	for (const t of m.sources.filter((x) => entities.has(x.entity))) {
		if (!(await tableExists(ws, t.table))) continue;
		const rows = await ws.all<{ id: string; label: string | null }>(`select id, label from (
			select ferry.source_id(${literal(t.entity + ':')} || ${rowKeySql(t)}) as id, ${labelSql(t)} as label from raw.${ident(t.table)} s) where id in ${wanted}`);
		for (const r of rows) if (r.label) out.set(r.id, `${r.label} (${t.entity})`);
	}
	if (s.fields.some((f) => f.transform === 'member_ref')) {
		const members = await ws
			.all<{ id: string; email: string | null }>(`select member_id as id, email from mapping.staff_members where member_id in ${wanted}`)
			.catch(() => []);
		for (const r of members) if (r.email) out.set(r.id, `${r.email} (member)`);
	}
	return out;
}

export interface PreviewTable {
	columns: string[];
	rows: Array<{ sourceKey: string; payload: string; cells: Record<string, string> }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Composite values as one cell each (name parts joined, amounts in units); ids of related records as their labels. */
function cell(value: unknown, label: (id: string) => string | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return UUID.test(value) ? (label(value) ?? value) : value;
	if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
	const o = value as Record<string, unknown>;
	if ('amountMicros' in o) return o.amountMicros === null ? '' : `${Number(o.amountMicros) / 1e6} ${o.currencyCode ?? ''}`.trim();
	if ('markdown' in o) return String(o.markdown ?? '').slice(0, 120);
	return Object.values(o)
		.filter((v) => v !== null && v !== '' && !(Array.isArray(v) && !v.length))
		.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
		.join(' ');
}

/** The preview of one source as a table: one column per Twenty field written, related records by name. */
export async function previewTable(ws: Workspace, m: Mapping, sourceId: string, limit = 20): Promise<PreviewTable> {
	const s = m.sources.find((x) => x.id === sourceId);
	if (!s) throw notFound(`no mapping source '${sourceId}'`);
	const raw = await previewSource(ws, m, sourceId, limit);
	const payloads = raw.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
	const ids = [...new Set(payloads.flatMap((p) => Object.values(p).filter((v): v is string => typeof v === 'string' && UUID.test(v))))];
	const names = await labels(ws, m, s, ids);
	const columns = [...new Set(payloads.flatMap((p) => Object.keys(p)))];
	return {
		columns,
		rows: raw.map((r, i) => ({
			sourceKey: r.source_key,
			payload: r.payload,
			cells: Object.fromEntries(columns.map((c) => [c, cell(payloads[i][c], (id) => names.get(id))]))
		}))
	};
}
