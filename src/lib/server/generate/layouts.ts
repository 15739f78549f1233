// Export layouts other than the reference one (`ferry generate --layout <name>`): the same
// practice written as another clinic's Clinic Place export would be, with other file and
// header names, encodings, delimiters, line ends, date and time conventions, a date and a
// time in separate columns, currency strings, id styles, files missing and files added.
// A layout is made from a reference export of the same seed, value by value, so the ground
// truth carries over; the layout's own truth (which table plays which role, which header
// holds which reference column) is written beside it.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parseString } from '@fast-csv/parse';
import { z } from 'zod';
import { generateExport, truthPath } from './index.js';
import { HEADERS, type TableFile } from './layout.js';
import { Rng } from './prng.js';
import type { Dialect } from './sink.js';
import { GroundTruthSchema } from './truth.js';
import type { DirtRates } from './dirt.js';

type Row = Record<string, string>;
/** How a value of the reference export is written in this layout. */
type Format = (value: string, row: Row, rng: Rng) => string;

interface ColumnSpec {
	/** Header in this layout. */
	header: string;
	/** Reference header it is made from (null: a column of this layout only). */
	from: string | null;
	format?: Format;
}

interface FileSpec {
	from: TableFile;
	file: string;
	columns: ColumnSpec[];
}

export interface LayoutSpec {
	name: string;
	description: string;
	dialect: Dialect;
	/** Folder the documents live in (the attachments' paths are rewritten to it). */
	documents: string;
	files: FileSpec[];
	/** Files of this layout only, with their rows. */
	extra: Array<{ file: string; header: string[]; rows: (ref: Map<TableFile, Row[]>) => string[][] }>;
}

// ---- reading reference values ----

interface When {
	y: number;
	m: number;
	d: number;
	H: number | null;
	M: number | null;
}

/** A reference date or timestamp: DD/MM/YYYY[ HH:MM], YYYY-MM-DD, or ISO with a zone (its wall time kept). */
export function readWhen(v: string): When | null {
	const t = v.trim();
	let x = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2}))?$/.exec(t);
	if (x) return { d: +x[1], m: +x[2], y: +x[3], H: x[4] ? +x[4] : null, M: x[5] ? +x[5] : null };
	x = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
	if (x) return { y: +x[1], m: +x[2], d: +x[3], H: x[4] ? +x[4] : null, M: x[5] ? +x[5] : null };
	return null;
}

/** Cents of a reference amount: 1234.50, -12.00 or $1,234.50. */
export function readCents(v: string): number | null {
	const x = /^(-)?\$?(-)?([\d,]+)\.(\d{2})$/.exec(v.trim());
	if (!x) return null;
	return (x[1] || x[2] ? -1 : 1) * (Number(x[3].replaceAll(',', '')) * 100 + Number(x[4]));
}

const p2 = (n: number) => String(n).padStart(2, '0');
const keep =
	(f: (w: When) => string): Format =>
	(v) => {
		const w = readWhen(v);
		return w ? f(w) : v;
	};
