// The export generator: writes a Clinic Place export in the reference layout of
// EXPORT.md, with every kind of dirt, and ground truth beside it (<out>.truth.json).
// Same options, same bytes: all randomness comes from a seeded PRNG and all time
// from a fixed epoch.
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from './prng.js';
import { DEFAULT_DIRT, NO_DIRT, type DirtRates } from './dirt.js';
import { CLEAN_DIALECT, DIRTY_DIALECTS, HEADERS, LAYOUT, sheetName, TABLE_FILES, type TableFile } from './layout.js';
import { CsvSink, SheetSpool, type TableSink } from './sink.js';
import { GenerateOptionsSchema, GroundTruthSchema, TruthRecorder, type GroundTruth } from './truth.js';
import { buildReference } from './reference.js';
import { ChildWriter } from './children.js';
import { writePatients } from './patients.js';
import { picklistRows } from './picklists.js';
import { automations } from './automations.js';
import { EPOCH_ISO } from './format.js';
import type { Ctx } from './context.js';
import { pinZipTimes } from './zip-times.js';

export { GroundTruthSchema, type GroundTruth, type GenerateOptions } from './truth.js';
export { DEFAULT_DIRT, NO_DIRT, type DirtRates } from './dirt.js';
export { HEADERS, LAYOUT, TABLE_FILES, DIRTY_DIALECTS, type TableFile } from './layout.js';
export { PICKLISTS } from './picklists.js';
export { OVERSIZE_BYTES } from './files.js';

export interface GenerateExportOptions {
	/** Directory to write the export into; ground truth goes to `<out>.truth.json`. */
	out: string;
	/** Patient rows to write (duplicates, twins and household members included). Default 500. */
	patients?: number;
	/** Default 1. */
	seed?: number;
	/** csv: one file per entity; xlsx: one workbook export.xlsx, a sheet per entity. */
	format?: 'csv' | 'xlsx';
	/** No dirt at all: one dialect, one format per column, no duplicates or broken rows. */
	clean?: boolean;
	/**
	 * Write the patients (and the small reference tables) but no appointments, notes, invoices
	 * or files: a million patients in seconds for the dedupe bench. The children draw from
	 * their own random stream, so patients.csv and the duplicate truth are the same bytes.
	 */
	patientsOnly?: boolean;
	/** Override single dirt rates (ignored when clean). */
	dirt?: Partial<DirtRates>;
	onProgress?: (done: number, total: number) => void;
}

/** Where the ground truth of an export directory lives. */
export function truthPath(out: string): string {
	return path.resolve(out).replace(/[\\/]+$/, '') + '.truth.json';
}

const FIXED_DATE = new Date(EPOCH_ISO);

