// The browser's data layer for results: Arrow pages fetched on demand and kept columnar;
// only the rows on screen become display strings.
import { tableFromIPC, type Table } from 'apache-arrow';

export interface PageQuery {
	sort?: string;
	desc?: boolean;
	filters?: Record<string, string>;
}

export interface Page {
	offset: number;
	table: Table;
}

export type Fetcher = (url: string) => Promise<Response>;

export function rowsUrl(base: string, view: string, offset: number, limit: number, q: PageQuery): string {
	const p = new URLSearchParams({ offset: String(offset), limit: String(limit) });
	if (q.sort) p.set('sort', q.sort);
	if (q.desc) p.set('desc', '1');
	for (const [k, v] of Object.entries(q.filters ?? {})) if (v) p.set(`f.${k}`, v);
	return `${base}/views/${encodeURIComponent(view)}/rows?${p}`;
}

/** Pages of one view under one sort/filter; concurrent asks for the same page share a fetch. */
export class Pager {
	total = 0;
	private pages = new Map<number, Promise<Page>>();
	constructor(
		private base: string,
		private view: string,
		private query: PageQuery,
		readonly pageSize = 200,
		private fetcher: Fetcher = (u) => fetch(u, { credentials: 'same-origin' })
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
		const res = await this.fetcher(rowsUrl(this.base, this.view, index * this.pageSize, this.pageSize, this.query));
		if (!res.ok) {
			const body = await res.json().catch(() => ({ error: res.statusText }));
			throw new Error(body.error ?? `HTTP ${res.status}`);
		}
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
