// Pairwise precision and recall of the current clusters against known duplicate groups
// (the generator's ground truth, or a labelled sample), computed in SQL.
import type { Workspace } from '../db/index.js';

export interface Quality {
	truePairs: number;
	predictedPairs: number;
	correct: number;
	precision: number;
	recall: number;
	f1: number;
}

export async function pairwiseQuality(ws: Workspace, groups: string[][]): Promise<Quality> {
	return ws.withConnection(async (c) => {
		await c.run(`create or replace temp table truth_groups (g integer, patient_id varchar)`);
		const app = await c.createAppender('truth_groups', 'main', 'temp');
		groups.forEach((g, i) =>
			g.forEach((id) => {
				app.appendInteger(i);
				app.appendVarchar(id);
				app.endRow();
			})
		);
		app.closeSync();
		const r = await c.runAndReadAll(`
			with t as (select a.patient_id x, b.patient_id y from truth_groups a join truth_groups b on a.g = b.g and a.patient_id < b.patient_id),
			p as (select a.patient_id x, b.patient_id y from dedupe.cluster_members a join dedupe.cluster_members b on a.cluster_id = b.cluster_id and a.patient_id < b.patient_id)
			select (select count(*) from (select distinct * from t)), (select count(*) from p), (select count(*) from (select distinct * from t) join p using (x, y))`);
		const [truePairs, predictedPairs, correct] = r.getRows()[0].map(Number);
		const precision = predictedPairs ? correct / predictedPairs : 1;
		const recall = truePairs ? correct / truePairs : 1;
		return {
			truePairs,
			predictedPairs,
			correct,
			precision,
			recall,
			f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0
		};
	});
}

/** Share of the true pairs that blocking made candidates: the recall no score can exceed. */
export async function blockingRecall(
	ws: Workspace,
	groups: string[][]
): Promise<{ truePairs: number; candidates: number; recall: number }> {
	return ws.withConnection(async (c) => {
		await c.run(`create or replace temp table truth_groups (g integer, patient_id varchar)`);
		const app = await c.createAppender('truth_groups', 'main', 'temp');
		groups.forEach((g, i) =>
			g.forEach((id) => {
				app.appendInteger(i);
				app.appendVarchar(id);
				app.endRow();
			})
		);
		app.closeSync();
		const r = await c.runAndReadAll(`
			with t as (select distinct least(ra.rid, rb.rid) as l, greatest(ra.rid, rb.rid) as r from truth_groups a join truth_groups b on a.g = b.g and a.patient_id < b.patient_id
				join dedupe.records ra on ra.patient_id = a.patient_id join dedupe.records rb on rb.patient_id = b.patient_id)
			select count(*), count(c.l) from t left join dedupe.candidates c using (l, r)`);
		const [truePairs, candidates] = r.getRows()[0].map(Number);
		return { truePairs, candidates, recall: truePairs ? candidates / truePairs : 1 };
	});
}
