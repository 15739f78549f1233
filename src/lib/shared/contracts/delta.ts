// Delta pickup: what changed between two snapshots, what a delta push would move, its batches.
import { z } from 'zod';
import { BatchSummary, RunCounts } from './loader.js';

export const Pair = z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() });
export const RecordsQuery = Pair.extend({
	offset: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(10_000).default(100),
	change: z.enum(['new', 'changed', 'vanished'], 'change: use new, changed or vanished').optional()
});
export const DeltaTable = z.string().regex(/^[a-z0-9_]+$/, 'table: a raw table name');
export const RollbackRequest = z.object({ runIds: z.array(z.number().int().positive()).min(1, 'runIds: the runs of the delta push') });

export const TableDelta = z.object({
	table: z.string(),
	keyColumns: z.array(z.string()),
	addedColumns: z.array(z.string()),
	droppedColumns: z.array(z.string()),
	rowsBefore: z.number(),
	rowsAfter: z.number(),
	new: z.number(),
	changed: z.number(),
	vanished: z.number(),
	/** Why a table was not compared (no record role or key, only in one snapshot). */
	note: z.string().nullable()
});
export type TableDelta = z.infer<typeof TableDelta>;
export const DeltaSummary = z.object({
	from: z.number(),
	to: z.number(),
	tables: z.array(TableDelta),
	totals: z.object({ new: z.number(), changed: z.number(), vanished: z.number() })
});
export type DeltaSummary = z.infer<typeof DeltaSummary>;
/** Per object: records never pushed, changed since pushed, unchanged, and left out by a person and unchanged since (they stay out). */
export const DeltaMove = z.object({
	plural: z.string(),
	new: z.number(),
	changed: z.number(),
	unchanged: z.number(),
	excluded: z.number()
});
export type DeltaMove = z.infer<typeof DeltaMove>;
export const DeltaBatch = BatchSummary.extend({
	new: z.number(),
	changed: z.number(),
	runIds: z.array(z.number()),
	/** Every run that pushed it was rolled back: Twenty no longer holds what it moved. */
	rolledBack: z.boolean()
});
export type DeltaBatch = z.infer<typeof DeltaBatch>;
export const DeltaFreeze = z.object({ moves: z.array(DeltaMove), batches: z.array(DeltaBatch) });
export type DeltaFreeze = z.infer<typeof DeltaFreeze>;
const Values = z.record(z.string(), z.string().nullable()).nullable();
export const DeltaRecords = z.object({
	total: z.number(),
	records: z.array(
		z.object({
			sourceId: z.string(),
			change: z.enum(['new', 'changed', 'vanished']),
			before: Values,
			after: Values,
			differs: z.array(z.string())
		})
	)
});
export type DeltaRecords = z.infer<typeof DeltaRecords>;
/** The delta push job's progress: the runs started so far. */
export const DeltaPushProgress = z.object({ runIds: z.array(z.number()) });
/** The delta push job's result: one run per push step, in order, and the counts of them all. */
export const DeltaPushed = z.object({
	moves: z.array(DeltaMove),
	/** Kept for callers of the earlier shape: a delta freezes only moving records, so nothing is carried. */
	carried: z.record(z.string(), z.array(z.string())),
	runIds: z.array(z.number()),
	counts: z.array(RunCounts),
	problems: z.array(z.string())
});
export type DeltaPushed = z.infer<typeof DeltaPushed>;
/** The delta rollback job's result: what its runs' rollbacks did together. */
export const DeltaRolledBack = z.object({ destroyed: z.number(), restored: z.number(), remaining: z.number() });
