// The dedupe contract: settings (roles, blocking rules, thresholds), decisions, and the answers
// of the dedupe routes: the review queue, a cluster, counts, runs.
import { z } from 'zod';
import { Paging } from './common.js';

export const ROLES = [
	'patient_id',
	'first_name',
	'middle_name',
	'last_name',
	'date_of_birth',
	'sex',
	'email',
	'mobile_phone',
	'home_phone',
	'street_number',
	'address',
	'address_2',
	'suburb',
	'postcode',
	'state',
	'identifier'
] as const;
export type Role = (typeof ROLES)[number];

const Column = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a raw column name (lower-case snake_case)');

/** A blocking rule: records whose key expression (over dedupe.records columns) is equal become candidate pairs. */
export const BlockingRule = z.object({
	name: z.string().min(1).max(60),
	key: z
		.string()
		.min(1)
		.max(300)
		.refine((s) => !/;|--|\/\*/.test(s), 'a single SQL expression (no ; or comments)'),
	enabled: z.boolean().default(true)
});
export type BlockingRule = z.infer<typeof BlockingRule>;

export const DedupeSettings = z
	.object({
		table: Column.default('patients'),
		roles: z.object(Object.fromEntries(ROLES.map((r) => [r, Column.nullable()])) as Record<Role, z.ZodNullable<typeof Column>>),
		rules: z.array(BlockingRule).min(1, 'at least one blocking rule').max(20),
		/** Pairs whose match weight (log2 odds that they are one person, from the weights estimated on this data) reaches this join a cluster. */
		threshold: z.number().min(-50).max(100),
		/** Clusters whose every pair scores at least this may be merged without review (never twins). */
		autoMergeThreshold: z.number().min(0).max(200)
	})
	.refine((s) => s.autoMergeThreshold >= s.threshold, {
		message: 'autoMergeThreshold must be at least threshold',
		path: ['autoMergeThreshold']
	})
	.refine((s) => s.roles.patient_id !== null, { message: 'the patient_id role is required', path: ['roles', 'patient_id'] });
export type DedupeSettings = z.infer<typeof DedupeSettings>;

/** Every role empty: what an older Ferry's saved settings lack for the roles added since. */
export const NO_ROLES = Object.fromEntries(ROLES.map((r) => [r, null])) as DedupeSettings['roles'];

/** Settings saved by an older Ferry (workspace or recipe) lack newer roles (none) and carry hand-set weights (now estimated, dropped). */
export const SavedSettings = z.preprocess((v) => {
	if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
	const saved = v as Partial<DedupeSettings>;
	return { ...saved, roles: { ...NO_ROLES, ...(saved.roles ?? {}) } };
}, DedupeSettings);

