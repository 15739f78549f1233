// Everything that hangs off a patient record: appointments, clinical notes,
// invoices, insurance plans and uploaded documents. Written record by record.
import fs from 'node:fs';
import path from 'node:path';
import type { Ctx } from './context.js';
import { slug } from './context.js';
import { dirtyPick } from './picklists.js';
import {
	dmy,
	dmyTime,
	EPOCH_DAY,
	excelSerial,
	isoDate,
	money,
	moneyDisplay,
	naiveIso,
	stamp,
	utcIso,
	zonedIso,
	mojibake
} from './format.js';
import { utcOffset } from './places.js';
import { Quota, weighted, type Rng } from './prng.js';
import { maybeSci, type Reference } from './reference.js';
import type { PatientRecord } from './people.js';
import {
	APPOINTMENT_NOTES,
	CANCEL_REASONS,
	DOCUMENTS,
	htmlBody,
	INVOICE_LINES,
	longBody,
	noteTitle,
	plainBody,
	rtfBody,
	type NoteType
} from './clinical.js';
import { OVERSIZE_BYTES, pdf, png, writeOversize } from './files.js';
import type { TableFile } from './layout.js';
import { hasNonAscii } from './names.js';

interface Appt {
	id: string;
	day: number;
	minute: number;
	duration: number;
	type: string;
	status: string;
	practitioner: string;
	/** Malformed row: nothing may point at it. */
	noRefs: boolean;
}

const APPT_TYPE = weighted<string>([
	['Follow-up', 60],
	['Procedure', 8],
	['Telehealth', 15],
	['Urgent Care', 6],
	['Group Class', 11]
]);

const DURATION: Record<string, number[]> = {
	'New Patient': [45, 60],
	'Follow-up': [15, 30, 30, 45],
	Procedure: [60, 90],
	Telehealth: [15, 20, 30],
	'Urgent Care': [15, 30],
	'Group Class': [60]
};

const PAST_STATUS = weighted<string>([
	['Completed', 80],
	['Cancelled', 10],
	['Did Not Arrive', 6],
	['Arrived', 1],
	['Confirmed', 1],
	['Booked', 2]
]);
const FUTURE_STATUS = weighted<string>([
	['Booked', 60],
	['Confirmed', 35],
	['Cancelled', 5]
]);

const VISIT_NOTE = weighted<NoteType>([
	['Visit Summary', 75],
	['Prescription', 12],
	['Lab Result', 5],
	['Referral Letter', 5],
	['Other', 3]
]);
const LOOSE_NOTE = weighted<NoteType>([
	['Lab Result', 40],
	['Referral Letter', 30],
	['Other', 30]
]);

const PAYMENT = weighted<string>([
	['Card', 35],
	['EFTPOS', 25],
	['HICAPS', 15],
	['Medicare Easyclaim', 10],
	['Cash', 8],
	['Bank Transfer', 7]
]);

const FEE: Record<string, [number, number]> = {
	'New Patient': [120, 250],
	'Follow-up': [80, 150],
	Procedure: [200, 600],
	Telehealth: [60, 120],
	'Urgent Care': [90, 180],
	'Group Class': [25, 40]
};

const CATEGORY = weighted<string>([
	['Insurance Card', 25],
	['ID Scan', 15],
	['Consent Form', 25],
	['Referral', 20],
	['Other', 15]
]);

const PLANS = ['Gold Hospital + Extras', 'Silver Plus Hospital', 'Bronze Hospital', 'Basic Extras', 'Top Extras 60%', 'Mid Extras'];
const CONTENT_TYPE = { pdf: 'application/pdf', png: 'image/png', txt: 'text/plain' } as const;
const CARD_COLOUR: Record<string, [number, number, number]> = {
	'Insurance Card': [0, 120, 60],
	'ID Scan': [20, 60, 160],
	Other: [120, 120, 120]
};

const UPGRADE_DAY = Date.UTC(2025, 0, 1) / 86_400_000;

