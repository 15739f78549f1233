export { importExport, summary as snapshotSummary, type ImportResult, type FileOutcome, type ImportOptions } from './import.js';
export { importRootRefusal, importRoots } from './roots.js';
export type { ImportProgress } from './types.js';
export { RecordReader } from './records.js';
