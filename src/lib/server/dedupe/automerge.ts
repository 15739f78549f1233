// Auto-merge: only undecided clusters where every pair was compared and scored at least
// the user's high threshold, and never a cluster holding a twin-like pair. Set-based, so
// tens of thousands of clusters merge in one statement.
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import { writeGolden } from './golden.js';
import { ACTIVE_MEMBERS } from './review.js';
import { patientChildren } from '../mapping/index.js';
import { loadSettings } from './settings.js';
import { FerryError } from '../errors.js';

const candidates = (threshold: number) => `
	select c.cluster_id, c.members from dedupe.clusters c
	where not c.twin and c.min_score >= ${Number(threshold)} and c.pairs = c.size * (c.size - 1) / 2
		and c.cluster_id not in (select m.cluster_id from dedupe.cluster_members m join (${ACTIVE_MEMBERS}) d using (patient_id))`;

export async function autoMergeCount(ws: Workspace, threshold: number): Promise<number> {
	return ws.count(`(${candidates(threshold)})`);
}

/** Child rows per patient id over the tables the map links to the patients table. */
async function childRows(ws: Workspace, patientTable: string): Promise<string> {
	const parts = (await patientChildren(ws, patientTable)).map(
		({ table, column }) => `select trim(${ident(column)}) as patient_id from raw.${ident(table)}`
	);
	return parts.length
		? `select patient_id, count(*) as n from (${parts.join(' union all ')}) group by 1`
		: `select null::varchar as patient_id, 0 as n where false`;
}

export async function autoMerge(ws: Workspace, threshold?: number): Promise<{ merged: number; threshold: number }> {
	const s = await loadSettings(ws);
	const t = threshold ?? s.autoMergeThreshold;
	if (t < s.threshold) throw new FerryError(`auto-merge threshold ${t} is below the cluster threshold ${s.threshold}`);
	const kids = await childRows(ws, s.table);
	const merged = await ws.transaction(async (c) => {
		// Survivor: the record with the most children, then the oldest (shortest, lowest) id — as defaultSurvivor.
		const r = await c.runAndReadAll(`insert into dedupe.decisions (kind, members, survivor_id, actor)
			select 'merge', any_value(cand.members), list(m.patient_id order by coalesce(k.n, 0) desc, length(m.patient_id), m.patient_id)[1], 'auto-merge'
			from (${candidates(t)}) cand join dedupe.cluster_members m using (cluster_id) left join (${kids}) k using (patient_id)
			group by cand.cluster_id
			returning id`);
		await writeGolden(c);
		return r.getRows().length;
	});
	await ws.audit('dedupe.auto-merge', null, { clusters: merged, threshold: t });
	return { merged, threshold: t };
}