export class ChildWriter {
	private appt = 0;
	private note = 0;
	private invoice = 0;
	private attachment = 0;
	private readonly rng: Rng;
	private readonly raggedAppt: Quota;
	private readonly raggedNote: Quota;
	private readonly strayQuote: Quota;
	private readonly longNote: Quota;
	private readonly oversize: Quota;
	private readonly filesDir: string;

	constructor(
		private readonly ctx: Ctx,
		private readonly ref: Reference
	) {
		this.rng = ctx.rng.fork('children');
		const q = ctx.rng.fork('quotas');
		const n = ctx.patients;
		const d = ctx.dirt;
		const atLeastOne = (x: number) => (x > 0 ? Math.max(1, Math.round(x)) : 0);
		const malformed = ctx.csv ? atLeastOne((n / 1000) * d.malformedPerThousand) : 0;
		this.raggedAppt = new Quota(q, malformed, n);
		this.raggedNote = new Quota(q, malformed, n);
		this.strayQuote = new Quota(q, malformed, n);
		this.longNote = new Quota(q, atLeastOne(n * 6 * d.noteLong), n);
		this.oversize = new Quota(q, atLeastOne(n * 0.3 * d.attachmentOversize), n);
		this.filesDir = path.join(ctx.out, 'files');
	}

	write(rec: PatientRecord, orphan = false): void {
		if (this.ctx.patientsOnly) return;
		if (!orphan) {
			this.raggedAppt.advance();
			this.raggedNote.advance();
			this.strayQuote.advance();
			this.longNote.advance();
			this.oversize.advance();
		}
		const appts = this.appointments(rec, orphan);
		const notes = this.notes(rec, appts, orphan);
		this.invoices(rec, appts, orphan);
		if (orphan) return;
		this.insurance(rec);
		this.attachments(rec, notes);
	}

	private orphanHit(file: TableFile, id: string, orphan: boolean): void {
		if (orphan) this.ctx.truth.orphan(file, id);
	}

