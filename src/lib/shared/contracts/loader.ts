// The loader contract: push settings, batches, runs, read-back, the validation report and diff.
// Push settings: defaults from TWENTY.md and the v2.19 recordings (100 requests per minute per
// workspace; 200 records per batch call accepted, 201 refused), overridable per run.
import { z } from 'zod';

export const pushSettingsSchema = z.strictObject({
	/** Requests per window the loader may send (reads included). */
	budget: z.number().int().min(1).max(100_000).default(100),
	windowMs: z.number().int().min(1).default(60_000),
	/**
	 * Records per batch call to start with. Twenty v2 refuses more than 200 and says so: the first
	 * refusal sets the size to the number Twenty names (else halves it) for the rest of the run, so
	 * the default asks for more than any known ceiling and learns the real one in one request.
	 */
	batchSize: z.number().int().min(1).max(1000).default(1000),
	/** Largest JSON body per batch call (Twenty's parser takes settings.storage.maxFileSize: 10 MB in v1.x). */
	maxBodyBytes: z
		.number()
		.int()
		.min(1024)
		.default(8 * 1024 * 1024),
	concurrency: z.number().int().min(1).max(32).default(4),
	retries: z.number().int().min(0).max(50).default(10),
	minBackoffMs: z.number().int().min(0).default(1000),
	maxBackoffMs: z.number().int().min(0).default(60_000),
	requestTimeoutMs: z.number().int().min(1).default(30_000),
	/**
	 * Largest file uploaded: Twenty's settings.storage.maxFileSize, 10 MB in v1.x and in 2.19
	 * (engine/constants/settings; a 25 MB multipart upload to the real 2.19 got no answer in 60 s).
	 * A larger file fails its record with the reason, before any request.
	 */
	maxFileBytes: z
		.number()
		.int()
		.min(1)
		.default(10 * 1024 * 1024)
});

export type PushSettings = z.infer<typeof pushSettingsSchema>;
export type PushSettingsInput = z.input<typeof pushSettingsSchema>;

// ---- Requests -------------------------------------------------------------------------------

export const Id = z.coerce.number().int().min(1);
export const FreezeRequest = z
	.object({
		plurals: z.array(z.string().min(1)).optional(),
		/** A sample migration: this many patients with everything they own and point at. */
		sample: z
			.object({ patients: z.number().int().min(1).max(100_000) })
			.strict()
			.optional()
	})
	.strict()
	.default({});
export type FreezeRequest = z.input<typeof FreezeRequest>;
export const RecordsQuery = z.object({
	status: z.enum(['valid', 'invalid', 'excluded']).optional(),
	offset: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(1000).default(100)
});
export const ExcludeRequest = z
	.object({
		sourceKeys: z.array(z.string().min(1)).min(1, 'sourceKeys: name at least one record'),
		reason: z.string().trim().min(1, 'reason: say why these records are excluded').max(500)
	})
	.strict();
export const FixRequest = z.object({ payload: z.record(z.string(), z.unknown()) }).strict();
export type FixRequest = z.input<typeof FixRequest>;
export const RunRequest = z
	.object({ batchIds: z.array(Id).min(1).optional(), settings: pushSettingsSchema.partial().optional() })
	.strict()
	.default({});
/** POST /loader/runs/:id/retry: failed records of the run sent again in a run of their own; one of them with a corrected payload. */
export const RetryRequest = z
	.object({
		sourceKeys: z.array(z.string().min(1)).min(1, 'sourceKeys: name the failed record(s) to retry'),
		payload: z.record(z.string(), z.unknown()).optional(),
		settings: pushSettingsSchema.partial().optional()
	})
	.strict();
export type RetryRequest = z.input<typeof RetryRequest>;
/** GET /loader/runs/:id/failures/:key: a failed record, what was sent and Twenty's refusal. */
export const FailedRecord = z.object({
	runId: z.number(),
	sourceKey: z.string(),
	plural: z.string(),
	batchId: z.number(),
	reason: z.string(),
	attempts: z.number(),
	payload: z.record(z.string(), z.unknown()),
	status: z.string(),
	reasons: z.array(z.string())
});
export type FailedRecord = z.infer<typeof FailedRecord>;
export const ResumeRequest = z.object({ settings: pushSettingsSchema.partial().optional() }).strict().default({});
/** POST /loader/runs/:id/rollback: the pacing of its destroy, restore and verify calls (default: Twenty's limit). */
export const RollbackRequest = z.object({ settings: pushSettingsSchema.partial().optional() }).strict().default({});
export const ReadbackRequest = z
	.object({ plurals: z.array(z.string().min(1)).min(1).optional(), settings: pushSettingsSchema.partial().optional() })
	.strict()
	.default({});
