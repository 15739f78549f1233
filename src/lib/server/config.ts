// Where Ferry keeps its files. Everything under data/workspaces is PHI and git-ignored.
import path from 'node:path';

export const projectRoot = path.resolve(process.env.FERRY_ROOT ?? process.cwd());
export const dataDir = path.resolve(process.env.FERRY_DATA ?? path.join(projectRoot, 'data'));
export const workspacesDir = path.join(dataDir, 'workspaces');
export const sampleExportDir = path.join(projectRoot, 'data', 'sample');

/** Limits an import enforces; each is a setting, not a constant buried in code. */
export const importLimits = {
	/** A CSV record longer than this is quarantined, not staged (a 50 MB cell is not a patient field). */
	maxRecordBytes: Number(process.env.FERRY_MAX_RECORD_BYTES ?? 16 * 1024 * 1024),
	/** Raw text kept per rejected row; longer text is cut and says so. */
	maxRejectRawChars: 64 * 1024,
	/** Zip: total bytes we will inflate, and the largest inflate ratio of one entry. */
	maxZipBytes: Number(process.env.FERRY_MAX_ZIP_BYTES ?? 20 * 1024 ** 3),
	maxZipRatio: Number(process.env.FERRY_MAX_ZIP_RATIO ?? 200),
	/** An entry inflating to less than this passes whatever its ratio: a padded 25 MB scan is not a bomb. */
	zipRatioFloorBytes: Number(process.env.FERRY_ZIP_RATIO_FLOOR_BYTES ?? 64 * 1024 ** 2),
	/** Zip entries (files and folders), read from its directory before anything is extracted. */
	maxZipEntries: Number(process.env.FERRY_MAX_ZIP_ENTRIES ?? 10_000),
	/** Table files (and sheets) in one export: 33,746 tables from one 10 MB zip is an attack, not an export. */
	maxTables: Number(process.env.FERRY_MAX_TABLES ?? 1_000),
	/** Columns in one table: a wider file is refused (the profile reads wide tables in column chunks). */
	maxColumns: Number(process.env.FERRY_MAX_COLUMNS ?? 10_000),
	/** JSON files are parsed whole; beyond this they are refused with a clear error. */
	maxJsonBytes: 512 * 1024 * 1024
};
