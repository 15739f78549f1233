// Ground truth written beside the export: what was made, what was damaged, and
// which patient records are the same person. Tests and benchmarks score against it.
import { z } from 'zod';

export const MalformedKindSchema = z.enum(['ragged_extra', 'ragged_short', 'stray_quote']);
export type MalformedKind = z.infer<typeof MalformedKindSchema>;

export const FileTruthSchema = z.object({
	/** Records written (not physical lines), malformed ones included. */
	rows: z.number().int().nonnegative(),
	/** Of those, records a strict RFC 4180 reader must reject (listed in malformedRows). */
	malformed: z.number().int().nonnegative(),
	/** 'utf-8', 'utf-8-bom', 'windows-1252', or 'xlsx' for a sheet of export.xlsx. */
	encoding: z.enum(['utf-8', 'utf-8-bom', 'windows-1252', 'xlsx']),
	delimiter: z.string(),
	lineEnding: z.enum(['LF', 'CRLF', 'n/a']),
	/** The sheet of export.xlsx holding this entity, when format is xlsx. */
	sheet: z.string().optional(),
	/** Damaged cells, by kind of dirt (one row can count several times, under several kinds). */
	damaged: z.record(z.string(), z.number().int().nonnegative())
});
export type FileTruth = z.infer<typeof FileTruthSchema>;

export const GenerateOptionsSchema = z.object({
	patients: z.number().int().min(1).max(5_000_000),
	seed: z.number().int(),
	format: z.enum(['csv', 'xlsx']),
	clean: z.boolean(),
	/** Only patients.csv and the small reference tables: no appointments, notes, invoices or files (the patients are the same bytes). */
	patientsOnly: z.boolean().optional()
});

export const MalformedRowSchema = z.object({
	file: z.string(),
	/** 1-based physical line where the record starts (the header is line 1). */
	line: z.number().int().positive(),
	/** 1-based position among the file's data records (the header is not a record). */
	record: z.number().int().positive(),
	kind: MalformedKindSchema,
	/** The id in the record's first column. */
	id: z.string()
});
export type MalformedRow = z.infer<typeof MalformedRowSchema>;

const ids = z.array(z.string());

export const GroundTruthSchema = z.object({
	version: z.literal(1),
	generator: z.literal('ferry generate'),
	seed: z.number().int(),
	options: GenerateOptionsSchema,
	/** The export's "today": every timestamp is derived from it and the seed. */
	epoch: z.string(),
	/** Per file of the reference layout (attachments' files/ counted apart). */
	files: z.record(z.string(), FileTruthSchema),
	totalRows: z.number().int().nonnegative(),
	/** Documents written under files/ (oversize and empty ones included). */
	attachmentFiles: z.number().int().nonnegative(),
	patients: z.object({
		records: z.number().int(),
		/** Distinct people among the records (duplicates collapse, twins do not). */
		persons: z.number().int(),
		duplicateRecords: z.number().int(),
		/** Duplicate records by kind of variation (one record can have several). */
		duplicateVariants: z.record(z.string(), z.number().int())
	}),
	/** Patient IDs that are one person; the first is the original record. */
	duplicateGroups: z.array(z.array(z.string()).min(2)),
	/** Twins: same surname, address and birthday, different people. NOT duplicates. */
	twinPairs: z.array(z.tuple([z.string(), z.string()])),
	/** Patient IDs referenced by child rows but absent from patients (deleted). */
	missingPatientIds: ids,
	/** Child row ids whose Patient ID is missing, per file. */
	orphans: z.record(z.string(), ids),
	attachments: z.object({ missing: ids, empty: ids, oversize: ids, oversizeBytes: z.number().int() }),
	archived: z.object({
		/** Archived = Yes (or a variant). */
		flagged: ids,
		/** Archived in the clinic but not flagged in the export. */
		unflagged: ids,
		/** Marked deleted but still exported. */
		deleted: ids
	}),
	/** Location IDs on a circular parent chain. */
	circularLocations: ids,
	staffWithoutEmail: ids,
	/** Clinical note ids whose body is 100 KB or more. */
	longNotes: ids,
	malformedRows: z.array(MalformedRowSchema)
});
export type GroundTruth = z.infer<typeof GroundTruthSchema>;
export type GenerateOptions = z.infer<typeof GenerateOptionsSchema>;

/** Collects counts while the export streams out. */
export class TruthRecorder {
	readonly files: Record<string, FileTruth> = {};
	readonly duplicateVariants: Record<string, number> = {};
	readonly duplicateGroups: string[][] = [];
	readonly twinPairs: [string, string][] = [];
	readonly missingPatientIds: string[] = [];
	readonly orphans: Record<string, string[]> = {};
	readonly attachments = { missing: [] as string[], empty: [] as string[], oversize: [] as string[] };
	readonly archived = { flagged: [] as string[], unflagged: [] as string[], deleted: [] as string[] };
	circularLocations: string[] = [];
	readonly staffWithoutEmail: string[] = [];
	readonly longNotes: string[] = [];
	readonly malformedRows: MalformedRow[] = [];
	attachmentFiles = 0;
	persons = 0;
	duplicateRecords = 0;

	file(name: string, meta: Omit<FileTruth, 'rows' | 'malformed' | 'damaged'>): void {
		this.files[name] = { rows: 0, malformed: 0, ...meta, damaged: {} };
	}

	hit(file: string, kind: string, n = 1): void {
		const d = this.files[file].damaged;
		d[kind] = (d[kind] ?? 0) + n;
	}

	orphan(file: string, id: string): void {
		(this.orphans[file] ??= []).push(id);
		this.hit(file, 'orphan_patient');
	}

	malformed(row: MalformedRow): void {
		this.malformedRows.push(row);
		this.files[row.file].malformed++;
		this.hit(row.file, row.kind);
	}

	variant(kind: string): void {
		this.duplicateVariants[kind] = (this.duplicateVariants[kind] ?? 0) + 1;
	}
}
