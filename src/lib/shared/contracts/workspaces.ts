// Workspaces, snapshots, imports, the audit log, sign-off, one patient's trail and the target.
import { z } from 'zod';
import { Paging, WorkspaceName } from './common.js';
import { ValidationReport } from './loader.js';

// ---- Workspaces -----------------------------------------------------------------------------

export const WorkspaceList = z.object({ workspaces: z.array(z.string()) });
export const CreateWorkspace = z.object({ name: WorkspaceName });
export const Created = z.object({ name: z.string() });

/** One file (or sheet) of a snapshot and what its import produced. */
export const FileOutcome = z.object({
	file: z.string(),
	sheet: z.string(),
	table: z.string().nullable(),
	format: z.string(),
	status: z.enum(['staged', 'rejected', 'ignored']),
	rowsRead: z.number(),
	rowsStaged: z.number(),
	rowsRejected: z.number(),
	encoding: z.string().nullable(),
	delimiter: z.string().nullable(),
	error: z.string().nullable(),
	warnings: z.array(z.string())
});
export type FileOutcome = z.infer<typeof FileOutcome>;

export const SnapshotRow = z.object({
	id: z.number(),
	created_at: z.string(),
	source: z.string(),
	source_kind: z.string(),
	file_count: z.number(),
	rows_read: z.number(),
	rows_staged: z.number(),
	rows_rejected: z.number(),
	attachment_files: z.number(),
	attachment_bytes: z.number(),
	current: z.boolean(),
	tables: z.number(),
	/** The export's content hash (the workspace overview lists it). */
	content_hash: z.string().optional()
});
export type SnapshotRow = z.infer<typeof SnapshotRow>;

export const StepState = z.object({
	step: z.string(),
	state: z.enum(['done', 'ready', 'blocked', 'todo']),
	detail: z.string(),
	/** The step's page, relative to the workspace ('' is Home). */
	href: z.string(),
	/** The one step to do next. */
	next: z.boolean()
});
export type StepState = z.infer<typeof StepState>;

export const SnapshotSummary = z.object({
	snapshotId: z.number(),
	rowsRead: z.number(),
	rowsStaged: z.number(),
	rowsRejected: z.number(),
	files: z.array(FileOutcome)
});
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const WorkspaceOverview = z.object({
	name: z.string(),
	snapshots: z.array(SnapshotRow),
	current: SnapshotSummary.nullable(),
	pipeline: z.array(StepState)
});
export type WorkspaceOverview = z.infer<typeof WorkspaceOverview>;

// ---- Snapshots ------------------------------------------------------------------------------

export const SnapshotId = z.coerce.number().int().positive();
export const SnapshotList = z.object({ snapshots: z.array(SnapshotRow) });
export const Dependents = z.object({
	snapshot: z.number(),
	current: z.boolean(),
	deltas: z.array(z.object({ from: z.number(), to: z.number() })),
	dedupeRuns: z.number(),
	documents: z.number(),
	/** What deleting it does, in sentences. */
	notes: z.array(z.string())
});
export type Dependents = z.infer<typeof Dependents>;
export const Deleted = z.object({ deleted: Dependents });
export const MadeCurrent = z.object({
	snapshot: z.number(),
	previous: z.number().nullable(),
	tables: z.number(),
	stale: z.array(z.string())
});

export const RejectsQuery = Paging.extend({ file: z.string().optional(), sheet: z.string().optional() });
export const RejectRow = z.object({
	file: z.string(),
	sheet: z.string(),
	line: z.number().nullable(),
	reason: z.string(),
	raw: z.string().nullable(),
	/** A person's decision on it: fixed (admitted into the raw table) or dropped with a reason; null while open. */
	resolution: z.enum(['fixed', 'dropped']).nullable().optional(),
	resolutionReason: z.string().nullable().optional(),
	resolvedBy: z.string().nullable().optional(),
	resolvedAt: z.string().nullable().optional()
});
export type RejectRow = z.infer<typeof RejectRow>;
const RejectRef = z.object({ file: z.string().min(1), sheet: z.string().default(''), line: z.number().int().positive() });
/** POST /snapshots/:id/rejects/fix: the quarantined row's text, edited until it reads as one row of its table. */
export const RejectFixRequest = RejectRef.extend({ raw: z.string().min(1, 'raw: the fixed text of the row') });
export type RejectFixRequest = z.input<typeof RejectFixRequest>;
/** POST /snapshots/:id/rejects/drop: the row is left out for good, with why. */
export const RejectDropRequest = RejectRef.extend({ reason: z.string().trim().min(1, 'reason: say why the row is left out') });
export type RejectDropRequest = z.input<typeof RejectDropRequest>;
export const RejectResolution = z.object({
	snapshot: z.number(),
	line: z.number(),
	resolution: z.enum(['fixed', 'dropped']),
	table: z.string().nullable(),
	rowsStaged: z.number(),
	rowsRejected: z.number()
});
export type RejectResolution = z.infer<typeof RejectResolution>;
export const RejectsAnswer = z.object({ total: z.number(), offset: z.number(), rows: z.array(RejectRow) });