export const Decision = z.object({
	kind: z.enum(['merge', 'distinct', 'skip']),
	members: z.array(z.string().min(1).max(100)).min(2, 'a decision needs at least two patient ids').max(50),
	survivorId: z.string().min(1).max(100).optional(),
	/** Field (raw column) → the value the golden record keeps, when it is not the survivor's own. */
	values: z.record(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a raw column name'), z.string().max(2000).nullable()).default({})
});
export type Decision = z.input<typeof Decision>;

/** Dedupe in a recipe: the settings and the active decisions, replayed on another workspace or snapshot. */
export const DedupeRecipe = z.object({ settings: SavedSettings, decisions: z.array(Decision) });
export type DedupeRecipe = z.infer<typeof DedupeRecipe>;

// ---- Requests -------------------------------------------------------------------------------

/** POST /dedupe/counts: pair counts for draft settings (the saved ones when none are given). */
export const CountsRequest = z.object({ settings: DedupeSettings.optional() }).default({});
/** GET /dedupe/queue: a page of clusters; 'twins' shows the open twin-like clusters only. */
export const QueueQuery = Paging.extend({ filter: z.enum(['open', 'twins', 'decided', 'all']).default('open') });
export const ClusterId = z.coerce.number().int().min(1, 'cluster id: a positive integer');
export const DecisionsQuery = z.object({ all: z.enum(['true', 'false']).default('false') });
export const UndoRequest = z.object({ id: z.number().int().min(1).optional() }).default({});
export const AutoMergeRequest = z.object({ threshold: z.number().min(0).max(200).optional() }).default({});
/** GET /dedupe/auto-merge: how many clusters would merge at this threshold (the saved one when absent). */
export const AutoMergeQuery = z.object({ threshold: z.coerce.number().min(0).max(200).optional() });

// ---- Answers --------------------------------------------------------------------------------

const Score = z.number();
export const ModelRow = z.object({ comparison: z.string(), level: z.string(), m: Score, u: Score, weight: Score });
export type ModelRow = z.infer<typeof ModelRow>;
/**
 * Settings as the server answers them: the defaults name no table or role (dedupe finds them from
 * the table roles), and before a patients role exists the settings are those defaults, so the
 * answer is not held to what a save requires.
 */
const SettingsShown = z.object({
	table: z.string(),
	roles: z.object(Object.fromEntries(ROLES.map((r) => [r, z.string().nullable()])) as Record<Role, z.ZodNullable<z.ZodString>>),
	rules: z.array(BlockingRule),
	threshold: z.number(),
	autoMergeThreshold: z.number()
});
export const SettingsAnswer = z.object({
	settings: SettingsShown,
	defaults: SettingsShown,
	columns: z.array(z.string()),
	roleReasons: z.record(z.string(), z.string()),
	model: z.array(ModelRow)
});
export const RuleCount = z.object({ name: z.string(), enabled: z.boolean(), pairs: z.number(), splitBlocks: z.number() });
export type RuleCount = z.infer<typeof RuleCount>;
export const CountsAnswer = z.object({ rules: z.array(RuleCount), records: z.number() });
export const RunResult = z.object({
	records: z.number(),
	pairs: z.number(),
	clusters: z.number(),
	seconds: z.number(),
	/** matchShare: of the candidate pairs; randomMatch: of all pairs of records (Splink's probability_two_random_records_match), log2 odds = prior. */
	model: z.object({ expectedMatches: z.number(), matchShare: z.number(), randomMatch: z.number(), prior: z.number(), rounds: z.number() }),
	warnings: z.array(z.string()),
	stages: z.object({ records: z.number(), blocking: z.number(), model: z.number(), scoring: z.number(), clusters: z.number() })
});
export const StatusAnswer = z.object({ ran: z.boolean() });

/** A review-queue row: the server's answer and the review screen's input. */
export const ClusterRow = z.object({
	cluster_id: z.number(),
	size: z.number(),
	pairs: z.number(),
	min_score: z.number(),
	max_score: z.number(),
	twin: z.boolean(),
	members: z.array(z.string()),
	status: z.enum(['new', 'changed', 'skipped', 'decided']),
	decision: z.string().nullable(),
	decision_id: z.number().nullable()
});
export type ClusterRow = z.infer<typeof ClusterRow>;
export const QueueAnswer = z.object({
	counts: z.object({
		clusters: z.number(),
		open: z.number(),
		skipped: z.number(),
		decided: z.number(),
		twins: z.number(),
		twin_pairs: z.number(),
		candidate_pairs: z.number()
	}),
	clusters: z.array(ClusterRow)
});
export type QueueAnswer = z.infer<typeof QueueAnswer>;
export const PairPart = z.object({ field: z.string(), level: z.string(), weight: z.number() });
export const PairRow = z.object({
	left_id: z.string(),
	right_id: z.string(),
	score: z.number(),
	prior: z.number(),
	twin: z.boolean(),
	why: z.string(),
	rules: z.array(z.string()),
	parts: z.array(PairPart)
});
export type PairRow = z.infer<typeof PairRow>;
export const ClusterDetail = z.object({
	/** The cluster's row without its pair count (the pairs themselves follow). */
	cluster: ClusterRow.omit({ pairs: true }),
	idColumn: z.string(),
	/** The cluster threshold the run used: a pair at or above it joins a cluster. */
	threshold: z.number(),
	records: z.array(z.record(z.string(), z.string().nullable())),
	pairs: z.array(PairRow),
	children: z.record(z.string(), z.record(z.string(), z.number())),
	previous: z.array(z.object({ id: z.number(), kind: z.string(), members: z.array(z.string()), survivor_id: z.string().nullable() })),
	survivor: z.string()
});
export type ClusterDetail = z.infer<typeof ClusterDetail>;
export const DecisionRow = z.object({
	id: z.number(),
	kind: z.string(),
	members: z.array(z.string()),
	survivor_id: z.string().nullable(),
	actor: z.string(),
	decided_at: z.string(),
	undone_at: z.string().nullable().optional()
});
export type DecisionRow = z.infer<typeof DecisionRow>;
export const AutoMergeCount = z.object({ threshold: z.number(), clusters: z.number() });
export const AutoMerged = z.object({ merged: z.number(), threshold: z.number() });
export const ReplayAnswer = z.object({
	steps: z.array(
		z.object({
			index: z.number(),
			kind: z.string(),
			members: z.number(),
			status: z.enum(['applied', 'failed']),
			error: z.string().optional()
		})
	),
	applied: z.number(),
	failed: z.number()
});
export type ReplayAnswer = z.infer<typeof ReplayAnswer>;
