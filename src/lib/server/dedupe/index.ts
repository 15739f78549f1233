// Duplicate patients: blocking, scoring, clusters, decisions and golden records.
export { DedupeSettings, DEFAULT_SETTINGS, ROLES, loadSettings, saveSettings, roleReasons, tableColumns, type Role } from './settings.js';
export { ensureDedupe } from './schema.js';
export { countPairs, MAX_BLOCK, SPLIT_WINDOW, type RuleCount } from './blocking.js';
export { runDedupe, type RunResult } from './run.js';
export { pairwiseQuality, blockingRecall, type Quality } from './quality.js';
export { decide, undo, listDecisions, Decision, type DecisionRow } from './decisions.js';
export { queue, clusterDetail, childCounts, type QueueFilter, type ClusterRow } from './review.js';
export { autoMerge, autoMergeCount } from './automerge.js';
export { settingsView, modelView, ruleCounts, hasRun, requireRun } from './service.js';
export { patientSource, type PatientSource } from './source.js';
export { detectRoles } from './roles.js';
export { cleanName } from './normalise.js';
export { DedupeRecipe, exportRecipe, replayRecipe, type ReplayStep } from './recipe.js';
