// Shapes the UI reads from /api: inferred from the shared zod contracts (contracts/*.ts).
import type { JobOf } from './contracts/common.js';
import type { ImportProgress, ImportResult } from './contracts/workspaces.js';

export type { FileOutcome, ImportProgress, RejectRow, SnapshotRow, StepState, WorkspaceOverview } from './contracts/workspaces.js';

/** An import job as /api/jobs/<id> answers it. */
export type JobState = JobOf<ImportProgress, ImportResult>;
