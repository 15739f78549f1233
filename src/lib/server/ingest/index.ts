export { importExport, summary as snapshotSummary, ImportError, type ImportResult, type FileOutcome, type ImportOptions } from './import.js';
export { ZipError } from './zip.js';
export { importRootRefusal, importRoots } from './roots.js';
export type { ImportProgress } from './types.js';
