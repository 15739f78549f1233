// Loading the recorded exchanges of real Twenty servers (test/fixtures/twenty-recordings) in
// the order they happened (the Date header; file names are not chronological).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const RECORDINGS = path.resolve('test/fixtures/twenty-recordings');

export interface Exchange {
	file: string;
	method: string;
	path: string;
	request_headers: Record<string, string>;
	request_body: unknown;
	status: number;
	response_headers: Array<[string, string]>;
	response_body: any;
	note?: string;
	/** The throttled exchange's place in its burst (v2.19 q3_01: request 101). */
	request_number?: number;
}

export interface Summary {
	file: string;
	note?: string;
	endpoint?: string;
	requests_before_first_throttle?: number;
	status_counts?: Record<string, number>;
	throttled?: boolean;
	first_throttled_exchange?: Exchange | null;
	per_request_log?: Array<[number, number, number, boolean]>;
	log?: Array<[number, number, number]>;
}

const dateOf = (r: { response_headers?: Array<[string, string]> }) =>
	Date.parse(r.response_headers?.find(([k]) => k.toLowerCase() === 'date')?.[1] ?? '') || 0;

export function loadRecordings(dir: string): { exchanges: Exchange[]; summaries: Summary[] } {
	const files = readdirSync(path.join(RECORDINGS, dir)).filter((f) => f.endsWith('.json')).sort();
	const all = files.map((file) => fromShortForm({ file, ...JSON.parse(readFileSync(path.join(RECORDINGS, dir, file), 'utf8')) }));
	const isSummary = (r: { per_request_log?: unknown; log?: unknown; file: string }) =>
		!!r.per_request_log || !!r.log || r.file.startsWith('13_');
	const exchanges = all.filter((r) => !isSummary(r)) as Exchange[];
	// An exchange recorded without headers (v2.19 q6_06, q6_07) happened right after the file before it.
	const when = new Map<Exchange, number>();
	let last = 0;
	for (const x of exchanges) when.set(x, (last = dateOf(x) || last));
	// Stable sort: same-second exchanges keep file order.
	exchanges.sort((a, b) => when.get(a)! - when.get(b)!);
	return { exchanges, summaries: all.filter(isSummary) as Summary[] };
}

/** "<array of 61 people elided…>" → 61; null when the body is not an elision. */
export function elidedCount(v: unknown): number | null {
	const m = typeof v === 'string' ? /^<(?:array of )?(\d+) (?:people|records)/.exec(v) : null;
	return m ? Number(m[1]) : null;
}

/**
 * The v2.19 recordings use a shorter form: `body`, `headers` (the answer's), `response`, and
 * summaries with `per_request: [{n, t_ms, status}]`. Requests were all sent with the API key.
 */
function fromShortForm(r: any): any {
	if (Array.isArray(r.per_request))
		return {
			file: r.file, note: r.note, endpoint: `${r.method} ${r.path}`, status_counts: r.status_counts,
			per_request_log: r.per_request.map((p: { n: number; t_ms: number; status: number }) => [p.n, p.t_ms / 1000, p.status, p.status === 429])
		};
	if (!('response' in r) || 'response_body' in r) return r;
	return {
		file: r.file, method: r.method, path: r.path, note: r.note, status: r.status, request_number: r.request_number,
		request_headers: { Authorization: 'Bearer <key>' }, request_body: r.body,
		response_headers: Object.entries(r.headers ?? {}), response_body: r.response
	};
}