const dmy = keep((w) => `${p2(w.d)}/${p2(w.m)}/${w.y}`);
const mdy = keep((w) => `${p2(w.m)}/${p2(w.d)}/${w.y}`);
const ymdCompact = keep((w) => `${w.y}${p2(w.m)}${p2(w.d)}`);
const clock12 = (w: When) => (w.H === null ? '' : `${((w.H + 11) % 12) + 1}:${p2(w.M!)} ${w.H < 12 ? 'AM' : 'PM'}`);
const clock24 = (w: When) => (w.H === null ? '' : `${p2(w.H)}:${p2(w.M!)}`);
const dmyTime = keep((w) => `${p2(w.d)}/${p2(w.m)}/${w.y}${w.H === null ? '' : ` ${clock24(w)}`}`);
const mdyTime12 = keep((w) => `${p2(w.m)}/${p2(w.d)}/${w.y}${w.H === null ? '' : ` ${clock12(w)}`}`);
/** Birth dates: now and then a two-digit year, as a form that passed through Excel writes them. */
const dmyShortYear: Format = (v, _r, rng) => {
	const w = readWhen(v);
	if (!w) return v;
	return rng.chance(0.1) && w.y >= 1930 && w.y <= 2029 ? `${p2(w.d)}/${p2(w.m)}/${String(w.y).slice(2)}` : `${p2(w.d)}/${p2(w.m)}/${w.y}`;
};
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** $1,234.50, negatives in parentheses as accounting reports write them. */
const dollars: Format = (v) => {
	const c = readCents(v);
	if (c === null) return v;
	const a = Math.abs(c);
	const s = `$${thousands(Math.floor(a / 100))}.${p2(a % 100)}`;
	return c < 0 ? `(${s})` : s;
};
/** USD 1,234.50 and -USD 12.00. */
const codeAmount: Format = (v) => {
	const c = readCents(v);
	if (c === null) return v;
	const a = Math.abs(c);
	return `${c < 0 ? '-' : ''}AUD ${thousands(Math.floor(a / 100))}.${p2(a % 100)}`;
};
const prefixed =
	(prefix: string, width = 0): Format =>
	(v) =>
		v.trim()
			? `${prefix}${v
					.trim()
					.replace(/^[A-Z]+/, '')
					.padStart(width, '0')}`
			: '';
/** Ids of another system: a prefix and the digits' tail (unique: the reference numbers are sequential). */
const tail =
	(prefix: string, digits: number): Format =>
	(v) =>
		v.trim() ? `${prefix}${v.trim().replace(/\D/g, '').slice(-digits).padStart(digits, '0')}` : '';
const yesNo =
	(yes: string, no: string): Format =>
	(v) =>
		/^(yes|y|true|1)$/i.test(v.trim()) ? yes : /^(no|n|false|0)$/i.test(v.trim()) ? no : v;
