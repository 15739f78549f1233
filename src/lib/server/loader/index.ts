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
	assertLossesAcknowledgedFor,
	batchLosses,
	runLosses,
	type BatchSummary,
	type BatchRecord,
	type BatchLoss,
	type RunLoss
} from './batches.js';
export { makeValidator, payloadSchema } from './validate.js';
export { startRun, resumeRun, unfinishedRun, activeRun, LoaderRun, type RunProgress, type RunOptions } from './push.js';
export { getRun, listRuns, runCounts, runFailures, LAST_PUSHED_SQL, type RunRecord, type RunCounts } from './ledger.js';
export { rollbackRun, type RollbackResult } from './rollback.js';
export { Pacer, pacedFetch } from './pacer.js';
export { pushSettingsSchema, type PushSettings, type PushSettingsInput } from './settings.js';
export { ensureLoader } from './schema.js';
export { targetOf, workspaceClientFactory, type ClientFactory } from './client.js';
export { readBack } from './readback.js';
export { validationReport, reportCsv, stagedDiff, type ValidationReport, type FieldDiff, type LossCount } from './report.js';
export { reportHtml } from './report-html.js';
export { freezeSample } from './sample.js';
export { linkCounts, type LinkCounts } from './links.js';
export { unresolvedCounts, type UnresolvedCount } from './unresolved.js';
export { failedRecord, retryFailed } from './retry.js';
