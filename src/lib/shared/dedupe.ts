// A review-queue row: the server's answer and the review screen's input.
export interface ClusterRow {
	cluster_id: number;
	size: number;
	pairs: number;
	min_score: number;
	max_score: number;
	twin: boolean;
	members: string[];
	status: 'new' | 'changed' | 'skipped' | 'decided';
	decision: string | null;
	decision_id: number | null;
}
