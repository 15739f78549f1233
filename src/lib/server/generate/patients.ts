// patients.csv: streams patient records in id order. New people, and — scheduled a
// little later in the file — their duplicate records, twins and household members.
// Each record's appointments, notes, invoices, plans and documents are written as
// soon as the record is, so nothing but a short queue of pending records is held.
import type { Ctx } from './context.js';
import { maybeMojibake, writeAddress, writePhone } from './context.js';
import { dirtyPick } from './picklists.js';
import { dmy, dmyTime, EPOCH_DAY, excelSerial, isoDate, money, moneyDisplay, ymd, dayOf } from './format.js';
import { duplicate, PersonFactory, type PatientRecord, type Person } from './people.js';
import { maybeSci, type Reference } from './reference.js';
import { Quota, type Rng } from './prng.js';
import type { ChildWriter } from './children.js';

const FILE = 'patients.csv';

interface RareDirt {
	emailFormula: Quota;
	handleFormula: Quota;
	futureDob: Quota;
	orphanEmergency: Quota;
}

interface Pending {
	due: number;
	order: number;
	make: (id: string) => PatientRecord;
	group?: string[];
	twinOf?: string;
}

export async function writePatients(
	ctx: Ctx,
	ref: Reference,
	children: ChildWriter,
	onProgress?: (done: number, total: number) => void
): Promise<void> {
	const rng = ctx.rng.fork('patients');
	const dirtRng = ctx.rng.fork('patients-dirt');
	const factory = new PersonFactory(ref);
	const d = ctx.dirt;
	const total = ctx.patients;
	const sink = ctx.sinks[FILE];
	const truth = ctx.truth;
	const pending: Pending[] = [];
	let order = 0;
	let seq = 0;
	let rows = 0;
	const deletedIds: string[] = [];
	const window = Math.max(10, Math.min(3000, Math.floor(total / 8)));
	const nextId = () => String(100000 + ++seq);
	// Rare kinds come by quota, so that even a small export carries at least one.
	const q = ctx.rng.fork('patient-quotas');
	const quota = (rate: number) => new Quota(q, rate > 0 ? Math.max(1, Math.round(total * rate)) : 0, total);
	const rare: RareDirt = {
		emailFormula: quota(d.formulaCell),
		handleFormula: quota(d.formulaCell),
		futureDob: quota(d.futureBirthDate),
		orphanEmergency: quota(d.orphanReference)
	};
	const twins = quota(d.twins);
	const deleted = quota(d.deletedPersons);

	const schedule = (p: Omit<Pending, 'order' | 'due'>, gap: number) => {
		const due = Math.min(rows + gap, total - 1);
		if (due < rows) return;
		const item = { ...p, due, order: order++ };
		let i = pending.length;
		while (i > 0 && pending[i - 1].due > due) i--;
		pending.splice(i, 0, item);
	};

	// Chance that a new person later gets duplicate records, so that about
	// `duplicatePatients` of all rows are extra records.
	const extraPerPerson = 1 + d.tripleShare;
	const dupChance = d.duplicatePatients / (extraPerPerson * (1 - d.duplicatePatients));

	const emit = (rec: PatientRecord) => {
		rows++;
		for (const x of [rare.emailFormula, rare.handleFormula, rare.futureDob, rare.orphanEmergency, twins, deleted]) x.advance();
		sink.row(patientRow(ctx, dirtRng, rec, deletedIds, rare));
		children.write(rec);
	};

	while (rows < total) {
		if (pending.length && pending[0].due <= rows) {
			const item = pending.shift()!;
			const id = nextId();
			const rec = item.make(id);
			if (item.group) {
				item.group.push(id);
				if (item.group.length === 2) truth.duplicateGroups.push(item.group);
				truth.duplicateRecords++;
			} else truth.persons++;
			if (item.twinOf) truth.twinPairs.push([item.twinOf, id]);
			emit(rec);
		} else {
			const person = factory.make(rng, rows / total);
			const id = nextId();
			if (deleted.take()) {
				// Deleted from patients.csv; the children stay behind as orphans.
				truth.missingPatientIds.push(id);
				deletedIds.push(id);
				children.write({ id, person, kind: 'person', weight: 0.6 }, true);
				continue;
			}
			const roll = rng.next();
			if (roll < 0.06) person.archived = 'flagged';
			else if (roll < 0.06 + d.archivedUnflagged) person.archived = 'unflagged';
			else if (roll < 0.06 + d.archivedUnflagged + d.deletedInExport) person.archived = 'deleted';
			truth.persons++;
			emit({ id, person, kind: 'person', weight: 1 });

			if (rng.chance(dupChance)) {
				const group = [id];
				const copies = rng.chance(d.tripleShare) ? 2 : 1;
				for (let c = 0; c < copies; c++) {
					const dupRng = rng.fork(`dup-${id}-${c}`);
					schedule(
						{
							group,
							make: (newId) => {
								const { person: dp, variants } = duplicate(dupRng, person);
								for (const v of variants) truth.variant(v);
								truth.hit(FILE, 'duplicate_record');
								return { id: newId, person: dp, kind: 'duplicate', weight: 0.5 };
							}
						},
						rng.int(1, window)
					);
				}
			}
			if (twins.take()) {
				const twin = factory.twin(rng, person);
				schedule({ twinOf: id, make: (newId) => ({ id: newId, person: twin, kind: 'twin', weight: 1 }) }, rng.int(0, 2));
			}
			if (rng.chance(0.05)) {
				const base = factory.make(rng, rows / total);
				const member = factory.household(rng, person, id, base);
				schedule({ make: (newId) => ({ id: newId, person: member, kind: 'household', weight: 1 }) }, rng.int(1, window));
			}
		}
		if (onProgress && rows % 2000 === 0) {
			onProgress(rows, total);
			await new Promise((r) => setImmediate(r));
		}
	}
	// Scheduled records that did not fit are simply never made; drop groups that stayed single.
	for (let i = truth.duplicateGroups.length - 1; i >= 0; i--) if (truth.duplicateGroups[i].length < 2) truth.duplicateGroups.splice(i, 1);
	onProgress?.(rows, total);
}

