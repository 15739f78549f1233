// The "later" export: what the clinic's system holds after the cutover window, made from an
// earlier CSV export. New appointments are booked, some patients' details edited, a few patients
// registered, some appointments cancelled or re-booked, a few records vanish. Every other record keeps its exact bytes, so the ground truth
// (<out>.truth.json) says exactly what a delta must find. Same input and seed, same bytes.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { z } from 'zod';
import { Rng } from './prng.js';
import { GroundTruthSchema } from './truth.js';

export const LaterChangesSchema = z.object({ new: z.array(z.string()), changed: z.array(z.string()), vanished: z.array(z.string()) });

export const LaterTruthSchema = z.object({
	version: z.literal(1),
	generator: z.literal('ferry generate --later-from'),
	seed: z.number().int(),
	/** Per table file: source ids (the file's first column) that are new, changed or vanished. */
	changes: z.record(z.string(), LaterChangesSchema)
});
export type LaterTruth = z.infer<typeof LaterTruthSchema>;

export interface LaterOptions {
	from: string;
	out: string;
	seed?: number;
	newAppointments?: number;
	editedPatients?: number;
	newPatients?: number;
	vanishedAppointments?: number;
	cancelledAppointments?: number;
	vanishedPatients?: number;
}

interface CsvRecord {
	raw: string;
	fields: string[] | null;
}

interface CsvFile {
	bom: boolean;
	encoding: string;
	delimiter: string;
	eol: string;
	header: string;
	records: CsvRecord[];
}

/** Splits text into records at line ends outside quotes, keeping each record's exact text. */
function splitRecords(text: string, eol: string): string[] {
	const out: string[] = [];
	let start = 0;
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === '"') quoted = !quoted;
		else if (!quoted && text.startsWith(eol, i)) {
			out.push(text.slice(start, i));
			start = i + eol.length;
			i += eol.length - 1;
		}
	}
	if (start < text.length) out.push(text.slice(start));
	return out;
}

/** Fields of a well-formed record, or null (a ragged or stray-quoted record is left untouched). */
function parseFields(raw: string, delimiter: string, width: number): string[] | null {
	const fields: string[] = [];
	let i = 0;
	while (i <= raw.length) {
		if (raw[i] === '"') {
			let v = '';
			i++;
			for (;;) {
				const q = raw.indexOf('"', i);
				if (q === -1) return null;
				v += raw.slice(i, q);
				if (raw[q + 1] === '"') ((v += '"'), (i = q + 2));
				else {
					i = q + 1;
					break;
				}
			}
			if (i < raw.length && raw[i] !== delimiter) return null;
			fields.push(v);
			i++;
		} else {
			const d = raw.indexOf(delimiter, i);
			const end = d === -1 ? raw.length : d;
			const v = raw.slice(i, end);
			if (v.includes('"')) return null;
			fields.push(v);
			i = end + 1;
		}
	}
	return fields.length === width ? fields : null;
}

function readCsv(file: string, t: { encoding: string; delimiter: string; lineEnding: string }): CsvFile {
	const bytes = fs.readFileSync(file);
	const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
	const text = t.encoding === 'windows-1252' ? iconv.decode(bytes, 'win1252') : bytes.subarray(bom ? 3 : 0).toString('utf8');
	const eol = t.lineEnding === 'CRLF' ? '\r\n' : '\n';
	const [header, ...rest] = splitRecords(text, eol);
	const width = header.split(t.delimiter).length;
	return {
		bom,
		encoding: t.encoding,
		delimiter: t.delimiter,
		eol,
		header,
		records: rest.map((raw) => ({ raw, fields: parseFields(raw, t.delimiter, width) }))
	};
}

