// Shapes the UI reads from /api: inferred from the shared zod contracts (contracts/*.ts).

export type { FileOutcome, ImportProgress, RejectRow, SnapshotRow, StepState, WorkspaceOverview } from './contracts/workspaces.js';