	private appointments(rec: PatientRecord, orphan: boolean): Appt[] {
		const { ctx, rng } = this;
		const d = ctx.dirt;
		const truth = ctx.truth;
		const p = rec.person;
		const file = 'appointments.csv';
		const sink = ctx.sinks[file];
		const n = Math.round(rng.int(0, 20) * rec.weight);
		const first = Math.max(p.createdDay, EPOCH_DAY - 1100);
		const last = p.archived === 'no' ? EPOCH_DAY + 60 : Math.max(first, Math.min(EPOCH_DAY - 30, first + rng.int(60, 900)));
		const days: number[] = [];
		for (let i = 0; i < n; i++) days.push(rng.int(first, Math.max(first, last)));
		days.sort((a, b) => a - b);
		const location = p.location;
		const out: Appt[] = [];
		const ragged = ctx.csv && n > 0 && this.raggedAppt.take();
		for (let i = 0; i < n; i++) {
			const day = days[i];
			const type = i === 0 && rec.kind !== 'duplicate' ? 'New Patient' : APPT_TYPE(rng);
			const duration = rng.pick(DURATION[type]);
			const minute = 7 * 60 + 15 * rng.int(0, 50);
			const noRefs = ragged && i === n - 1;
			// The malformed row is a cancellation, so its last field is filled and the
			// extra field cannot pass for a trailing delimiter.
			const status = noRefs ? 'Cancelled' : day < EPOCH_DAY ? PAST_STATUS(rng) : FUTURE_STATUS(rng);
			const practitioner = rng.chance(0.8) ? p.practitioner : rng.pick(location.practitioners);
			const id = '514811' + String(++this.appt).padStart(12, '0');
			const a: Appt = { id, day, minute, duration, type, status, practitioner, noRefs };
			out.push(a);
			this.orphanHit(file, id, orphan);

			// Starts At / Ends At: local with offset, local without zone, or UTC.
			const offset = utcOffset(location.state, day);
			const roll = rng.next();
			let starts: string;
			let ends: string;
			const endMinute = minute + duration;
			if (roll < d.utcTimes) {
				const [s, shifted] = utcIso(day, minute, offset);
				starts = s;
				ends = utcIso(day, endMinute, offset)[0];
				truth.hit(file, 'time_utc');
				if (shifted) truth.hit(file, 'utc_day_shift');
			} else if (roll < d.utcTimes + d.naiveTimes) {
				starts = naiveIso(day, minute);
				ends = naiveIso(day, endMinute);
				truth.hit(file, 'time_no_zone');
			} else {
				starts = zonedIso(day, minute, offset);
				ends = zonedIso(day, endMinute, offset);
			}

			const cancelled = status === 'Cancelled';
			const cancelledAt = cancelled ? dmyTime(Math.min(day - rng.int(0, 5), EPOCH_DAY - 1), rng.int(7 * 60, 21 * 60)) : '';
			let statusText = dirtyPick(rng, d, truth, file, 'Appointment Status', status);
			let arrived = '';
			let dna = '';
			if (!noRefs && rng.chance(d.appointmentFlags)) {
				// The older screens kept the state in flags, not a status.
				truth.hit(file, 'status_in_flags');
				statusText = '';
				arrived = status === 'Completed' || status === 'Arrived' ? 'Yes' : 'No';
				dna = status === 'Did Not Arrive' ? 'Yes' : 'No';
			} else if (day < UPGRADE_DAY && !ctx.clean) {
				arrived = status === 'Completed' || status === 'Arrived' ? 'Yes' : 'No';
				dna = status === 'Did Not Arrive' ? 'Yes' : 'No';
			}
			let notes = '';
			if (rng.chance(0.1)) {
				notes = rng.pick(APPOINTMENT_NOTES);
				if (ctx.clean) notes = notes.replace(/\n/g, ' ');
				else if (notes.includes('\n')) truth.hit(file, 'embedded_newline');
			}
			if (rng.chance(d.formulaCell / 4)) {
				truth.hit(file, 'formula_cell');
				notes = rng.pick([
					"=cmd|' /C calc'!A0",
					"@SUM(1+1)*cmd|' /C calc'!A0",
					"-2+3+cmd|' /C calc'!A0",
					'=HYPERLINK("http://example.com/x","Click")'
				]);
			}
			const created = Math.max(p.createdDay, day - rng.int(1, 60));
			const values = [
				id,
				rec.id,
				a.practitioner,
				location.id,
				dirtyPick(rng, d, truth, file, 'Appointment Type', type),
				starts,
				ends,
				String(duration),
				statusText,
				cancelled ? rng.pick(CANCEL_REASONS) : '',
				notes,
				stamp(Math.min(created, EPOCH_DAY - 1), rng.int(0, 86399)),
				stamp(Math.min(day + rng.int(0, 2), EPOCH_DAY - 1), rng.int(0, 86399)),
				arrived,
				dna,
				cancelledAt
			];
			if (a.noRefs) {
				// An unquoted comma in Notes: one field too many.
				const fields = values.map((v, k) => (k === 10 ? 'Pt running late, will call' : sink.field(v)));
				const line = sink.raw(fields.join(sink.delimiter));
				truth.malformed({ file, line, record: sink.rows, kind: 'ragged_extra', id });
			} else sink.row(values);
		}
		return out;
	}

