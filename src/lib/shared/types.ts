// Shapes the UI reads from /api (the server's zod-validated answers, as JSON).

/** One file (or sheet) of a snapshot and what its import produced. */
export interface FileOutcome {
	file: string;
	sheet: string;
	table: string | null;
	format: string;
	status: 'staged' | 'rejected' | 'ignored';
	rowsRead: number;
	rowsStaged: number;
	rowsRejected: number;
	encoding: string | null;
	delimiter: string | null;
	error: string | null;
	warnings: string[];
}

export interface SnapshotRow {
	id: number;
	created_at: string;
	source: string;
	source_kind: string;
	file_count: number;
	rows_read: number;
	rows_staged: number;
	rows_rejected: number;
	attachment_files: number;
	attachment_bytes: number;
	current: boolean;
	tables: number;
}

export interface StepState {
	step: string;
	state: 'done' | 'ready' | 'blocked' | 'todo';
	detail: string;
	/** The step's page, relative to the workspace ('' is Home). */
	href: string;
	/** The one step to do next. */
	next: boolean;
}

export interface WorkspaceOverview {
	name: string;
	snapshots: SnapshotRow[];
	current: { snapshotId: number; rowsRead: number; rowsStaged: number; rowsRejected: number; files: FileOutcome[] } | null;
	pipeline: StepState[];
}

/** Progress of an import job, as the CLI bar and the UI show it. */
export interface ImportProgress {
	phase: 'scan' | 'load' | 'done';
	file?: string;
	filesDone: number;
	filesTotal: number;
	bytesDone: number;
	bytesTotal: number;
}

export interface JobState {
	id: string;
	status: 'running' | 'done' | 'failed';
	progress: ImportProgress | null;
	result: { snapshotId: number; reused: boolean } | null;
	error: string | null;
}

export interface RejectRow {
	file: string;
	sheet: string;
	line: number | null;
	reason: string;
	raw: string | null;
}
