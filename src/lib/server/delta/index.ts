// Delta pickup: what a later export changed, per table, by source key and row hash.
// Vanished records are reported for a person to decide; nothing here deletes anything.
export { detectDelta, snapshotPair, type DeltaSummary, type TableDelta } from './detect.js';
export { deltaSummary, deltaRecords, type DeltaRecord, type Change } from './browse.js';
export { keyColumns } from './keys.js';
export {
	deltaMoves,
	deltaBatches,
	freezeDelta,
	pushDelta,
	prepareDeltaPush,
	rollbackDelta,
	type DeltaMove,
	type DeltaPushResult,
	type DeltaBatch,
	type DeltaFreeze
} from './push.js';
