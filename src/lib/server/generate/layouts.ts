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

const col = (header: string, from: string | null, format?: Format): ColumnSpec => ({ header, from, format });

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

/** A New Zealand-flavoured practice manager: Windows-1252, `;`, CRLF, day first, 12-hour clock, $ amounts. */
const HARBOUR: LayoutSpec = {
	name: 'harbour',
	description:
		"Windows-1252, ';' and CRLF; DD/MM/YYYY with some two-digit years; appointment date and 12-hour time in separate columns; $1,234.50 with (negatives); prefixed ids; no pick-list or automations file; an extra rooms file",
	dialect: { delimiter: ';', eol: '\r\n', encoding: 'windows-1252', bom: false },
	documents: 'Documents',
	files: [
		{
			from: 'patients.csv',
			file: 'clients.csv',
			columns: [
				col('Client No', 'Patient ID', HARBOUR_IDS.patient),
				col('Salutation', 'Title'),
				col('Given Name', 'First Name'),
				col('Other Names', 'Middle Name'),
				col('Surname', 'Last Name'),
				col('Known As', 'Preferred Name'),
				col('D.O.B.', 'Date of Birth', dmyShortYear),
				col('Gender', 'Sex'),
				col('E-mail Address', 'Email'),
				col('Mobile', 'Mobile Phone'),
				col('Home Tel', 'Home Phone'),
				col('Street', 'Address Line 1'),
				col('Address 2', 'Address Line 2'),
				col('Suburb', 'City'),
				col('State', 'State'),
				col('Post Code', 'Postcode'),
				col('Country', 'Country'),
				col('Home Clinic', 'Clinic Location ID', HARBOUR_IDS.location),
				col('Referred By', 'Referring Physician ID', HARBOUR_IDS.physician),
				col('Account Status', 'Billing Status'),
				col('Balance Owing', 'Outstanding Balance', dollars),
				col('Next of Kin', 'Emergency Contact Name'),
				col('NOK Phone', 'Emergency Contact Phone'),
				col('NOK Relationship', 'Emergency Contact Relationship'),
				col('NOK Client No', 'Emergency Contact Patient ID', HARBOUR_IDS.patient),
				col('Date Created', 'Created At', dmyTime),
				col('Last Modified', 'Updated At', dmyTime),
				col('Archived', 'Archived', yesNo('Y', 'N')),
				col('Legacy Ref', 'External Ref'),
				col('Marketing Opt In', null, (_v, _r, rng) => (rng.chance(0.4) ? 'Y' : 'N'))
			]
		},
		{
			from: 'appointments.csv',
			file: 'bookings.csv',
			columns: [
				col('Booking Ref', 'Appointment ID', HARBOUR_IDS.appointment),
				col('Client No', 'Patient ID', HARBOUR_IDS.patient),
				col('Practitioner', 'Practitioner ID', HARBOUR_IDS.staff),
				col('Site', 'Clinic Location ID', HARBOUR_IDS.location),
				col('Service', 'Appointment Type'),
				col(
					'Appt Date',
					'Starts At',
					keep((w) => `${p2(w.d)}/${p2(w.m)}/${w.y}`)
				),
				col('Start Time', null, (_v, r) => {
					const w = readWhen(r['Starts At']);
					return w ? clock12(w) : '';
				}),
				col('Finish Time', 'Ends At', keep(clock12)),
				col('Length (mins)', 'Duration (min)'),
				col('Appointment State', 'Status'),
				col('Reason for Cancellation', 'Cancellation Reason'),
				col('Comments', 'Notes'),
				col('Date Created', 'Created At', dmyTime),
				col('Last Modified', 'Updated At', dmyTime),
				col('Arrived', 'Arrived', yesNo('Y', 'N')),
				col('Did Not Arrive', 'Did Not Arrive', yesNo('Y', 'N')),
				col('Cancelled At', 'Cancelled At', dmyTime)
			]
		},
		{
			from: 'clinical_notes.csv',
			file: 'treatment_notes.csv',
			columns: [
				col('Note Ref', 'Note ID', HARBOUR_IDS.note),
				col('Client No', 'Patient ID', HARBOUR_IDS.patient),
				col('Booking Ref', 'Appointment ID', HARBOUR_IDS.appointment),
				col('Practitioner', 'Practitioner ID', HARBOUR_IDS.staff),
				col('Category', 'Note Type'),
				col('Subject', 'Title'),
				col('Note Text', 'Body'),
				col('Date Created', 'Created At', dmyTime),
				col('Last Modified', 'Updated At', dmyTime)
			]
		},
		{
			from: 'invoices.csv',
			file: 'transactions.csv',
			columns: [
				col('Transaction Ref', 'Invoice ID', HARBOUR_IDS.invoice),
				col('Invoice No', 'Invoice Number'),
				col('Client No', 'Patient ID', HARBOUR_IDS.patient),
				col('Booking Ref', 'Appointment ID', HARBOUR_IDS.appointment),
				col('Invoice Date', 'Issue Date', dmy),
				col('Due Date', 'Due Date', dmy),
				col('Invoice Total', 'Amount Billed', dollars),
				col('Amount Received', 'Amount Paid', dollars),
				col('Amount Owing', 'Balance Due', dollars),
				col('Status', 'Status'),
				col('Date Paid', 'Payment Date', dmy),
				col('Paid By', 'Payment Method'),
				col('Currency', 'Currency'),
				col('Line Items', 'Description')
			]
		},
		{
			from: 'locations.csv',
			file: 'sites.csv',
			columns: [
				col('Site Code', 'Location ID', HARBOUR_IDS.location),
				col('Site Name', 'Name'),
				col('Street', 'Address Line 1'),
				col('Address 2', 'Address Line 2'),
				col('Town', 'City'),
				col('State', 'State'),
				col('Post Code', 'Postcode'),
				col('Country', 'Country'),
				col('Telephone', 'Phone'),
				col('E-mail', 'Email'),
				col('Opening Hours', 'Opening Hours'),
				col('Parent Site', 'Parent Location ID', HARBOUR_IDS.location),
				col('Head Office', 'Is Headquarters', yesNo('Y', 'N'))
			]
		},
		{
			from: 'insurance_providers.csv',
			file: 'health_funds.csv',
			columns: [
				col('Fund Code', 'Insurer ID', HARBOUR_IDS.insurer),
				col('Fund Name', 'Name'),
				col('Payer Code', 'Payer Code'),
				col('Contact Number', 'Phone'),
				col('E-mail', 'Email'),
				col('Website', 'Website'),
				col('Street', 'Address Line 1'),
				col('Address 2', 'Address Line 2'),
				col('Suburb', 'City'),
				col('State', 'State'),
				col('Post Code', 'Postcode'),
				col('Country', 'Country')
			]
		},
		{
			from: 'patient_insurance.csv',
			file: 'client_funds.csv',
			columns: [
				col('Client No', 'Patient ID', HARBOUR_IDS.patient),
				col('Fund Code', 'Insurer ID', HARBOUR_IDS.insurer),
				col('Plan', 'Plan Name'),
				col('Membership No', 'Member Number'),
				col('Primary', 'Is Primary', yesNo('Y', 'N')),
				col('Valid From', 'Valid From', dmy),
				col('Valid To', 'Valid To', dmy)
			]
		},
		{
			from: 'referring_physicians.csv',
			file: 'referrers.csv',
			columns: [
				col('Referrer Code', 'Physician ID', HARBOUR_IDS.physician),
				col('Given Name', 'First Name'),
				col('Surname', 'Last Name'),
				col('Practice', 'Practice Name'),
				col('Provider No', 'Provider Number'),
				col('Telephone', 'Phone'),
				col('E-mail', 'Email'),
				col('Street', 'Address Line 1'),
				col('Address 2', 'Address Line 2'),
				col('Suburb', 'City'),
				col('State', 'State'),
				col('Post Code', 'Postcode'),
				col('Country', 'Country')
			]
		},
		{
			from: 'staff.csv',
			file: 'practitioners.csv',
			columns: [
				col('Practitioner Code', 'Staff ID', HARBOUR_IDS.staff),
				col('Given Name', 'First Name'),
				col('Surname', 'Last Name'),
				col('E-mail', 'Email'),
				col('Position', 'Role'),
				col('Speciality', 'Specialty'),
				col('Registration No', 'License Number'),
				col('Site', 'Clinic Location ID', HARBOUR_IDS.location),
				col('Active', 'Active', yesNo('Y', 'N'))
			]
		},
		{
			from: 'attachments.csv',
			file: 'documents.csv',
			columns: [
				col('Document ID', 'Attachment ID', HARBOUR_IDS.attachment),
				col('Client No', 'Patient ID', HARBOUR_IDS.patient),
				col('Note Ref', 'Note ID', HARBOUR_IDS.note),
				col('Document Name', 'File Name'),
				col('Stored As', 'Path', docPath('Documents')),
				col('MIME Type', 'Content Type'),
				col('Bytes', 'Size Bytes'),
				col('Document Type', 'Category'),
				col('Uploaded', 'Uploaded At', dmyTime)
			]
		}
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
};

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

/** A North American-style report export: UTF-8 with BOM, tabs, LF, month first, 24-hour time, AUD 1,234.50. */
const PRAIRIE: LayoutSpec = {
	name: 'prairie',
	description:
		'UTF-8 with BOM, tab-delimited .tsv, LF; MM/DD/YYYY, appointment dates as YYYYMMDD with a 24-hour time column; AUD 1,234.50 amounts; other id prefixes; no referring physicians, pick-lists or automations; an extra audit trail file',
	dialect: { delimiter: '\t', eol: '\n', encoding: 'utf-8', bom: true },
	documents: 'Scans',
	files: [
		{
			from: 'patients.csv',
			file: 'Patient List.tsv',
			columns: [
				col('Chart Number', 'Patient ID', PRAIRIE_IDS.patient),
				col('Prefix', 'Title'),
				col('First', 'First Name'),
				col('Middle', 'Middle Name'),
				col('Last', 'Last Name'),
				col('Nickname', 'Preferred Name'),
				col('Birthdate', 'Date of Birth', mdy),
				col('Gender', 'Sex'),
				col('Email Address', 'Email'),
				col('Cell Phone', 'Mobile Phone'),
				col('Home Phone', 'Home Phone'),
				col('Street Address', 'Address Line 1'),
				col('Apt/Suite', 'Address Line 2'),
				col('City', 'City'),
				col('State', 'State'),
				col('ZIP', 'Postcode'),
				col('Country', 'Country'),
				col('Clinic', 'Clinic Location ID', PRAIRIE_IDS.location),
				col('Account Status', 'Billing Status'),
				col('Outstanding', 'Outstanding Balance', codeAmount),
				col('Emergency Contact', 'Emergency Contact Name'),
				col('Emergency Contact Phone', 'Emergency Contact Phone'),
				col('Emergency Contact Relationship', 'Emergency Contact Relationship'),
				col('Emergency Contact Chart Number', 'Emergency Contact Patient ID', PRAIRIE_IDS.patient),
				col('Created', 'Created At', mdyTime12),
				col('Modified', 'Updated At', mdyTime12),
				col('Archived', 'Archived', yesNo('TRUE', 'FALSE'))
			]
		},
		{
			from: 'appointments.csv',
			file: 'Appointment Report.tsv',
			columns: [
				col('Appt #', 'Appointment ID', PRAIRIE_IDS.appointment),
				col('Chart Number', 'Patient ID', PRAIRIE_IDS.patient),
				col('Provider', 'Practitioner ID', PRAIRIE_IDS.staff),
				col('Clinic', 'Clinic Location ID', PRAIRIE_IDS.location),
				col('Visit Type', 'Appointment Type'),
				col('Date', 'Starts At', ymdCompact),
				col('Time', null, (_v, r) => {
					const w = readWhen(r['Starts At']);
					return w ? clock24(w) : '';
				}),
				col('Minutes', 'Duration (min)'),
				col('Appointment Status', 'Status'),
				col('Cancel Reason', 'Cancellation Reason'),
				col('Remarks', 'Notes'),
				col('Booked On', 'Created At', mdyTime12),
				col('Arrived', 'Arrived', yesNo('TRUE', 'FALSE')),
				col('No Show', 'Did Not Arrive', yesNo('TRUE', 'FALSE')),
				col('Cancelled At', 'Cancelled At', mdyTime12)
			]
		},
		{
			from: 'clinical_notes.csv',
			file: 'Chart Notes.tsv',
			columns: [
				col('Chart Note ID', 'Note ID', PRAIRIE_IDS.note),
				col('Chart Number', 'Patient ID', PRAIRIE_IDS.patient),
				col('Appt #', 'Appointment ID', PRAIRIE_IDS.appointment),
				col('Provider', 'Practitioner ID', PRAIRIE_IDS.staff),
				col('Note Type', 'Note Type'),
				col('Heading', 'Title'),
				col('Content', 'Body'),
				col('Written', 'Created At', mdyTime12)
			]
		},
		{
			from: 'invoices.csv',
			file: 'Billing.tsv',
			columns: [
				col('Bill ID', 'Invoice ID', PRAIRIE_IDS.invoice),
				col('Invoice #', 'Invoice Number'),
				col('Chart Number', 'Patient ID', PRAIRIE_IDS.patient),
				col('Appt #', 'Appointment ID', PRAIRIE_IDS.appointment),
				col('Date Issued', 'Issue Date', mdy),
				col('Due Date', 'Due Date', mdy),
				col('Total', 'Amount Billed', codeAmount),
				col('Paid', 'Amount Paid', codeAmount),
				col('Balance Due', 'Balance Due', codeAmount),
				col('Payment Status', 'Status'),
				col('Paid On', 'Payment Date', mdy),
				col('Tender', 'Payment Method'),
				col('Currency', 'Currency'),
				col('Memo', 'Description')
			]
		},
		{
			from: 'locations.csv',
			file: 'Clinics.tsv',
			columns: [
				col('Clinic ID', 'Location ID', PRAIRIE_IDS.location),
				col('Clinic Name', 'Name'),
				col('Street Address', 'Address Line 1'),
				col('Apt/Suite', 'Address Line 2'),
				col('City', 'City'),
				col('State', 'State'),
				col('ZIP', 'Postcode'),
				col('Country', 'Country'),
				col('Phone Number', 'Phone'),
				col('Email Address', 'Email'),
				col('Hours', 'Opening Hours'),
				col('Parent Clinic', 'Parent Location ID', PRAIRIE_IDS.location),
				col('Headquarters', 'Is Headquarters', yesNo('TRUE', 'FALSE'))
			]
		},
		{
			from: 'insurance_providers.csv',
			file: 'Payers.tsv',
			columns: [
				col('Payer ID', 'Insurer ID', PRAIRIE_IDS.insurer),
				col('Payer Name', 'Name'),
				col('Payer Code', 'Payer Code'),
				col('Phone Number', 'Phone'),
				col('Email Address', 'Email'),
				col('Web Site', 'Website'),
				col('Street Address', 'Address Line 1'),
				col('Apt/Suite', 'Address Line 2'),
				col('City', 'City'),
				col('State', 'State'),
				col('ZIP', 'Postcode'),
				col('Country', 'Country')
			]
		},
		{
			from: 'patient_insurance.csv',
			file: 'Patient Coverage.tsv',
			columns: [
				col('Chart Number', 'Patient ID', PRAIRIE_IDS.patient),
				col('Payer ID', 'Insurer ID', PRAIRIE_IDS.insurer),
				col('Plan Name', 'Plan Name'),
				col('Member ID', 'Member Number'),
				col('Primary', 'Is Primary', yesNo('TRUE', 'FALSE')),
				col('Effective', 'Valid From', mdy),
				col('Expires', 'Valid To', mdy)
			]
		},
		{
			from: 'staff.csv',
			file: 'Providers.tsv',
			columns: [
				col('Provider ID', 'Staff ID', PRAIRIE_IDS.staff),
				col('First', 'First Name'),
				col('Last', 'Last Name'),
				col('Email Address', 'Email'),
				col('Title', 'Role'),
				col('Specialty', 'Specialty'),
				col('License #', 'License Number'),
				col('Clinic', 'Clinic Location ID', PRAIRIE_IDS.location),
				col('Active', 'Active', yesNo('TRUE', 'FALSE'))
			]
		},
		{
			from: 'attachments.csv',
			file: 'Documents Index.tsv',
			columns: [
				col('Scan ID', 'Attachment ID', PRAIRIE_IDS.attachment),
				col('Chart Number', 'Patient ID', PRAIRIE_IDS.patient),
				col('Chart Note ID', 'Note ID', PRAIRIE_IDS.note),
				col('Original File Name', 'File Name'),
				col('File Path', 'Path', docPath('Scans')),
				col('Mime', 'Content Type'),
				col('Size', 'Size Bytes'),
				col('Scan Type', 'Category'),
				col('Scanned', 'Uploaded At', mdyTime12)
			]
		}
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
};

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
