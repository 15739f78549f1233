// The loader: batches (freeze, validate, fix, exclude, approve), paced idempotent runs with a
// ledger, resume after a crash, and rollback. See docs/contracts.md for what it reads.
export { CONFIRMED_MAP_SETTING } from './confirmation.js';
export {
	freezeBatches,
	listBatches,
	getBatch,
	batchRecords,
	excludeRecords,
	fixRecord,
	approveBatch,
	readPlan,
	acknowledgeLosses,
	batchLosses,
	runLosses,
	type BatchSummary
} from './batches.js';
export { approvedPush } from './approved.js';
export { startRun, resumeRun, unfinishedRun, activeRun, LoaderRun, type RunProgress } from './push.js';
export { getRun, listRuns, runCounts, runFailures, lastSeenSql, type RunCounts } from './ledger.js';
export { rollbackRun } from './rollback.js';
export { pushSettingsSchema, type PushSettingsInput } from './settings.js';
export { ensureLoader } from './schema.js';
export { targetOf, workspaceClientFactory } from './client.js';
export { readBack } from './readback.js';
export { validationReport, reportCsv, stagedDiff, type ValidationReport } from './report.js';
export { reportHtml } from './report-html.js';
export { freezeSample } from './sample.js';
export { linkCounts, type LinkCounts } from './links.js';
export { unresolvedCounts, type UnresolvedCount } from './unresolved.js';
export { failedRecord, retryFailed } from './retry.js';
