// Scores a proposed map against a layout's truth: table roles and keys right, and each column
// the default map reads proposed right with zero edits (a split date and time counts as right
// when the field combines both). Used by `npm run bench:mapping` and the layout tests.
import { normaliseHeader, tableNameFor } from '../ingest/headers.js';
import type { ColumnProposal } from '../mapping/propose.js';
import type { Mapping, TableRole } from '../mapping/model.js';
import type { LayoutTruth } from './layouts.js';

export interface LayoutScore {
	roles: { right: number; total: number; misses: string[] };
	columns: { right: number; total: number; misses: string[] };
}

export function scoreLayout(truth: LayoutTruth, mapping: Mapping, columns: ColumnProposal[], roles: TableRole[]): LayoutScore {
	const score: LayoutScore = { roles: { right: 0, total: 0, misses: [] }, columns: { right: 0, total: 0, misses: [] } };
	for (const [file, t] of Object.entries(truth.files)) {
		const table = tableNameFor(file);
		const got = roles.find((r) => r.table === table);
		score.roles.total++;
		const keyRight = !t.key || got?.key === normaliseHeader(t.key);
		if (got?.role === t.role && keyRight) score.roles.right++;
		else
			score.roles.misses.push(
				`${table}: proposed ${got?.role ?? 'nothing'} (key ${got?.key ?? '-'}), truth ${t.role} (key ${t.key ? normaliseHeader(t.key) : '-'})`
			);
	}
	const split = new Map(truth.split.map((s) => [`${s.file}\u0000${normaliseHeader(s.reference)}`, s]));
	for (const [file, t] of Object.entries(truth.files)) {
		if (!t.from) {
			continue;
		}
		const table = tableNameFor(file);
		const headers = truth.columns[t.from] ?? {};
		for (const [refHeader, header] of Object.entries(headers)) {
			const reference = normaliseHeader(refHeader);
			const p = columns.find((c) => c.role === t.role && c.reference === reference);
			// Only the columns the map reads are scored (a proposal exists for each of them).
			if (!p) continue;
			score.columns.total++;
			const s = split.get(`${file}\u0000${reference}`);
			if (s) {
				const date = normaliseHeader(s.date);
				const time = normaliseHeader(s.time);
				const fields = mapping.sources
					.filter((x) => x.table === table)
					.flatMap((x) => x.fields)
					.filter((f) => f.transform === 'datetime' && (f.sql ?? '').includes(date) && (f.sql ?? '').includes(time));
				if (fields.length) score.columns.right++;
				else score.columns.misses.push(`${table}.${reference}: date '${date}' and time '${time}' not combined`);
				continue;
			}
			const want = header === null ? null : normaliseHeader(header);
			if (p.column === want && (want === null || p.table === table)) score.columns.right++;
			else score.columns.misses.push(`${table}.${reference}: proposed ${p.column ?? 'nothing'}, truth ${want ?? 'nothing'}`);
		}
	}
	return score;
}