export const ColumnsQuery = z.object({ table: z.string().min(1) });
export const ColumnsAnswer = z.object({
	columns: z.array(z.object({ position: z.number(), name: z.string(), original_name: z.string().nullable() }))
});

export const AuditQuery = Paging.extend({ format: z.enum(['json', 'csv']).default('json') });
export const AuditAnswer = z.object({
	rows: z.array(
		z.object({ id: z.number(), at: z.string(), actor: z.string(), action: z.string(), subject: z.string().nullable(), detail: z.unknown() })
	)
});

// ---- Imports --------------------------------------------------------------------------------

export const PathImport = z.object({ path: z.string().min(1, 'give the path of an export folder, .zip or file on this machine') });
/** Progress of an import job, as the CLI bar and the UI show it. */
export const ImportProgress = z.object({
	phase: z.enum(['scan', 'load', 'done']),
	file: z.string().optional(),
	filesDone: z.number(),
	filesTotal: z.number(),
	bytesDone: z.number(),
	bytesTotal: z.number()
});
export type ImportProgress = z.infer<typeof ImportProgress>;
export const ImportResult = SnapshotSummary.omit({ snapshotId: true }).extend({
	snapshotId: z.number(),
	reused: z.boolean(),
	/** The snapshot current before this import. */
	previous: z.number().nullable(),
	/** True when an export imported before was made current again by importing it anew. */
	madeCurrent: z.boolean(),
	warnings: z.array(z.string())
});
export type ImportResult = z.infer<typeof ImportResult>;

// ---- Sign-off and one patient ---------------------------------------------------------------

const Named = z.object({ plural: z.string(), reason: z.string(), records: z.number() });
export const SignOff = z.object({
	workspace: z.string(),
	generatedAt: z.string(),
	snapshot: z
		.object({
			id: z.number(),
			source: z.string(),
			importedAt: z.string(),
			files: z.number(),
			rowsRead: z.number(),
			rowsStaged: z.number(),
			rowsRejected: z.number(),
			documents: z.number()
		})
		.nullable(),
	quarantined: z.array(z.object({ file: z.string(), reason: z.string(), rows: z.number() })),
	duplicates: z.object({ merged: z.number(), keptApart: z.number(), skipped: z.number(), deciders: z.array(z.string()) }),
	batches: z.array(
		z.object({
			id: z.number(),
			plural: z.string(),
			records: z.number(),
			valid: z.number(),
			excluded: z.number(),
			invalid: z.number(),
			status: z.string(),
			approvedBy: z.string().nullable(),
			approvedAt: z.string().nullable()
		})
	),
	leftOut: z.array(Named),
	runs: z.array(
		z.object({
			id: z.number(),
			status: z.string(),
			startedAt: z.string(),
			endedAt: z.string().nullable(),
			actor: z.string().nullable(),
			created: z.number(),
			updated: z.number(),
			failed: z.number(),
			skipped: z.number()
		})
	),
	failures: z.array(Named),
	/** The loader's validation report (its own contract in loader.ts). */
	validation: ValidationReport.nullable(),
	approvals: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), subject: z.string().nullable() }))
});
export type SignOff = z.infer<typeof SignOff>;

export const PatientId = z.string().max(64, 'id: at most 64 characters');
export const PatientTrail = z.object({
	patientId: z.string(),
	sourceKey: z.string(),
	/** The key that moves for this patient: its survivor's when it was merged into another. */
	movesAs: z.string(),
	raw: z.record(z.string(), z.unknown()).nullable(),
	rawTable: z.string(),
	decisions: z.array(
		z.object({
			id: z.number(),
			kind: z.string(),
			members: z.array(z.string()),
			survivor: z.string().nullable(),
			actor: z.string(),
			at: z.string()
		})
	),
	staged: z.object({ plural: z.string(), payload: z.unknown() }).nullable(),
	batches: z.array(
		z.object({ batchId: z.number(), plural: z.string(), status: z.string(), batchStatus: z.string(), reasons: z.array(z.string()) })
	),
	ledger: z.array(
		z.object({
			runId: z.number(),
			runStatus: z.string(),
			operation: z.string(),
			status: z.string(),
			reason: z.string().nullable(),
			attempts: z.number(),
			at: z.string()
		})
	),
	twentyId: z.string(),
	twentyUrl: z.string().nullable()
});
export type PatientTrail = z.infer<typeof PatientTrail>;

// ---- The Twenty target ----------------------------------------------------------------------

export const TargetInfo = z.object({
	url: z.string().nullable(),
	keySource: z.enum(['environment', 'file', 'none']),
	/** True when the target is a sandbox this server process runs. */
	sandbox: z.boolean()
});
export type TargetInfo = z.infer<typeof TargetInfo>;
export const SetTarget = z.object({
	url: z.url('url: give the Twenty base URL, e.g. https://crm.example.com'),
	apiKey: z.string().min(10).optional()
});
export type SetTarget = z.input<typeof SetTarget>;
export const SandboxRequest = z
	.object({ profile: z.enum(['current', 'v2.20', 'v1.5']).default('current') })
	.default({ profile: 'current' });
export const TargetCheck = z.object({ ok: z.boolean(), objects: z.number().optional(), error: z.string().optional() });
export type TargetCheck = z.infer<typeof TargetCheck>;
