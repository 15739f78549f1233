import type { ColumnName } from './headers.js';

export interface Reject {
	/** 1-based physical line in the file (or row in a sheet); null when the whole file is refused. */
	line: number | null;
	reason: string;
	raw: string;
}

/** What loading one file (or sheet) into one raw table produced. */
export interface TableLoad {
	rowsStaged: number;
	rejects: Reject[];
	columns: ColumnName[];
	warnings: string[];
	/** The encoding the rows were read in, when loading decided it (mixed files). */
	encoding?: string;
	delimiter?: string;
	lineEnding?: string;
	headerRow?: number;
}

export type { ImportProgress } from '../../shared/types.js';