const EMAIL_INVALID: Array<(e: string) => string> = [
	(e) => e.replace(/\.[a-z.]+$/, ''),
	(e) => e.replace('@', '@@'),
	(e) => e.replace('@', ' '),
	(e) => e.replace('.', ','),
	(e) => e + '.',
	(e) => e.replace('@', ' @ '),
	() => 'n/a',
	() => 'none',
	() => 'noemail@',
	(e) => e.split('@')[0]
];

function writeEmail(ctx: Ctx, rng: Rng, p: Person, rare: RareDirt): string {
	const d = ctx.dirt;
	if (!p.email) return '';
	if (rng.chance(d.emailMissing)) {
		ctx.truth.hit(FILE, 'email_missing');
		return '';
	}
	if (rng.chance(d.emailInvalid)) {
		ctx.truth.hit(FILE, 'email_invalid');
		return rng.pick(EMAIL_INVALID)(p.email);
	}
	if (rare.emailFormula.take()) {
		ctx.truth.hit(FILE, 'formula_cell');
		return `=HYPERLINK("mailto:${p.email}","${p.email}")`;
	}
	if (rng.chance(d.picklistCaseSpace)) {
		ctx.truth.hit(FILE, 'email_case_space');
		return rng.chance(0.5) ? p.email.toUpperCase() : ` ${p.email} `;
	}
	return p.email;
}