function field(f: CsvFile, v: string): string {
	return /["\r\n]/.test(v) || v.includes(f.delimiter) ? `"${v.replace(/"/g, '""')}"` : v;
}

function writeCsv(file: string, f: CsvFile): void {
	const text = [f.header, ...f.records.map((r) => r.raw)].join(f.eol) + f.eol;
	const body = f.encoding === 'windows-1252' ? iconv.encode(text, 'win1252') : Buffer.from(text, 'utf8');
	fs.writeFileSync(file, f.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
}

function withFields(f: CsvFile, fields: string[]): CsvRecord {
	return { raw: fields.map((v) => field(f, v)).join(f.delimiter), fields };
}

/** Ids that occur exactly once and whose record is well formed: safe to edit or drop. */
function editable(f: CsvFile, exclude: Set<string>): number[] {
	const seen = new Map<string, number>();
	for (const r of f.records) if (r.fields) seen.set(r.fields[0], (seen.get(r.fields[0]) ?? 0) + 1);
	const malformedIds = new Set(f.records.filter((r) => !r.fields).map((r) => r.raw.split(f.delimiter)[0]));
	return f.records.flatMap((r, i) =>
		r.fields && r.fields[0] && seen.get(r.fields[0]) === 1 && !malformedIds.has(r.fields[0]) && !exclude.has(r.fields[0]) ? [i] : []
	);
}

function take(rng: Rng, candidates: number[], n: number): number[] {
	return rng
		.shuffle([...candidates])
		.slice(0, n)
		.sort((a, b) => a - b);
}

function nextIds(f: CsvFile, n: number, also: string[] = []): string[] {
	const nums = [...f.records.map((r) => r.raw.split(f.delimiter)[0]), ...also].filter((s) => /^\d+$/.test(s)).map(BigInt);
	let max = nums.reduce((m, x) => (x > m ? x : m), 0n);
	return Array.from({ length: n }, () => String(++max));
}

const FIRST = ['Harriet', 'Omar', 'Sienna', 'Kai', 'Priya', 'Lachlan', 'Mei', 'Tobias'];

function copyExport(from: string, out: string): void {
	fs.rmSync(out, { recursive: true, force: true });
	fs.cpSync(from, out, { recursive: true });
}

export function generateLater(options: LaterOptions): LaterTruth {
	const from = path.resolve(options.from);
	const out = path.resolve(options.out);
	if (from === out) throw new Error('--out must differ from --later-from: the earlier export stays as it was');
	const truthFile = from.replace(/[\\/]+$/, '') + '.truth.json';
	if (!fs.existsSync(path.join(from, 'patients.csv')))
		throw new Error(
			`--later-from '${options.from}' is not a CSV export: it has no patients.csv (an xlsx export cannot be edited record by record)`
		);
	if (!fs.existsSync(truthFile))
		throw new Error(
			`--later-from '${options.from}' has no ground truth beside it (${path.basename(truthFile)}): make the earlier export with ferry generate`
		);
	const earlier = GroundTruthSchema.parse(JSON.parse(fs.readFileSync(truthFile, 'utf8')));
	const seed = options.seed ?? 1;
	const rng = new Rng(`ferry-later:${seed}`);
	copyExport(from, out);

	const pFile = path.join(out, 'patients.csv');
	const aFile = path.join(out, 'appointments.csv');
	const patients = readCsv(pFile, earlier.files['patients.csv']);
	const appts = readCsv(aFile, earlier.files['appointments.csv']);
	const H = { email: 8, first: 2, mobile: 9, apptStatus: 8, apptPatient: 1 };

	// Patients: some edited (email and mobile changed), some vanish, a few new ones registered.
	const pCandidates = take(
		rng.fork('patients'),
		editable(patients, new Set()),
		(options.editedPatients ?? 12) + (options.vanishedPatients ?? 1)
	);
	const edited = pCandidates.slice(0, options.editedPatients ?? 12);
	const vanishedP = new Set(pCandidates.slice(edited.length));
	const editedIds = edited.map((i) => patients.records[i].fields![0]);
	for (const i of edited) {
		const f = [...patients.records[i].fields!];
		f[H.email] = `${f[H.first].toLowerCase().replace(/[^a-z]/g, '') || 'patient'}.${f[0]}@later.example`;
		f[H.mobile] = `04${rng.digits(8)}`;
		patients.records[i] = withFields(patients, f);
	}
	const template = patients.records[edited[0]].fields!;
	const newPIds = nextIds(patients, options.newPatients ?? 3, earlier.missingPatientIds);
	const newPatients = newPIds.map((id, k) => {
		const f = template.map(() => '');
		f[0] = id;
		f[H.first] = FIRST[k % FIRST.length];
		f[4] = template[4];
		f[H.email] = `${FIRST[k % FIRST.length].toLowerCase()}.${id}@later.example`;
		return withFields(patients, f);
	});
	const vanishedPIds = [...vanishedP].map((i) => patients.records[i].fields![0]);
	patients.records = [...patients.records.filter((_, i) => !vanishedP.has(i)), ...newPatients];

	// Appointments: new bookings for existing and new patients; a few vanish.
	const aRng = rng.fork('appointments');
	const aCandidates = editable(appts, new Set());
	const picked = take(aRng, aCandidates, (options.vanishedAppointments ?? 2) + (options.cancelledAppointments ?? 5));
	const vanishedA = new Set(picked.slice(0, options.vanishedAppointments ?? 2));
	const cancelled = picked.slice(vanishedA.size);
	const cancelledIds = cancelled.map((i) => appts.records[i].fields![0]);
	for (const i of cancelled) {
		const f = [...appts.records[i].fields!];
		f[H.apptStatus] = f[H.apptStatus] === 'Cancelled' ? 'Booked' : 'Cancelled';
		f[H.apptStatus + 1] = f[H.apptStatus] === 'Cancelled' ? 'Rescheduled during cutover' : '';
		appts.records[i] = withFields(appts, f);
	}
	const vanishedAIds = [...vanishedA].map((i) => appts.records[i].fields![0]);
	const newAIds = nextIds(appts, options.newAppointments ?? 20);
	const keptPatients = patients.records.flatMap((r) => (r.fields ? [r.fields[0]] : []));
	const newAppts = newAIds.map((id) => {
		const f = [...appts.records[aRng.pick(aCandidates.filter((i) => !vanishedA.has(i)))].fields!];
		f[H.apptStatus + 1] = '';
		f[0] = id;
		f[H.apptPatient] = aRng.pick(keptPatients);
		f[H.apptStatus] = 'Booked';
		return withFields(appts, f);
	});
	appts.records = [...appts.records.filter((_, i) => !vanishedA.has(i)), ...newAppts];

	writeCsv(pFile, patients);
	writeCsv(aFile, appts);
	const truth: LaterTruth = LaterTruthSchema.parse({
		version: 1,
		generator: 'ferry generate --later-from',
		seed,
		changes: {
			'patients.csv': { new: newPIds, changed: editedIds, vanished: vanishedPIds },
			'appointments.csv': { new: newAIds, changed: cancelledIds, vanished: vanishedAIds }
		}
	});
	fs.writeFileSync(out.replace(/[\\/]+$/, '') + '.truth.json', JSON.stringify(truth, null, 1) + '\n');
	return truth;
}
