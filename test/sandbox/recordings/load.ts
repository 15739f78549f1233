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
	const all = files.map((file) => ({ file, ...JSON.parse(readFileSync(path.join(RECORDINGS, dir, file), 'utf8')) }));
	const isSummary = (r: { per_request_log?: unknown; log?: unknown; file: string }) =>
		!!r.per_request_log || !!r.log || r.file.startsWith('13_');
	const exchanges = all.filter((r) => !isSummary(r)) as Exchange[];
	// Stable sort: same-second exchanges keep file order.
	exchanges.sort((a, b) => dateOf(a) - dateOf(b));
	return { exchanges, summaries: all.filter(isSummary) as Summary[] };
}

/** "<array of 61 people elided…>" → 61; null when the body is not an elision. */
export function elidedCount(v: unknown): number | null {
	const m = typeof v === 'string' ? /^<(?:array of )?(\d+) (?:people|records)/.exec(v) : null;
	return m ? Number(m[1]) : null;
}