/** Who acknowledges or approves (the audit names them). */
export const By = z.string().trim().min(1).max(100).default('analyst');
/** POST /loader/batches/:id/approve: approval, acknowledging the batch's losses in the same step when asked. */
export const ApproveRequest = z
	.object({ acknowledgeLosses: z.boolean().default(false), by: By })
	.strict()
	.default({ acknowledgeLosses: false, by: 'analyst' });
export type ApproveRequest = z.input<typeof ApproveRequest>;
/** POST /loader/batches/:id/acknowledge: a person has reviewed what the map lost for the batch. */
export const AcknowledgeRequest = z.object({ by: By }).strict().default({ by: 'analyst' });
export type AcknowledgeRequest = z.input<typeof AcknowledgeRequest>;
/** `?runs=4,5`: validate only what those runs pushed (a delta push); absent: the whole migration. */
export const RunIdsQuery = z
	.string()
	.regex(/^\d+(,\d+)*$/, 'runs: run ids separated by commas, e.g. 4,5')
	.transform((s) => s.split(',').map(Number))
	.optional();
export const ReportQuery = z.object({ format: z.enum(['json', 'csv', 'html']).default('json'), runs: RunIdsQuery });
export const DiffQuery = z.object({
	plural: z.string().min(1).optional(),
	plurals: z
		.string()
		.regex(/^[a-zA-Z]+(,[a-zA-Z]+)*$/, 'plurals: object names separated by commas')
		.optional(),
	limit: z.coerce.number().int().min(1).max(2000).default(200),
	runs: RunIdsQuery
});

// ---- Answers --------------------------------------------------------------------------------

export const BatchSummary = z.object({
	id: z.number(),
	plural: z.string(),
	step: z.number(),
	status: z.enum(['draft', 'approved']),
	createdAt: z.string(),
	approvedAt: z.string().nullable(),
	records: z.number(),
	valid: z.number(),
	invalid: z.number(),
	excluded: z.number(),
	/** Values, references and files the map lost for this batch's object (loader.batch_losses), and who acknowledged them. */
	lost: z.number(),
	lossesAcknowledgedBy: z.string().nullable(),
	lossesAcknowledgedAt: z.string().nullable(),
	/** Optional relations sent without their record if it is missing at the push (the map said send-without), instead of holding the record back. */
	sendWithout: z.array(z.string())
});
export type BatchSummary = z.infer<typeof BatchSummary>;
export const BatchList = z.array(BatchSummary);
/** GET /loader/batches/:id/losses: what the map lost for a batch, per field and reason (counts, no values). */
export const BatchLoss = z.object({
	source: z.string(),
	target: z.string(),
	column: z.string().nullable(),
	reason: z.string(),
	records: z.number()
});
export type BatchLoss = z.infer<typeof BatchLoss>;
export const BatchLosses = z.array(BatchLoss);
export const BatchRecord = z.object({
	sourceKey: z.string(),
	id: z.string(),
	status: z.enum(['valid', 'invalid', 'excluded']),
	reasons: z.array(z.string()),
	payload: z.unknown()
});
export type BatchRecord = z.infer<typeof BatchRecord>;
export const RecordsAnswer = z.object({ total: z.number(), records: z.array(BatchRecord) });