function writeDob(ctx: Ctx, rng: Rng, dob: number, rare: RareDirt): string {
	const d = ctx.dirt;
	if (rare.futureDob.take()) {
		ctx.truth.hit(FILE, 'dob_future');
		const [y, m, day] = ymd(dob);
		// A two-digit year read in the wrong century, or a plain slip of a key.
		let future = dayOf(y + 100, m, day);
		if (future <= EPOCH_DAY) future = EPOCH_DAY + rng.int(30, 3000);
		if (future > dayOf(2099, 12, 31)) future = EPOCH_DAY + rng.int(30, 3000);
		return dmy(future);
	}
	if (rng.chance(d.excelSerialDate)) {
		ctx.truth.hit(FILE, 'date_excel_serial');
		return excelSerial(dob);
	}
	if (rng.chance(d.dateIso)) {
		ctx.truth.hit(FILE, 'date_iso');
		return isoDate(dob);
	}
	return dmy(dob);
}

const SEX_VALUE = { F: 'Female', M: 'Male', X: 'Other' } as const;

function patientRow(ctx: Ctx, rng: Rng, rec: PatientRecord, deletedIds: string[], rare: RareDirt): string[] {
	const p = rec.person;
	const d = ctx.dirt;
	const truth = ctx.truth;
	let preferred = p.preferred;
	if (rare.handleFormula.take()) {
		truth.hit(FILE, 'formula_cell');
		preferred = '@' + p.first.toLowerCase().replace(/[^a-z]/g, '');
	}
	let last = maybeMojibake(ctx, rng, FILE, p.last);
	let archived = 'No';
	switch (p.archived) {
		case 'flagged':
			truth.archived.flagged.push(rec.id);
			archived = rng.chance(d.picklistCaseSpace * 3) ? rng.pick(['Y', 'TRUE', 'yes', 'Archived']) : 'Yes';
			if (archived !== 'Yes') truth.hit(FILE, 'flag_variant');
			break;
		case 'unflagged':
			truth.archived.unflagged.push(rec.id);
			truth.hit(FILE, 'archived_unflagged');
			// Clinics that never used the flag parked old records under "ZZ".
			if (rng.chance(0.4)) last = `ZZ ${last}`;
			archived = rng.chance(0.5) ? 'No' : '';
			break;
		case 'deleted':
			truth.archived.deleted.push(rec.id);
			truth.hit(FILE, 'deleted_in_export');
			archived = 'Deleted';
			break;
	}
	let physician = p.physician;
	if (physician && rng.chance(d.orphanReference * 2)) {
		truth.hit(FILE, 'orphan_referring_physician');
		physician = `RP9${String(rng.int(0, 9999)).padStart(4, '0')}`;
	}
	let emergencyId = p.emergency.patientId;
	if (!emergencyId && p.emergency.name && deletedIds.length && rare.orphanEmergency.take()) {
		truth.hit(FILE, 'orphan_emergency_contact');
		emergencyId = rng.pick(deletedIds);
	}
	let balance = money(p.balanceCents);
	if (rng.chance(d.moneyDisplay)) {
		truth.hit(FILE, 'money_display');
		balance = moneyDisplay(p.balanceCents);
	}
	const updated = Math.min(EPOCH_DAY - 1, p.createdDay + rng.int(0, Math.max(0, EPOCH_DAY - 1 - p.createdDay)));
	return [
		rec.id,
		p.title,
		maybeMojibake(ctx, rng, FILE, p.first),
		p.middle,
		last,
		preferred,
		writeDob(ctx, rng, p.dob, rare),
		dirtyPick(rng, d, truth, FILE, 'Sex', SEX_VALUE[p.sex]),
		writeEmail(ctx, rng, p, rare),
		p.mobile ? writePhone(ctx, rng, FILE, p.mobile) : '',
		p.home ? writePhone(ctx, rng, FILE, p.home, true) : '',
		...writeAddress(ctx, rng, FILE, p.address),
		p.location.id,
		physician,
		dirtyPick(rng, d, truth, FILE, 'Billing Status', p.billing),
		balance,
		p.emergency.name,
		p.emergency.mobile ? writePhone(ctx, rng, FILE, p.emergency.mobile) : '',
		p.emergency.relationship,
		emergencyId,
		dmyTime(p.createdDay, p.createdMinute),
		dmyTime(updated, rng.int(7 * 60, 20 * 60)),
		archived,
		maybeSci(ctx, rng, FILE, p.externalRef)
	];
}