const docPath =
	(dir: string): Format =>
	(v) =>
		v ? v.replace(/^files\//, `${dir}/`).replaceAll('/', dir.includes('\\') ? '\\' : '/') : v;

// ---- one writer, two sets of conventions ----

type IdKind = 'patient' | 'location' | 'physician' | 'staff' | 'appointment' | 'note' | 'insurer' | 'attachment' | 'invoice';
type Kind = IdKind | 'date' | 'dateTime' | 'birth' | 'start' | 'time' | 'money' | 'bool' | 'path';

/** What each reference column holds, whichever file it is in: a layout writes each kind its own way. */
const KIND: Record<string, Kind> = {
	'Patient ID': 'patient',
	'Emergency Contact Patient ID': 'patient',
	'Clinic Location ID': 'location',
	'Location ID': 'location',
	'Parent Location ID': 'location',
	'Referring Physician ID': 'physician',
	'Physician ID': 'physician',
	'Practitioner ID': 'staff',
	'Staff ID': 'staff',
	'Appointment ID': 'appointment',
	'Note ID': 'note',
	'Insurer ID': 'insurer',
	'Attachment ID': 'attachment',
	'Invoice ID': 'invoice',
	'Date of Birth': 'birth',
	'Issue Date': 'date',
	'Due Date': 'date',
	'Payment Date': 'date',
	'Valid From': 'date',
	'Valid To': 'date',
	'Created At': 'dateTime',
	'Updated At': 'dateTime',
	'Cancelled At': 'dateTime',
	'Uploaded At': 'dateTime',
	'Starts At': 'start',
	'Ends At': 'time',
	'Outstanding Balance': 'money',
	'Amount Billed': 'money',
	'Amount Paid': 'money',
	'Balance Due': 'money',
	Archived: 'bool',
	Arrived: 'bool',
	'Did Not Arrive': 'bool',
	'Is Headquarters': 'bool',
	'Is Primary': 'bool',
	Active: 'bool',
	Path: 'path'
};

/** How a layout writes each kind of value. */
interface Conventions {
	/** Id styles, per kind of id the layout's files hold. */
	ids: Partial<Record<IdKind, Format>>;
	date: Format;
	dateTime: Format;
	birth: Format;
	/** The date part of an appointment's start (its time goes in a column of its own). */
	start: Format;
	clock: (w: When) => string;
	money: Format;
	yes: string;
	no: string;
}

/** A column of the layout: the reference header it is written from, or a column of its own. */
type Source = string | ((c: Conventions) => Format);

interface Layout extends Omit<LayoutSpec, 'files'> {
	conventions: Conventions;
	/** Per reference file: this layout's file and its columns in order (header → source). */
	files: Array<[TableFile, string, Record<string, Source>]>;
}

/** The time of an appointment's start, in the column after its date. */
const startTime =
	(c: Conventions): Format =>
	(_v, r) => {
		const w = readWhen(r['Starts At']);
		return w ? c.clock(w) : '';
	};

function formatOf(kind: Kind | undefined, c: Conventions, documents: string): Format | undefined {
	if (kind === undefined) return undefined;
	if (kind === 'time') return keep(c.clock);
	if (kind === 'bool') return yesNo(c.yes, c.no);
	if (kind === 'path') return docPath(documents);
	if (kind === 'date' || kind === 'dateTime' || kind === 'birth' || kind === 'start' || kind === 'money') return c[kind];
	const id = c.ids[kind];
	if (!id) throw new Error(`this layout has no id style for ${kind} ids`);
	return id;
}

function layoutSpec({ conventions: c, files, ...rest }: Layout): LayoutSpec {
	return {
		...rest,
		files: files.map(([from, file, columns]) => ({
			from,
			file,
			columns: Object.entries(columns).map(([header, source]): ColumnSpec =>
				typeof source === 'string'
					? { header, from: source, format: formatOf(KIND[source], c, rest.documents) }
					: { header, from: null, format: source(c) }
			)
		}))
	};
}

// ---- the layouts ----

const HARBOUR_IDS = {
	patient: tail('CL-', 6),
	location: tail('SITE-', 2),
	physician: tail('RF', 4),
	staff: tail('PR-', 3),
	appointment: tail('BK', 7),
	note: tail('TN', 7),
	insurer: tail('FUND', 3),
	attachment: tail('DOC-', 6),
	invoice: tail('TX', 7)
};

/** The street address columns of a harbour file, under its town header. */
const harbourAddress = (town: string) => ({
	Street: 'Address Line 1',
	'Address 2': 'Address Line 2',
	[town]: 'City',
	State: 'State',
	'Post Code': 'Postcode',
	Country: 'Country'
});

/** A New Zealand-flavoured practice manager: Windows-1252, `;`, CRLF, day first, 12-hour clock, $ amounts. */
const HARBOUR = layoutSpec({
	name: 'harbour',
	description:
		"Windows-1252, ';' and CRLF; DD/MM/YYYY with some two-digit years; appointment date and 12-hour time in separate columns; $1,234.50 with (negatives); prefixed ids; no pick-list or automations file; an extra rooms file",
	dialect: { delimiter: ';', eol: '\r\n', encoding: 'windows-1252', bom: false },
	documents: 'Documents',
	conventions: {
		ids: HARBOUR_IDS,
		date: dmy,
		dateTime: dmyTime,
		birth: dmyShortYear,
		start: dmy,
		clock: clock12,
		money: dollars,
		yes: 'Y',
		no: 'N'
	},
	files: [
		[
			'patients.csv',
			'clients.csv',
			{
				'Client No': 'Patient ID',
				Salutation: 'Title',
				'Given Name': 'First Name',
				'Other Names': 'Middle Name',
				Surname: 'Last Name',
				'Known As': 'Preferred Name',
				'D.O.B.': 'Date of Birth',
				Gender: 'Sex',
				'E-mail Address': 'Email',
				Mobile: 'Mobile Phone',
				'Home Tel': 'Home Phone',
				...harbourAddress('Suburb'),
				'Home Clinic': 'Clinic Location ID',
				'Referred By': 'Referring Physician ID',
				'Account Status': 'Billing Status',
				'Balance Owing': 'Outstanding Balance',
				'Next of Kin': 'Emergency Contact Name',
				'NOK Phone': 'Emergency Contact Phone',
				'NOK Relationship': 'Emergency Contact Relationship',
				'NOK Client No': 'Emergency Contact Patient ID',
				'Date Created': 'Created At',
				'Last Modified': 'Updated At',
				Archived: 'Archived',
				'Legacy Ref': 'External Ref',
				'Marketing Opt In': () => (_v, _r, rng) => (rng.chance(0.4) ? 'Y' : 'N')
			}
		],
		[
			'appointments.csv',
			'bookings.csv',
			{
				'Booking Ref': 'Appointment ID',
				'Client No': 'Patient ID',
				Practitioner: 'Practitioner ID',
				Site: 'Clinic Location ID',
				Service: 'Appointment Type',
				'Appt Date': 'Starts At',
				'Start Time': startTime,
				'Finish Time': 'Ends At',
				'Length (mins)': 'Duration (min)',
				'Appointment State': 'Status',
				'Reason for Cancellation': 'Cancellation Reason',
				Comments: 'Notes',
				'Date Created': 'Created At',
				'Last Modified': 'Updated At',
				Arrived: 'Arrived',
				'Did Not Arrive': 'Did Not Arrive',
				'Cancelled At': 'Cancelled At'
			}
		],
		[
			'clinical_notes.csv',
			'treatment_notes.csv',
			{
				'Note Ref': 'Note ID',
				'Client No': 'Patient ID',
				'Booking Ref': 'Appointment ID',
				Practitioner: 'Practitioner ID',
				Category: 'Note Type',
				Subject: 'Title',
				'Note Text': 'Body',
				'Date Created': 'Created At',
				'Last Modified': 'Updated At'
			}
		],
		[
			'invoices.csv',
			'transactions.csv',
			{
				'Transaction Ref': 'Invoice ID',
				'Invoice No': 'Invoice Number',
				'Client No': 'Patient ID',
				'Booking Ref': 'Appointment ID',
				'Invoice Date': 'Issue Date',
				'Due Date': 'Due Date',
				'Invoice Total': 'Amount Billed',
				'Amount Received': 'Amount Paid',
				'Amount Owing': 'Balance Due',
				Status: 'Status',
				'Date Paid': 'Payment Date',
				'Paid By': 'Payment Method',
				Currency: 'Currency',
				'Line Items': 'Description'
			}
		],
		[
			'locations.csv',
			'sites.csv',
			{
				'Site Code': 'Location ID',
				'Site Name': 'Name',
				...harbourAddress('Town'),
				Telephone: 'Phone',
				'E-mail': 'Email',
				'Opening Hours': 'Opening Hours',
				'Parent Site': 'Parent Location ID',
				'Head Office': 'Is Headquarters'
			}
		],
		[
			'insurance_providers.csv',
			'health_funds.csv',
			{
				'Fund Code': 'Insurer ID',
				'Fund Name': 'Name',
				'Payer Code': 'Payer Code',
				'Contact Number': 'Phone',
				'E-mail': 'Email',
				Website: 'Website',
				...harbourAddress('Suburb')
			}
		],
		[
			'patient_insurance.csv',
			'client_funds.csv',
			{
				'Client No': 'Patient ID',
				'Fund Code': 'Insurer ID',
				Plan: 'Plan Name',
				'Membership No': 'Member Number',
				Primary: 'Is Primary',
				'Valid From': 'Valid From',
				'Valid To': 'Valid To'
			}
		],
		[
			'referring_physicians.csv',
			'referrers.csv',
			{
				'Referrer Code': 'Physician ID',
				'Given Name': 'First Name',
				Surname: 'Last Name',
				Practice: 'Practice Name',
				'Provider No': 'Provider Number',
				Telephone: 'Phone',
				'E-mail': 'Email',
				...harbourAddress('Suburb')
			}
		],
		[
			'staff.csv',
			'practitioners.csv',
			{
				'Practitioner Code': 'Staff ID',
				'Given Name': 'First Name',
				Surname: 'Last Name',
				'E-mail': 'Email',
				Position: 'Role',
				Speciality: 'Specialty',
				'Registration No': 'License Number',
				Site: 'Clinic Location ID',
				Active: 'Active'
			}
		],
		[
			'attachments.csv',
			'documents.csv',
			{
				'Document ID': 'Attachment ID',
				'Client No': 'Patient ID',
				'Note Ref': 'Note ID',
				'Document Name': 'File Name',
				'Stored As': 'Path',
				'MIME Type': 'Content Type',
				Bytes: 'Size Bytes',
				'Document Type': 'Category',
				Uploaded: 'Uploaded At'
			}
		]
	],
	extra: [
		{
			file: 'rooms.csv',
			header: ['Room ID', 'Site Code', 'Room Name', 'Bookable'],
			rows: (ref) =>
				(ref.get('locations.csv') ?? []).flatMap((l, i) =>
					[1, 2].map((k) => [`R${i + 1}${k}`, HARBOUR_IDS.location(l['Location ID'], l, new Rng('r')), `Room ${k}`, 'Y'])
				)
		}
	]
});

const PRAIRIE_IDS = {
	patient: prefixed('PT', 7),
	location: tail('CLN', 3),
	staff: tail('PRV', 4),
	appointment: tail('A', 9),
	note: tail('CHN', 8),
	insurer: tail('PAY', 4),
	attachment: tail('SCN', 7),
	invoice: tail('BIL', 8)
};

/** The street address columns of a prairie file. */
const PRAIRIE_ADDRESS = {
	'Street Address': 'Address Line 1',
	'Apt/Suite': 'Address Line 2',
	City: 'City',
	State: 'State',
	ZIP: 'Postcode',
	Country: 'Country'
};

/** A North American-style report export: UTF-8 with BOM, tabs, LF, month first, 24-hour time, AUD 1,234.50. */
const PRAIRIE = layoutSpec({
	name: 'prairie',
	description:
		'UTF-8 with BOM, tab-delimited .tsv, LF; MM/DD/YYYY, appointment dates as YYYYMMDD with a 24-hour time column; AUD 1,234.50 amounts; other id prefixes; no referring physicians, pick-lists or automations; an extra audit trail file',
	dialect: { delimiter: '\t', eol: '\n', encoding: 'utf-8', bom: true },
	documents: 'Scans',
	conventions: {
		ids: PRAIRIE_IDS,
		date: mdy,
		dateTime: mdyTime12,
		birth: mdy,
		start: ymdCompact,
		clock: clock24,
		money: codeAmount,
		yes: 'TRUE',
		no: 'FALSE'
	},
	files: [
		[
			'patients.csv',
			'Patient List.tsv',
			{
				'Chart Number': 'Patient ID',
				Prefix: 'Title',
				First: 'First Name',
				Middle: 'Middle Name',
				Last: 'Last Name',
				Nickname: 'Preferred Name',
				Birthdate: 'Date of Birth',
				Gender: 'Sex',
				'Email Address': 'Email',
				'Cell Phone': 'Mobile Phone',
				'Home Phone': 'Home Phone',
				...PRAIRIE_ADDRESS,
				Clinic: 'Clinic Location ID',
				'Account Status': 'Billing Status',
				Outstanding: 'Outstanding Balance',
				'Emergency Contact': 'Emergency Contact Name',
				'Emergency Contact Phone': 'Emergency Contact Phone',
				'Emergency Contact Relationship': 'Emergency Contact Relationship',
				'Emergency Contact Chart Number': 'Emergency Contact Patient ID',
				Created: 'Created At',
				Modified: 'Updated At',
				Archived: 'Archived'
			}
		],
		[
			'appointments.csv',
			'Appointment Report.tsv',
			{
				'Appt #': 'Appointment ID',
				'Chart Number': 'Patient ID',
				Provider: 'Practitioner ID',
				Clinic: 'Clinic Location ID',
				'Visit Type': 'Appointment Type',
				Date: 'Starts At',
				Time: startTime,
				Minutes: 'Duration (min)',
				'Appointment Status': 'Status',
				'Cancel Reason': 'Cancellation Reason',
				Remarks: 'Notes',
				'Booked On': 'Created At',
				Arrived: 'Arrived',
				'No Show': 'Did Not Arrive',
				'Cancelled At': 'Cancelled At'
			}
		],
		[
			'clinical_notes.csv',
			'Chart Notes.tsv',
			{
				'Chart Note ID': 'Note ID',
				'Chart Number': 'Patient ID',
				'Appt #': 'Appointment ID',
				Provider: 'Practitioner ID',
				'Note Type': 'Note Type',
				Heading: 'Title',
				Content: 'Body',
				Written: 'Created At'
			}
		],
		[
			'invoices.csv',
			'Billing.tsv',
			{
				'Bill ID': 'Invoice ID',
				'Invoice #': 'Invoice Number',
				'Chart Number': 'Patient ID',
				'Appt #': 'Appointment ID',
				'Date Issued': 'Issue Date',
				'Due Date': 'Due Date',
				Total: 'Amount Billed',
				Paid: 'Amount Paid',
				'Balance Due': 'Balance Due',
				'Payment Status': 'Status',
				'Paid On': 'Payment Date',
				Tender: 'Payment Method',
				Currency: 'Currency',
				Memo: 'Description'
			}
		],
		[
			'locations.csv',
			'Clinics.tsv',
			{
				'Clinic ID': 'Location ID',
				'Clinic Name': 'Name',
				...PRAIRIE_ADDRESS,
				'Phone Number': 'Phone',
				'Email Address': 'Email',
				Hours: 'Opening Hours',
				'Parent Clinic': 'Parent Location ID',
				Headquarters: 'Is Headquarters'
			}
		],
		[
			'insurance_providers.csv',
			'Payers.tsv',
			{
				'Payer ID': 'Insurer ID',
				'Payer Name': 'Name',
				'Payer Code': 'Payer Code',
				'Phone Number': 'Phone',
				'Email Address': 'Email',
				'Web Site': 'Website',
				...PRAIRIE_ADDRESS
			}
		],
		[
			'patient_insurance.csv',
			'Patient Coverage.tsv',
			{
				'Chart Number': 'Patient ID',
				'Payer ID': 'Insurer ID',
				'Plan Name': 'Plan Name',
				'Member ID': 'Member Number',
				Primary: 'Is Primary',
				Effective: 'Valid From',
				Expires: 'Valid To'
			}
		],
		[
			'staff.csv',
			'Providers.tsv',
			{
				'Provider ID': 'Staff ID',
				First: 'First Name',
				Last: 'Last Name',
				'Email Address': 'Email',
				Title: 'Role',
				Specialty: 'Specialty',
				'License #': 'License Number',
				Clinic: 'Clinic Location ID',
				Active: 'Active'
			}
		],
		[
			'attachments.csv',
			'Documents Index.tsv',
			{
				'Scan ID': 'Attachment ID',
				'Chart Number': 'Patient ID',
				'Chart Note ID': 'Note ID',
				'Original File Name': 'File Name',
				'File Path': 'Path',
				Mime: 'Content Type',
				Size: 'Size Bytes',
				'Scan Type': 'Category',
				Scanned: 'Uploaded At'
			}
		]
	],
	extra: [
		{
			file: 'Audit Trail.tsv',
			header: ['Event', 'User', 'When'],
			rows: (ref) =>
				(ref.get('staff.csv') ?? []).map((s, i) => [
					'login',
					PRAIRIE_IDS.staff(s['Staff ID'], s, new Rng('a')),
					`06/${p2((i % 28) + 1)}/2026 9:00 AM`
				])
		}
	]
});

export const LAYOUTS: Record<string, LayoutSpec> = { harbour: HARBOUR, prairie: PRAIRIE };
export const LAYOUT_NAMES = ['reference', ...Object.keys(LAYOUTS)] as const;

export const LayoutTruthSchema = z.object({
	name: z.string(),
	description: z.string(),
	/** Per file of this layout: the role its table plays, the reference file it was made from, its key header. */
	files: z.record(
		z.string(),
		z.object({ role: z.string(), from: z.string().nullable(), key: z.string().nullable(), rows: z.number().int() })
	),
	/** Per reference file: reference header → this layout's header (null: the layout has no such column). */
	columns: z.record(z.string(), z.record(z.string(), z.string().nullable())),
	/** Reference columns written as a date column and a time column. */
	split: z.array(z.object({ file: z.string(), reference: z.string(), date: z.string(), time: z.string() })),
	/** Appointment start instants (UTC) by this layout's appointment id, for the zones' truth. */
	appointmentStarts: z.record(z.string(), z.string())
});
export type LayoutTruth = z.infer<typeof LayoutTruthSchema>;

const ROLE_OF: Record<TableFile, string> = {
	'patients.csv': 'patients',
	'appointments.csv': 'appointments',
	'clinical_notes.csv': 'notes',
	'invoices.csv': 'invoices',
	'locations.csv': 'locations',
	'insurance_providers.csv': 'insurers',
	'patient_insurance.csv': 'patientInsurers',
	'referring_physicians.csv': 'physicians',
	'staff.csv': 'staff',
	'attachments.csv': 'attachments',
	'picklists.csv': 'picklists'
};

async function readCsv(file: string): Promise<Row[]> {
	const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	return new Promise((resolve, reject) => {
		const rows: Row[] = [];
		parseString(text, { headers: true, delimiter: ',' })
			.on('error', reject)
			.on('data', (r: Row) => rows.push(r))
			.on('end', () => resolve(rows));
	});
}

function writeCsv(file: string, header: string[], rows: string[][], d: Dialect): void {
	const needs = new RegExp(`["\\r\\n${d.delimiter === '|' ? '\\|' : d.delimiter}]`);
	const q = (v: string) => (needs.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	const text = [header, ...rows].map((r) => r.map(q).join(d.delimiter)).join(d.eol) + d.eol;
	const bytes = d.encoding === 'windows-1252' ? iconv.encode(text, 'win1252') : Buffer.from(text, 'utf8');
	fs.writeFileSync(file, d.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes);
}

/** UTC instant of a reference start written with its offset (2024-06-15T09:15:00+10:00). */
function utcOf(v: string): string | null {
	const t = Date.parse(v.trim());
	return /[+-]\d{2}:\d{2}$|Z$/.test(v.trim()) && !Number.isNaN(t) ? new Date(t).toISOString() : null;
}

export interface LayoutOptions {
	out: string;
	layout: string;
	patients?: number;
	seed?: number;
	/** Dirt rates to change (twins, duplicates…); the forms the layout rewrites stay in their reference form. */
	dirt?: Partial<DirtRates>;
	/** Patients (clients) and reference tables only, as GenerateExportOptions.patientsOnly. */
	patientsOnly?: boolean;
}

/**
 * Writes an export in a named layout and its truth: `<out>.truth.json` holds the reference
 * truth (counts, duplicates, orphans …) plus `layout` (roles, headers, split columns, instants).
 */
export async function generateLayout(o: LayoutOptions): Promise<z.infer<typeof GroundTruthSchema> & { layout: LayoutTruth }> {
	const spec = LAYOUTS[o.layout];
	if (!spec) throw new Error(`unknown layout '${o.layout}': choose one of ${LAYOUT_NAMES.join(', ')}`);
	const out = path.resolve(o.out);
	const tmp = `${out}.reference-${process.pid}`;
	// Reference values in one form each, so every one converts: the layout brings its own forms.
	const truth = await generateExport({
		out: tmp,
		patients: o.patients ?? 500,
		seed: o.seed ?? 1,
		patientsOnly: o.patientsOnly,
		dirt: {
			...o.dirt,
			mixedDialects: false,
			dateIso: 0,
			excelSerialDate: 0,
			sciNotationId: 0,
			malformedPerThousand: 0,
			utcTimes: 0,
			naiveTimes: 0,
			formulaCell: 0,
			mojibake: 0
		}
	});
	try {
		if (fs.existsSync(out)) {
			const entries = fs.readdirSync(out);
			if (entries.length && !fs.existsSync(truthPath(out)))
				throw new Error(`${out} is not empty and holds no earlier export; choose an empty directory`);
			fs.rmSync(out, { recursive: true, force: true });
		}
		fs.mkdirSync(out, { recursive: true });
		const ref = new Map<TableFile, Row[]>();
		for (const f of Object.keys(HEADERS) as TableFile[]) ref.set(f, await readCsv(path.join(tmp, f)));
		const rng = new Rng(`ferry-layout:${spec.name}:${o.seed ?? 1}`);
		const lt: LayoutTruth = { name: spec.name, description: spec.description, files: {}, columns: {}, split: [], appointmentStarts: {} };
		for (const fs_ of spec.files) {
			const rows = ref.get(fs_.from)!;
			const out_ = rows.map((r) =>
				fs_.columns.map((c) => (c.format ? c.format(c.from ? (r[c.from] ?? '') : '', r, rng) : c.from ? (r[c.from] ?? '') : ''))
			);
			writeCsv(
				path.join(out, fs_.file),
				fs_.columns.map((c) => c.header),
				out_,
				spec.dialect
			);
			const key = fs_.columns.find((c) => c.from === HEADERS[fs_.from][0])?.header ?? null;
			lt.files[fs_.file] = { role: ROLE_OF[fs_.from], from: fs_.from, key, rows: rows.length };
			lt.columns[fs_.from] = Object.fromEntries(HEADERS[fs_.from].map((h) => [h, fs_.columns.find((c) => c.from === h)?.header ?? null]));
			if (fs_.from === 'appointments.csv') {
				const date = fs_.columns.find((c) => c.from === 'Starts At')!.header;
				const time = fs_.columns.find((c) => c.from === null && /time/i.test(c.header))!.header;
				lt.split.push({ file: fs_.file, reference: 'Starts At', date, time });
				const id = fs_.columns.find((c) => c.from === 'Appointment ID')!;
				for (const r of rows) {
					const u = utcOf(r['Starts At']);
					if (u) lt.appointmentStarts[id.format!(r['Appointment ID'], r, rng)] = u;
				}
			}
		}
		for (const e of spec.extra) {
			const rows = e.rows(ref);
			writeCsv(path.join(out, e.file), e.header, rows, spec.dialect);
			lt.files[e.file] = { role: 'other', from: null, key: null, rows: rows.length };
		}
		if (fs.existsSync(path.join(tmp, 'files'))) fs.renameSync(path.join(tmp, 'files'), path.join(out, spec.documents));
		const result = { ...truth, layout: lt };
		fs.writeFileSync(truthPath(out), JSON.stringify(result, null, 1) + '\n');
		return result;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
		fs.rmSync(truthPath(tmp), { force: true });
	}
}
