export { importExport, summary as snapshotSummary, ImportError, type ImportResult, type FileOutcome, type ImportOptions } from './import.js';
export { ZipError } from './zip.js';
export type { ImportProgress } from './types.js';
