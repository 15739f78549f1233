// Comparing a sandbox answer with a recorded one: ids, timestamps, cursors, positions and
// search vectors are normalised away; records the replay did not create (the recorded
// workspace's seed data) are compared by their keys only.
import { elidedCount } from './load.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const IGNORED = new Set(['searchVector', 'position', 'startCursor', 'endCursor', 'totalCount']);

export function normalize(v: unknown, key?: string): unknown {
	if (key && IGNORED.has(key)) return `<${key}>`;
	if (typeof v === 'string') {
		if (ISO.test(v)) return '<ts>';
		return v.replace(UUID, '<uuid>').replace(/workspace_[a-z0-9]+/g, 'workspace_<schema>');
	}
	if (Array.isArray(v)) return v.map((x) => normalize(x));
	if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x, k)]));
	return v;
}

/** Messages of any Twenty error shape: messages[], message, or METADATA_VALIDATION_ERROR groups. */
export function keyMessages(body: any): unknown {
	const grouped = body?.errors?.fieldMetadata ?? body?.errors?.objectMetadata;
	const messages = body?.messages ?? (grouped ? grouped.flatMap((g: any) => g.errors.map((e: any) => e.message)) : undefined);
	return normalize({ statusCode: body?.statusCode, error: body?.error, message: body?.message, messages });
}

export const keysOf = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).sort() : typeof v);

export interface Diff {
	path: string;
	expected: unknown;
	actual: unknown;
}

/** Differences between recorded and actual bodies; `known` says whether a recorded id was created by the replay. */
export function diffBodies(expected: unknown, actual: unknown, known: (id: string) => boolean, path = '$'): Diff[] {
	const n = elidedCount(expected);
	if (n !== null) return Array.isArray(actual) && actual.length === n ? [] : [{ path, expected: `${n} items`, actual: Array.isArray(actual) ? `${actual.length} items` : actual }];
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected: `${expected.length} items`, actual: Array.isArray(actual) ? `${actual.length} items` : actual }];
		return expected.flatMap((e, i) => diffBodies(e, actual[i], known, `${path}[${i}]`));
	}
	if (expected && typeof expected === 'object') {
		const e = expected as Record<string, unknown>;
		const a = (actual ?? {}) as Record<string, unknown>;
		const diffs: Diff[] = [];
		if (JSON.stringify(keysOf(e)) !== JSON.stringify(keysOf(a))) diffs.push({ path: `${path} keys`, expected: keysOf(e), actual: keysOf(a) });
		// A record of the recorded workspace's seed data: its values are not ours to match.
		if (typeof e.id === 'string' && 'createdAt' in e && !known(e.id)) return diffs;
		for (const k of Object.keys(e)) if (k in a) diffs.push(...diffBodies(e[k], a[k], known, `${path}.${k}`));
		return diffs;
	}
	const [ne, na] = [normalize(expected, path.split('.').pop()), normalize(actual, path.split('.').pop())];
	return JSON.stringify(ne) === JSON.stringify(na) ? [] : [{ path, expected: ne, actual: na }];
}

/** Pairs of (recorded id → sandbox id) found at the same place in both bodies. */
export function collectIds(expected: unknown, actual: unknown, into: Map<string, string>): void {
	if (Array.isArray(expected) && Array.isArray(actual)) {
		expected.forEach((e, i) => collectIds(e, actual[i], into));
		return;
	}
	if (!expected || !actual || typeof expected !== 'object' || typeof actual !== 'object') return;
	const e = expected as Record<string, unknown>;
	const a = actual as Record<string, unknown>;
	if (typeof e.id === 'string' && typeof a.id === 'string' && !into.has(e.id)) into.set(e.id, a.id);
	for (const k of Object.keys(e)) if (k in a && k !== 'objects') collectIds(e[k], a[k], into);
}
