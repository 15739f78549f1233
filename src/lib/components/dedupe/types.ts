// Shapes of the dedupe API answers, as the browser sees them.
import type { ClusterRow } from '../../shared/dedupe.js';

export type { ClusterRow };
export interface BlockingRule { name: string; key: string; enabled: boolean }
export interface DedupeSettings {
	table: string;
	roles: Record<string, string | null>;
	rules: BlockingRule[];
	threshold: number;
	autoMergeThreshold: number;
}
export interface RuleCount { name: string; enabled: boolean; pairs: number; splitBlocks: number }
export interface ModelRow { comparison: string; level: string; m: number; u: number; weight: number }
export interface PairPart { field: string; level: string; weight: number }
export interface QueueAnswer {
	counts: { clusters: number; open: number; skipped: number; decided: number; twins: number; twin_pairs: number; candidate_pairs: number };
	clusters: ClusterRow[];
}
export interface PairRow { left_id: string; right_id: string; score: number; prior: number; twin: boolean; why: string; rules: string[]; parts: PairPart[] }
export interface ClusterDetail {
	cluster: ClusterRow;
	idColumn: string;
	/** The cluster threshold the run used: a pair at or above it joins a cluster. */
	threshold: number;
	records: Array<Record<string, string | null>>;
	pairs: PairRow[];
	children: Record<string, Record<string, number>>;
	previous: Array<{ id: number; kind: string; members: string[]; survivor_id: string | null }>;
	survivor: string;
}
