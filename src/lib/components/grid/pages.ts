// The browser's data layer for results: Arrow pages fetched on demand and kept columnar;
// only the rows on screen become display strings.
import { tableFromIPC, type Table } from 'apache-arrow';
import { callRaw, routes } from '../../client/index.js';

export interface PageQuery {
	sort?: string;
	desc?: boolean;
	filters?: Record<string, string>;
}

export interface Page {
	offset: number;
	table: Table;
}

/** The rows route's query: the page, the sort, and filters as f.<column>=<text>. */
export function rowsQuery(offset: number, limit: number, q: PageQuery): Record<string, string | number | undefined> {
	const query: Record<string, string | number | undefined> = { offset, limit, sort: q.sort || undefined, desc: q.desc ? '1' : undefined };
	for (const [k, v] of Object.entries(q.filters ?? {})) if (v) query[`f.${k}`] = v;
	return query;
}

/** Pages of one view under one sort/filter; concurrent asks for the same page share a fetch. */
export class Pager {
	total = 0;
	private pages = new Map<number, Promise<Page>>();
	constructor(
		private workspace: string,
		private view: string,
		private query: PageQuery,
		readonly pageSize = 200
	) {}

	page(index: number): Promise<Page> {
		let p = this.pages.get(index);
		if (!p) {
			p = this.load(index);
			this.pages.set(index, p);
			p.catch(() => this.pages.delete(index));
			// Keep memory flat while scrolling through a million rows: forget far-away pages.
			if (this.pages.size > 40) for (const k of [...this.pages.keys()].filter((k) => Math.abs(k - index) > 20)) this.pages.delete(k);
		}
		return p;
	}

	private async load(index: number): Promise<Page> {
		const res = await callRaw(routes.viewRows, {
			params: { ws: this.workspace, view: this.view },
			query: rowsQuery(index * this.pageSize, this.pageSize, this.query)
		});
		this.total = Number(res.headers.get('x-total-rows') ?? 0);
		return { offset: index * this.pageSize, table: tableFromIPC(new Uint8Array(await res.arrayBuffer())) };
	}
}

export function cellText(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (v instanceof Date) return v.toISOString();
	if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
	return String(v);
}

/** Rows [from, to) of loaded pages as display strings. */
export function rowsOf(
	pages: Map<number, Page>,
	pageSize: number,
	from: number,
	to: number,
	columns: string[]
): Array<{ index: number; cells: string[] } | { index: number; loading: true }> {
	const out: Array<{ index: number; cells: string[] } | { index: number; loading: true }> = [];
	for (let i = from; i < to; i++) {
		const page = pages.get(Math.floor(i / pageSize));
		if (!page) {
			out.push({ index: i, loading: true });
			continue;
		}
		const r = i - page.offset;
		out.push({ index: i, cells: columns.map((c) => cellText(page.table.getChild(c)?.get(r))) });
	}
	return out;
}
