// Pick-lists as EXPORT.md lists them, plus what clinics add: a custom value, a
// retired (inactive) value still in old rows, and a value used in data but absent
// from picklists.csv. Each retired/unlisted value stands for an active one.
import type { Rng } from './prng.js';
import { strayCase, type DirtRates } from './dirt.js';
import type { TruthRecorder } from './truth.js';

export interface PickList {
	active: string[];
	/** [retired value, the active value it stands for] */
	inactive: Array<[string, string]>;
	/** [value used in data but missing from picklists.csv, the active value it stands for] */
	unlisted: Array<[string, string]>;
	labels?: Record<string, string>;
}

export const PICKLISTS = {
	'Appointment Type': {
		active: ['New Patient', 'Follow-up', 'Procedure', 'Telehealth', 'Urgent Care', 'Group Class'],
		inactive: [['Consult', 'Follow-up']],
		unlisted: [['Home Visit', 'Procedure']],
		labels: { Telehealth: 'Telehealth (video)', 'Group Class': 'Group Class (Pilates)' }
	},
	'Appointment Status': {
		active: ['Booked', 'Confirmed', 'Arrived', 'Completed', 'Cancelled', 'Did Not Arrive'],
		inactive: [['Late Cancellation', 'Cancelled']],
		unlisted: [['No Show', 'Did Not Arrive']],
		labels: { 'Did Not Arrive': 'Did Not Arrive (DNA)' }
	},
	'Billing Status': {
		active: ['Paid', 'Pending', 'Overdue', 'Insurance Pending'],
		inactive: [['Open credit', 'Paid']],
		unlisted: [['Written Off', 'Overdue']]
	},
	'Note Type': {
		active: ['Visit Summary', 'Prescription', 'Lab Result', 'Referral Letter', 'Other'],
		inactive: [['Progress Note', 'Visit Summary']],
		unlisted: [['SOAP', 'Visit Summary']]
	},
	'Attachment Category': {
		active: ['Insurance Card', 'ID Scan', 'Consent Form', 'Referral', 'Other'],
		inactive: [['Fax', 'Referral']],
		unlisted: [['X-Ray', 'Other']]
	},
	'Staff Role': {
		active: ['Doctor', 'Nurse', 'Admin', 'Allied Health', 'Reception'],
		inactive: [['Locum', 'Doctor']],
		unlisted: [['Practice Manager', 'Admin']]
	},
	'Invoice Status': {
		active: ['Draft', 'Issued', 'Paid', 'Part Paid', 'Overdue', 'Void'],
		inactive: [['Open credit', 'Paid']],
		unlisted: [['Written Off', 'Overdue']]
	},
	'Payment Method': {
		active: ['Card', 'EFTPOS', 'Cash', 'HICAPS', 'Medicare Easyclaim', 'Bank Transfer'],
		inactive: [['Cheque', 'Cash']],
		unlisted: [['Afterpay', 'Card']]
	},
	Sex: {
		active: ['Female', 'Male', 'Other', 'Not stated'],
		inactive: [],
		unlisted: [
			['F', 'Female'],
			['M', 'Male']
		]
	}
} satisfies Record<string, PickList>;

export type PickField = keyof typeof PICKLISTS;

/** Rows of picklists.csv: Field, Value, Label, Active. */
export function picklistRows(): string[][] {
	const rows: string[][] = [];
	for (const [field, list] of Object.entries(PICKLISTS) as Array<[string, PickList]>) {
		for (const v of list.active) rows.push([field, v, list.labels?.[v] ?? v, 'Yes']);
		for (const [v] of list.inactive) rows.push([field, v, v, 'No']);
	}
	return rows;
}

/** Writes a pick-list value with the dirt a hand-kept list collects. */
export function dirtyPick(rng: Rng, dirt: DirtRates, truth: TruthRecorder, file: string, field: PickField, value: string): string {
	const list: PickList = PICKLISTS[field];
	for (const [v, meaning] of list.inactive) {
		if (meaning === value && rng.chance(dirt.picklistRetired)) {
			truth.hit(file, 'picklist_retired');
			return v;
		}
	}
	for (const [v, meaning] of list.unlisted) {
		if (meaning === value && rng.chance(dirt.picklistUnknown)) {
			truth.hit(file, 'picklist_unlisted');
			return v;
		}
	}
	if (rng.chance(dirt.picklistCaseSpace)) {
		truth.hit(file, 'picklist_case_space');
		return strayCase(rng, value);
	}
	return value;
}
