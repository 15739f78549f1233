// The reference layout of EXPORT.md: file names, headers and the dialect each file
// is written in. Dialects are spread so that one export exercises every one.
import type { Dialect } from './sink.js';

const ADDRESS = ['Address Line 1', 'Address Line 2', 'City', 'State', 'Postcode', 'Country'];

export const HEADERS = {
	'patients.csv': [
		'Patient ID',
		'Title',
		'First Name',
		'Middle Name',
		'Last Name',
		'Preferred Name',
		'Date of Birth',
		'Sex',
		'Email',
		'Mobile Phone',
		'Home Phone',
		...ADDRESS,
		'Clinic Location ID',
		'Referring Physician ID',
		'Billing Status',
		'Outstanding Balance',
		'Emergency Contact Name',
		'Emergency Contact Phone',
		'Emergency Contact Relationship',
		'Emergency Contact Patient ID',
		'Created At',
		'Updated At',
		'Archived',
		// extra: the id the patient had in the clinic's previous system (18 digits)
		'External Ref'
	],
	'appointments.csv': [
		'Appointment ID',
		'Patient ID',
		'Practitioner ID',
		'Clinic Location ID',
		'Appointment Type',
		'Starts At',
		'Ends At',
		'Duration (min)',
		'Status',
		'Cancellation Reason',
		'Notes',
		'Created At',
		'Updated At',
		// extra: the older yes/no flags some rows still carry instead of a status
		'Arrived',
		'Did Not Arrive',
		'Cancelled At'
	],
	'clinical_notes.csv': [
		'Note ID',
		'Patient ID',
		'Appointment ID',
		'Practitioner ID',
		'Note Type',
		'Title',
		'Body',
		'Created At',
		'Updated At'
	],
	'insurance_providers.csv': ['Insurer ID', 'Name', 'Payer Code', 'Phone', 'Email', 'Website', ...ADDRESS],
	'patient_insurance.csv': ['Patient ID', 'Insurer ID', 'Plan Name', 'Member Number', 'Is Primary', 'Valid From', 'Valid To'],
	'locations.csv': ['Location ID', 'Name', ...ADDRESS, 'Phone', 'Email', 'Opening Hours', 'Parent Location ID', 'Is Headquarters'],
	'referring_physicians.csv': ['Physician ID', 'First Name', 'Last Name', 'Practice Name', 'Provider Number', 'Phone', 'Email', ...ADDRESS],
	'invoices.csv': [
		'Invoice ID',
		'Invoice Number',
		'Patient ID',
		'Appointment ID',
		'Issue Date',
		'Due Date',
		'Amount Billed',
		'Amount Paid',
		'Balance Due',
		'Status',
		'Payment Date',
		'Payment Method',
		'Currency',
		// extra: the line items as the invoice screen shows them (may span lines)
		'Description'
	],
	'staff.csv': ['Staff ID', 'First Name', 'Last Name', 'Email', 'Role', 'Specialty', 'License Number', 'Clinic Location ID', 'Active'],
	'attachments.csv': [
		'Attachment ID',
		'Patient ID',
		'Note ID',
		'File Name',
		'Path',
		'Content Type',
		'Size Bytes',
		'Category',
		'Uploaded At'
	],
	'picklists.csv': ['Field', 'Value', 'Label', 'Active']
} as const;

export type TableFile = keyof typeof HEADERS;
export const TABLE_FILES = Object.keys(HEADERS) as TableFile[];

/** Every entry of the reference layout, attachments' folder included. */
export const LAYOUT = [...TABLE_FILES, 'automations.json', 'files/'] as const;

const utf8 = (delimiter: Dialect['delimiter'], eol: Dialect['eol'], bom = false): Dialect => ({
	delimiter,
	eol,
	encoding: 'utf-8',
	bom
});

export const DIRTY_DIALECTS: Record<TableFile, Dialect> = {
	'patients.csv': utf8(',', '\r\n', true),
	'appointments.csv': utf8(',', '\n'),
	'clinical_notes.csv': utf8(',', '\n'),
	'insurance_providers.csv': utf8(',', '\r\n'),
	'patient_insurance.csv': utf8(',', '\n'),
	'locations.csv': utf8('|', '\n'),
	'referring_physicians.csv': utf8('\t', '\n'),
	'invoices.csv': utf8(',', '\r\n'),
	'staff.csv': { delimiter: ';', eol: '\r\n', encoding: 'windows-1252', bom: false },
	'attachments.csv': utf8(',', '\n'),
	'picklists.csv': utf8(',', '\n')
};

export const CLEAN_DIALECT: Dialect = utf8(',', '\n');

/** Sheet name in export.xlsx for a table file. */
export const sheetName = (file: TableFile): string => file.replace(/\.csv$/, '');