export const RunRecord = z.object({
	id: z.number(),
	/** running, done, failed, cancelled, rolled-back; 'interrupted' when the process pushing it stopped (resume it). */
	status: z.string(),
	startedAt: z.string(),
	endedAt: z.string().nullable(),
	batchIds: z.array(z.number()),
	error: z.string().nullable()
});
export type RunRecord = z.infer<typeof RunRecord>;
export const RunCounts = z.object({
	plural: z.string(),
	step: z.number(),
	total: z.number(),
	created: z.number(),
	updated: z.number(),
	failed: z.number(),
	skipped: z.number(),
	pending: z.number(),
	inFlight: z.number(),
	rolledBack: z.number()
});
export type RunCounts = z.infer<typeof RunCounts>;
export const LinkCounts = z.object({ total: z.number(), done: z.number(), failed: z.number() });
/** Optional links a run sent without their record (the map said send-without), per object and field, with one example's reason. */
export const UnresolvedCount = z.object({ plural: z.string(), field: z.string(), records: z.number(), example: z.string() });
export const RunFailure = z.object({ sourceKey: z.string(), plural: z.string(), reason: z.string(), attempts: z.number() });
export const RunProgress = z.object({
	runId: z.number(),
	status: z.enum(['reconciling', 'running', 'paused', 'cancelling', 'done', 'failed', 'cancelled']),
	objects: z.array(RunCounts),
	requests: z.number(),
	retries: z.number(),
	rateLimited: z.number(),
	refusalRequests: z.number(),
	recordsPerMinute: z.number(),
	headroom: z.object({ sentInWindow: z.number(), budget: z.number(), share: z.number() }),
	etaSeconds: z.number().nullable(),
	failures: z.array(z.object({ sourceKey: z.string(), plural: z.string(), reason: z.string() })),
	elapsedMs: z.number(),
	batchSize: z.number()
});
export type RunProgress = z.infer<typeof RunProgress>;
export const RunAnswer = z.object({
	run: RunRecord,
	counts: z.array(RunCounts),
	links: LinkCounts,
	unresolved: z.array(UnresolvedCount),
	failures: z.array(RunFailure),
	live: RunProgress.nullable()
});
export type RunAnswer = z.infer<typeof RunAnswer>;
export const RunStarted = z.object({ runId: z.number() });

export type UnresolvedCount = z.infer<typeof UnresolvedCount>;

// The validation report: per object, what Twenty holds against what was staged (report.ts builds it).
export const ObjectCount = z.object({
	plural: z.string(),
	expected: z.number(),
	present: z.number(),
	/** Approved records not in Twenty, less the skipped ones. */
	missing: z.number(),
	/** Approved records a run skipped with its reason (they point at a record a person excluded): accounted for, not missing. */
	skipped: z.number(),
	/** Approved records the newest run failed with a stated reason (a missing or oversized file, say): accounted for, listed by the run. */
	failed: z.number(),
	/** Records Twenty holds that no approved batch staged (pre-existing or foreign). */
	other: z.number(),
	inTwenty: z.number()
});
export type ObjectCount = z.infer<typeof ObjectCount>;
export const NullRate = z.object({ plural: z.string(), field: z.string(), records: z.number(), nulls: z.number(), rate: z.number() });
export type NullRate = z.infer<typeof NullRate>;
export const OrphanCount = z.object({
	plural: z.string(),
	link: z.string(),
	records: z.number(),
	orphans: z.number(),
	/** The first orphans: the link record's Twenty id, the id it points at, and the source record it came from. */
	sample: z.array(z.object({ id: z.string(), target: z.string(), sourceKey: z.string().nullable() }))
});
export type OrphanCount = z.infer<typeof OrphanCount>;
export const LossCount = z.object({
	plural: z.string(),
	target: z.string(),
	column: z.string().nullable(),
	reason: z.string(),
	records: z.number(),
	acknowledgedBy: z.string().nullable(),
	acknowledgedAt: z.string().nullable()
});
export type LossCount = z.infer<typeof LossCount>;
export const ValidationReport = z.object({
	at: z.string(),
	counts: z.array(ObjectCount),
	nulls: z.array(NullRate),
	attachments: z.object({ notes: z.number(), notesWithAttachment: z.number(), expected: z.number(), present: z.number() }),
	orphans: z.array(OrphanCount),
	/** What the map lost in the batches this report covers, per field and reason, and who acknowledged it: never in Twenty, by a person's decision. */
	losses: z.array(LossCount),
	/** Optional links sent without their record (a person chose so in the map), per object and field: in Twenty without that link. */
	unresolved: z.array(UnresolvedCount),
	readAt: z.string().nullable(),
	/** The runs validated on their own records (a delta push), or null for the whole migration. */
	runIds: z.array(z.number()).nullable()
});
export type ValidationReport = z.infer<typeof ValidationReport>;
export const FieldDiff = z.object({
	plural: z.string(),
	sourceKey: z.string(),
	id: z.string(),
	field: z.string(),
	staged: z.unknown(),
	twenty: z.unknown()
});
export const DiffAnswer = z
	.object({
		compared: z.number(),
		missing: z.number(),
		skipped: z.number(),
		differences: z.number(),
		byField: z.array(z.object({ plural: z.string(), field: z.string(), count: z.number() })),
		sample: z.array(FieldDiff)
	})
	.loose();
export type DiffAnswer = z.infer<typeof DiffAnswer>;