	private notes(rec: PatientRecord, appts: Appt[], orphan: boolean): string[] {
		const { ctx, rng } = this;
		const d = ctx.dirt;
		const truth = ctx.truth;
		const file = 'clinical_notes.csv';
		const sink = ctx.sinks[file];
		const ids: string[] = [];
		const jobs: Array<{ appt?: Appt; type: NoteType; day: number; minute: number }> = [];
		for (const a of appts) {
			if (a.status === 'Completed' && !a.noRefs && rng.chance(0.72)) {
				jobs.push({ appt: a, type: VISIT_NOTE(rng), day: a.day, minute: Math.min(a.minute + a.duration + rng.int(0, 30), 23 * 60) });
			}
		}
		if (rng.chance(0.5 * rec.weight + 0.1)) {
			const day = rng.int(Math.max(rec.person.createdDay, EPOCH_DAY - 1100), EPOCH_DAY - 1);
			jobs.push({ type: LOOSE_NOTE(rng), day, minute: rng.int(8 * 60, 18 * 60) });
		}
		const raggedAt = ctx.csv && jobs.length && this.raggedNote.take() ? jobs.length - 1 : -1;
		for (const [k, job] of jobs.entries()) {
			const id = `CN${String(++this.note).padStart(8, '0')}`;
			this.orphanHit(file, id, orphan);
			let body: string;
			if (k === 0 && !orphan && this.longNote.take()) {
				body = longBody(rng);
				truth.longNotes.push(id);
				truth.hit(file, 'long_body');
			} else {
				const roll = rng.next();
				if (roll < d.noteHtml && job.type !== 'Prescription') {
					body = htmlBody(rng);
					truth.hit(file, 'html_body');
				} else if (roll < d.noteHtml + d.noteRtf && job.type !== 'Prescription') {
					body = rtfBody(rng);
					truth.hit(file, 'rtf_body');
				} else {
					body = plainBody(rng, job.type);
					if (hasNonAscii(body) && rng.chance(d.mojibake)) {
						truth.hit(file, 'mojibake');
						body = mojibake(body);
					}
				}
			}
			const practitioner = job.appt?.practitioner ?? rec.person.practitioner;
			const values = [
				id,
				rec.id,
				job.appt?.id ?? '',
				practitioner,
				dirtyPick(rng, d, truth, file, 'Note Type', job.type),
				noteTitle(rng, job.type, job.appt?.type ?? 'Other'),
				body,
				dmyTime(job.day, job.minute),
				rng.chance(0.8)
					? dmyTime(job.day, job.minute)
					: dmyTime(Math.min(job.day + rng.int(0, 30), EPOCH_DAY - 1), rng.int(8 * 60, 18 * 60))
			];
			if (k === raggedAt) {
				// The export cut the row short: the two timestamps are missing.
				const line = sink.raw(
					values
						.slice(0, -2)
						.map((v) => sink.field(v))
						.join(sink.delimiter)
				);
				truth.malformed({ file, line, record: sink.rows, kind: 'ragged_short', id });
			} else {
				sink.row(values);
				ids.push(id);
			}
		}
		return ids;
	}

