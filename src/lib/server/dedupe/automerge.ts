// Auto-merge: only undecided clusters where every pair was compared and scored at least
// the user's high threshold, and never a cluster holding a twin-like pair.
import type { Workspace } from '../db/index.js';
import { decide } from './decisions.js';
import { DedupeError } from './errors.js';
import { childCounts, defaultSurvivor, queue } from './review.js';
import { loadSettings } from './settings.js';

export async function autoMergeCandidates(ws: Workspace, threshold: number): Promise<string[][]> {
	const rows = await ws.all<{ members: string[] }>(`select c.members from dedupe.clusters c
		where not c.twin and c.min_score >= ${Number(threshold)} and c.pairs = c.size * (c.size - 1) / 2
			and not exists (select 1 from dedupe.decisions d where d.undone_at is null and list_has_any(d.members, c.members))
		order by c.cluster_id`);
	return rows.map((r) => r.members);
}

export async function autoMerge(ws: Workspace, threshold?: number): Promise<{ merged: number; threshold: number }> {
	const s = await loadSettings(ws);
	const t = threshold ?? s.autoMergeThreshold;
	if (t < s.threshold) throw new DedupeError(`auto-merge threshold ${t} is below the cluster threshold ${s.threshold}`);
	await queue(ws, 'open', 0, 1); // fails clearly when there is no run yet
	const groups = await autoMergeCandidates(ws, t);
	for (const members of groups) {
		const survivorId = defaultSurvivor(members, await childCounts(ws, members));
		await decide(ws, { kind: 'merge', members, survivorId }, 'auto-merge');
	}
	await ws.audit('dedupe.auto-merge', null, { clusters: groups.length, threshold: t });
	return { merged: groups.length, threshold: t };
}
