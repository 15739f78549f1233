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
	maxZipEntries: 100_000,
	/** JSON files are parsed whole; beyond this they are refused with a clear error. */
	maxJsonBytes: 512 * 1024 * 1024
};