	private invoices(rec: PatientRecord, appts: Appt[], orphan: boolean): void {
		const { ctx, rng } = this;
		const d = ctx.dirt;
		const truth = ctx.truth;
		const file = 'invoices.csv';
		const sink = ctx.sinks[file];
		const jobs: Array<{ appt?: Appt; day: number; type: string }> = [];
		for (const a of appts) if (a.status === 'Completed' && !a.noRefs && rng.chance(0.5)) jobs.push({ appt: a, day: a.day, type: a.type });
		if (rng.chance(0.2)) jobs.push({ day: rng.int(Math.max(rec.person.createdDay, EPOCH_DAY - 1100), EPOCH_DAY - 1), type: 'Follow-up' });
		const strayAt = ctx.csv && jobs.length && this.strayQuote.take() ? jobs.length - 1 : -1;
		const date = (day: number) => {
			if (rng.chance(d.excelSerialDate)) {
				truth.hit(file, 'date_excel_serial');
				return excelSerial(day);
			}
			return dmy(day);
		};
		const amount = (cents: number) => {
			if (rng.chance(d.moneyDisplay)) {
				truth.hit(file, 'money_display');
				return moneyDisplay(cents);
			}
			return money(cents);
		};
		for (const [k, job] of jobs.entries()) {
			const seq = ++this.invoice;
			const id = String(1_000_000 + seq);
			this.orphanHit(file, id, orphan);
			const [lo, hi] = FEE[job.type];
			const billed = rng.int(lo, hi) * 100 + rng.pick([0, 0, 50, 95]);
			const old = job.day < EPOCH_DAY - 30;
			let status = old
				? rng.pick(['Paid', 'Paid', 'Paid', 'Paid', 'Paid', 'Paid', 'Paid', 'Paid', 'Paid', 'Part Paid', 'Overdue', 'Void'])
				: rng.pick(['Issued', 'Paid', 'Paid', 'Draft']);
			const statusText = dirtyPick(rng, d, truth, file, 'Invoice Status', status);
			if (statusText === 'Open credit') status = 'Open credit';
			let paid = 0;
			if (status === 'Paid') paid = billed;
			else if (status === 'Part Paid') paid = Math.floor(billed / 2);
			else if (status === 'Open credit') paid = billed + rng.int(5, 50) * 100;
			const paidDay = Math.min(job.day + rng.int(0, 20), EPOCH_DAY - 1);
			let description = rng.pick(INVOICE_LINES[job.type]);
			if (rng.chance(d.invoiceNewline)) {
				truth.hit(file, 'embedded_newline');
				description += rng.pick(['\nMedicare rebate claimed: $41.40', '\nGap payment', '\nIncludes consumables\nTaping x2']);
			}
			let currency = 'AUD';
			if (rng.chance(d.picklistCaseSpace)) {
				truth.hit(file, 'currency_variant');
				currency = rng.pick(['aud', 'AUD ', 'A$', '']);
			}
			const apptId = job.appt ? maybeSci(ctx, rng, file, job.appt.id) : '';
			const values = [
				id,
				`INV-${String(seq).padStart(6, '0')}`,
				rec.id,
				apptId,
				date(job.day),
				date(job.day + 14),
				amount(billed),
				amount(paid),
				amount(billed - paid),
				statusText,
				paid > 0 ? date(paidDay) : '',
				paid > 0 ? dirtyPick(rng, d, truth, file, 'Payment Method', PAYMENT(rng)) : '',
				currency,
				description
			];
			if (k === strayAt) {
				// A quote typed into a free-text cell and never escaped.
				const fields = values.map((v, i) => (i === values.length - 1 ? `"${description.split('\n')[0]}" incl. gap` : sink.field(v)));
				const line = sink.raw(fields.join(sink.delimiter));
				truth.malformed({ file, line, record: sink.rows, kind: 'stray_quote', id });
			} else sink.row(values);
		}
	}

	private insurance(rec: PatientRecord): void {
		const { ctx, rng, ref } = this;
		const d = ctx.dirt;
		const truth = ctx.truth;
		const file = 'patient_insurance.csv';
		const sink = ctx.sinks[file];
		const p = rec.person;
		const date = (day: number) => {
			if (rng.chance(d.excelSerialDate)) {
				truth.hit(file, 'date_excel_serial');
				return excelSerial(day);
			}
			return isoDate(day);
		};
		const flag = (yes: boolean) => {
			if (rng.chance(d.picklistCaseSpace)) {
				truth.hit(file, 'flag_variant');
				return yes ? rng.pick(['Y', 'TRUE', 'yes', '1']) : rng.pick(['N', 'FALSE', 'no', '0']);
			}
			return yes ? 'Yes' : 'No';
		};
		const hasPrivate = p.privateFund >= 0;
		const since = Math.max(p.createdDay - rng.int(0, 2000), p.dob);
		if (p.medicare) {
			let member = p.medicare;
			if (rng.chance(0.5))
				member = `${member.slice(0, 4)} ${member.slice(4, 9)} ${member.slice(9, 10)}${rng.chance(0.5) ? ' ' + member.slice(10) : member.slice(10)}`;
			const [y, m] = [2026 + rng.int(0, 4), rng.int(1, 12)];
			const expires = Date.UTC(y, m, 0) / 86_400_000;
			sink.row([rec.id, ref.insurers[0].id, 'Medicare', member, flag(!hasPrivate), date(since), rng.chance(0.8) ? date(expires) : '']);
		}
		if (hasPrivate) {
			const insurer = ref.insurers[p.privateFund];
			sink.row([rec.id, insurer.id, rng.pick(PLANS), p.privateMember, flag(true), date(since + rng.int(0, 700)), '']);
		}
		if (rng.chance(0.02)) {
			const dva = ref.insurers.find((x) => x.kind === 'dva')!;
			sink.row([
				rec.id,
				dva.id,
				rng.pick(['Gold Card', 'White Card']),
				`N${rng.pick(['X', 'V', 'Q', 'W', 'S', 'T'])}${rng.digits(6)}`,
				flag(false),
				date(since),
				''
			]);
		}
		if (rng.chance(0.025)) {
			const workers = ref.insurers.filter((x) => x.kind === 'workers');
			const start = rng.int(Math.max(p.createdDay, EPOCH_DAY - 1100), EPOCH_DAY - 30);
			sink.row([
				rec.id,
				rng.pick(workers).id,
				'Workers Compensation Claim',
				`CLM-${rng.digits(8, true)}`,
				flag(false),
				date(start),
				date(start + rng.int(60, 400))
			]);
		}
	}

