// Every kind of dirt the generator injects, with its rate. Rates are shares of the
// rows that could carry the damage. `clean` turns every one of them off.
import type { Rng } from './prng.js';

export interface DirtRates {
	/** Share of patient rows that are extra records of an existing person. */
	duplicatePatients: number;
	/** Of the people who get duplicated, the share with two extra records. */
	tripleShare: number;
	/** Share of people born as a twin (twin recorded as its own patient). */
	twins: number;
	/** Share of people deleted from patients.csv whose appointments/notes/invoices remain. */
	deletedPersons: number;
	emailMissing: number;
	emailInvalid: number;
	/** Phones not in the canonical national format (+61 …, dashes, no area code…). */
	phoneOddFormat: number;
	phoneExtension: number;
	phoneLostZero: number;
	/** Dates of birth written ISO instead of DD/MM/YYYY. */
	dateIso: number;
	excelSerialDate: number;
	futureBirthDate: number;
	/** Share of NT postcodes (0800…) whose leading zero Excel dropped. */
	postcodeLostZero: number;
	/** Share of long (18-digit) ids shown as 5.14811E+17. */
	sciNotationId: number;
	/** Share of accented text re-read as Windows-1252 (José → JosÃ©). */
	mojibake: number;
	addressNewline: number;
	/** =HYPERLINK(...), @handle, =cmd... cells. */
	formulaCell: number;
	picklistCaseSpace: number;
	/** Of rows whose value has a retired / unlisted synonym, the share using it. */
	picklistRetired: number;
	picklistUnknown: number;
	archivedUnflagged: number;
	deletedInExport: number;
	/** Appointments whose state lives in Arrived / Did Not Arrive / Cancelled At flags. */
	appointmentFlags: number;
	/** Appointment times written in UTC (Z) rather than local with offset. */
	utcTimes: number;
	/** Appointment times written local without any zone. */
	naiveTimes: number;
	noteHtml: number;
	noteRtf: number;
	/** Notes with a 100 KB+ body (at least one per export). */
	noteLong: number;
	attachmentMissing: number;
	attachmentEmpty: number;
	/** Attachments over 25 MB (at least one per export). */
	attachmentOversize: number;
	/** Malformed rows per file that carries them (at least one each), per 1,000 patients. */
	malformedPerThousand: number;
	invoiceNewline: number;
	moneyDisplay: number;
	staffNoEmail: number;
	orphanReference: number;
	circularLocations: boolean;
	/** Encodings, BOM, CRLF, ; | and tab delimiters across files. */
	mixedDialects: boolean;
}

export const DEFAULT_DIRT: DirtRates = {
	duplicatePatients: 0.095,
	tripleShare: 0.1,
	twins: 0.004,
	deletedPersons: 0.004,
	emailMissing: 0.03,
	emailInvalid: 0.04,
	phoneOddFormat: 0.45,
	phoneExtension: 0.06,
	phoneLostZero: 0.01,
	dateIso: 0.04,
	excelSerialDate: 0.015,
	futureBirthDate: 0.002,
	postcodeLostZero: 0.6,
	sciNotationId: 0.04,
	mojibake: 0.3,
	addressNewline: 0.025,
	formulaCell: 0.004,
	picklistCaseSpace: 0.03,
	picklistRetired: 0.05,
	picklistUnknown: 0.04,
	archivedUnflagged: 0.015,
	deletedInExport: 0.004,
	appointmentFlags: 0.15,
	utcTimes: 0.2,
	naiveTimes: 0.25,
	noteHtml: 0.25,
	noteRtf: 0.12,
	noteLong: 0.0004,
	attachmentMissing: 0.03,
	attachmentEmpty: 0.02,
	attachmentOversize: 0.0005,
	malformedPerThousand: 1,
	invoiceNewline: 0.05,
	moneyDisplay: 0.08,
	staffNoEmail: 0.12,
	orphanReference: 0.005,
	circularLocations: true,
	mixedDialects: true
};

export const NO_DIRT: DirtRates = Object.fromEntries(
	Object.entries(DEFAULT_DIRT).map(([k, v]) => [k, typeof v === 'boolean' ? false : 0])
) as unknown as DirtRates;

/** Stray case and spaces, as typed by hand into a pick-list that was free text once. */
export function strayCase(rng: Rng, value: string): string {
	switch (rng.int(0, 4)) {
		case 0:
			return value.toLowerCase();
		case 1:
			return value.toUpperCase();
		case 2:
			return ' ' + value;
		case 3:
			return value + ' ';
		default:
			return value.replace(' ', '  ') === value ? value.toLowerCase() + ' ' : value.replace(' ', '  ');
	}
}

/** A typo a receptionist makes: swapped, dropped, doubled or wrong letter. */
export function typo(rng: Rng, s: string): string {
	if (s.length < 3) return s + s[s.length - 1];
	const i = rng.int(1, s.length - 2);
	switch (rng.int(0, 3)) {
		case 0:
			return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
		case 1:
			return s.slice(0, i) + s.slice(i + 1);
		case 2:
			return s.slice(0, i) + s[i] + s.slice(i);
		default: {
			const near: Record<string, string> = {
				a: 's',
				e: 'r',
				i: 'o',
				o: 'i',
				n: 'm',
				m: 'n',
				r: 't',
				t: 'r',
				s: 'a',
				l: 'k',
				y: 'i',
				c: 'k',
				k: 'c'
			};
			const c = s[i].toLowerCase();
			const r = near[c] ?? 'e';
			return s.slice(0, i) + (s[i] === c ? r : r.toUpperCase()) + s.slice(i + 1);
		}
	}
}