export async function generateExport(options: GenerateExportOptions): Promise<GroundTruth> {
	const opts = GenerateOptionsSchema.parse({
		patients: options.patients ?? 500,
		seed: options.seed ?? 1,
		format: options.format ?? 'csv',
		clean: options.clean ?? false,
		...(options.patientsOnly ? { patientsOnly: true } : {})
	});
	const out = path.resolve(options.out);
	prepareOut(out);
	const csv = opts.format === 'csv';
	const dirt: DirtRates = opts.clean ? NO_DIRT : { ...DEFAULT_DIRT, ...options.dirt };
	const truth = new TruthRecorder();
	const sinks = {} as Record<TableFile, TableSink>;
	for (const file of TABLE_FILES) {
		if (csv) {
			const dialect = dirt.mixedDialects ? DIRTY_DIALECTS[file] : CLEAN_DIALECT;
			const sink = new CsvSink(file, path.join(out, file), HEADERS[file], dialect);
			truth.file(file, sink.meta());
			sinks[file] = sink;
		} else {
			const sheet = sheetName(file);
			sinks[file] = new SheetSpool(file, sheet, path.join(out, `.spool-${sheet}.jsonl`), HEADERS[file]);
			truth.file(file, { encoding: 'xlsx', delimiter: '', lineEnding: 'n/a', sheet });
		}
	}
	const rng = new Rng(`ferry-generate:${opts.seed}`);
	const ctx: Ctx = { rng, dirt, clean: opts.clean, csv, truth, sinks, out, patients: opts.patients, patientsOnly: !!opts.patientsOnly };

	const ref = buildReference(ctx);
	const children = new ChildWriter(ctx, ref);
	await writePatients(ctx, ref, children, options.onProgress);
	for (const row of picklistRows()) sinks['picklists.csv'].row(row);
	fs.writeFileSync(
		path.join(out, 'automations.json'),
		JSON.stringify(automations(rng.fork('automations'), ref, opts.clean), null, 2) + '\n'
	);

	for (const file of TABLE_FILES) {
		await sinks[file].close();
		truth.files[file].rows = sinks[file].rows;
	}
	if (!csv)
		await writeWorkbook(
			out,
			TABLE_FILES.map((f) => sinks[f] as SheetSpool)
		);

	const result: GroundTruth = GroundTruthSchema.parse({
		version: 1,
		generator: 'ferry generate',
		seed: opts.seed,
		options: opts,
		epoch: EPOCH_ISO,
		files: truth.files,
		totalRows: TABLE_FILES.reduce((n, f) => n + truth.files[f].rows, 0),
		attachmentFiles: truth.attachmentFiles,
		patients: {
			records: truth.files['patients.csv'].rows,
			persons: truth.persons,
			duplicateRecords: truth.duplicateRecords,
			duplicateVariants: sortKeys(truth.duplicateVariants)
		},
		duplicateGroups: truth.duplicateGroups,
		twinPairs: truth.twinPairs,
		missingPatientIds: truth.missingPatientIds,
		orphans: truth.orphans,
		attachments: { ...truth.attachments, oversizeBytes: 25 * 1024 * 1024 + 1 },
		archived: truth.archived,
		circularLocations: truth.circularLocations,
		staffWithoutEmail: truth.staffWithoutEmail,
		longNotes: truth.longNotes,
		malformedRows: truth.malformedRows
	});
	for (const f of Object.values(result.files)) f.damaged = sortKeys(f.damaged);
	fs.writeFileSync(truthPath(out), JSON.stringify(result, null, 1) + '\n');
	return result;
}

function sortKeys(o: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An empty or missing directory, or one holding an earlier export (which is replaced). */
function prepareOut(out: string): void {
	if (fs.existsSync(out)) {
		if (!fs.statSync(out).isDirectory()) throw new Error(`${out} exists and is not a directory`);
		const entries = fs.readdirSync(out);
		const ours = new Set<string>([...LAYOUT.map((e) => e.replace(/\/$/, '')), 'export.xlsx']);
		const earlier = entries.some((e) => e === 'patients.csv' || e === 'export.xlsx');
		if (entries.length && !earlier) throw new Error(`${out} is not empty and holds no earlier export; choose an empty directory`);
		for (const e of entries) if (ours.has(e) || e.startsWith('.spool-')) fs.rmSync(path.join(out, e), { recursive: true, force: true });
	}
	fs.mkdirSync(path.join(out, 'files'), { recursive: true });
}

async function writeWorkbook(out: string, spools: SheetSpool[]): Promise<void> {
	const { default: excel } = await import('exceljs'); // ~0.7 CPU s to load: only where a workbook is written
	const book = new excel.stream.xlsx.WorkbookWriter({
		filename: path.join(out, 'export.xlsx'),
		useStyles: false,
		useSharedStrings: false
	});
	book.creator = 'The Clinic Place';
	book.created = FIXED_DATE;
	book.modified = FIXED_DATE;
	for (const spool of spools) await spool.toSheet(book);
	await book.commit();
	// Zip entries carry the time they were written; pin it so the bytes repeat.
	pinZipTimes(path.join(out, 'export.xlsx'), FIXED_DATE);
}