	private attachments(rec: PatientRecord, notes: string[]): void {
		const { ctx, rng } = this;
		const d = ctx.dirt;
		const truth = ctx.truth;
		const file = 'attachments.csv';
		const sink = ctx.sinks[file];
		const roll = rng.next();
		const n = roll < 0.01 ? 3 : roll < 0.05 ? 2 : roll < 0.25 ? 1 : 0;
		if (!n) return;
		const dir = path.join(this.filesDir, rec.id);
		let made = false;
		for (let i = 0; i < n; i++) {
			const id = `ATT${String(++this.attachment).padStart(7, '0')}`;
			const category = CATEGORY(rng);
			const [name, ext] = rng.pick(DOCUMENTS[category]);
			const day = rng.int(Math.max(rec.person.createdDay, EPOCH_DAY - 2000), EPOCH_DAY - 1);
			const fileName = rng.chance(0.5) ? `${name} ${isoDate(day)}.${ext}` : `${name}.${ext}`;
			const rel = `files/${rec.id}/${id}_${slug(name)}.${ext}`;
			const content = () =>
				ext === 'pdf'
					? pdf(name, [`Patient ID: ${rec.id}`, `Document ${id}`, `Received ${dmy(day)}`])
					: ext === 'png'
						? png(64, 40, CARD_COLOUR[category] ?? [160, 40, 40])
						: Buffer.from(`${name}\r\nPatient ID: ${rec.id}\r\nTaken ${dmy(day)} by reception.\r\n`, 'utf8');
			let size: number;
			const ensureDir = () => {
				if (!made) fs.mkdirSync(dir);
				made = true;
			};
			if (this.oversize.take()) {
				ensureDir();
				writeOversize(path.join(ctx.out, rel), pdf(name, [`Scanned at 600 dpi`, `Document ${id}`]));
				size = OVERSIZE_BYTES;
				truth.attachments.oversize.push(id);
				truth.hit(file, 'file_oversize');
				truth.attachmentFiles++;
			} else if (rng.chance(d.attachmentMissing)) {
				size = rng.int(20_000, 900_000);
				truth.attachments.missing.push(id);
				truth.hit(file, 'file_missing');
			} else if (rng.chance(d.attachmentEmpty)) {
				ensureDir();
				fs.writeFileSync(path.join(ctx.out, rel), '');
				size = 0;
				truth.attachments.empty.push(id);
				truth.hit(file, 'file_empty');
				truth.attachmentFiles++;
			} else {
				ensureDir();
				const bytes = content();
				fs.writeFileSync(path.join(ctx.out, rel), bytes);
				size = bytes.length;
				truth.attachmentFiles++;
			}
			sink.row([
				id,
				rec.id,
				notes.length && rng.chance(0.4) ? rng.pick(notes) : '',
				fileName,
				rel,
				CONTENT_TYPE[ext],
				String(size),
				dirtyPick(rng, d, truth, file, 'Attachment Category', category),
				stamp(day, rng.int(8 * 3600, 18 * 3600))
			]);
		}
	}
}
