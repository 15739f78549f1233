// People: a random person, and the ways one person becomes several patient records
// (duplicates) or two people look like one (twins, households).
import { makeAddress, slug, type Address } from './context.js';
import { dayOf, EPOCH_DAY, ymd } from './format.js';
import { FEMALE_FIRST, MALE_FIRST, NICKNAMES, SURNAMES, TITLES_F, TITLES_M } from './names.js';
import { mobile, landline, suburbNear } from './places.js';
import { weighted, type Rng } from './prng.js';
import type { Location, Reference } from './reference.js';
import { typo } from './dirt.js';

export interface Person {
	sex: 'F' | 'M' | 'X';
	title: string;
	first: string;
	middle: string;
	last: string;
	preferred: string;
	dob: number;
	email: string;
	mobile: string;
	home: string;
	address: Address;
	location: Location;
	practitioner: string;
	physician: string;
	billing: string;
	balanceCents: number;
	emergency: { name: string; mobile: string; relationship: string; patientId: string };
	createdDay: number;
	createdMinute: number;
	externalRef: string;
	/** no | flagged | unflagged | deleted (still exported, marked deleted) */
	archived: 'no' | 'flagged' | 'unflagged' | 'deleted';
	/** Medicare card number (10 digits) and IRN; '' when none. */
	medicare: string;
	privateFund: number;
	privateMember: string;
}

/** One row of patients.csv: a person, or a duplicate, twin or household member of one. */
export interface PatientRecord {
	id: string;
	person: Person;
	kind: 'person' | 'duplicate' | 'twin' | 'household';
	/** Share of a person's usual activity this record carries. */
	weight: number;
}

const START_DAY = dayOf(2012, 1, 1);

const AGE = weighted<[number, number]>([
	[[0, 17], 20],
	[[18, 39], 30],
	[[40, 64], 32],
	[[65, 95], 18]
]);

const EMAIL_DOMAIN = weighted<string>([
	['gmail.com', 30],
	['hotmail.com', 10],
	['bigpond.com', 10],
	['outlook.com', 8],
	['icloud.com', 8],
	['yahoo.com.au', 7],
	['optusnet.com.au', 5],
	['live.com.au', 3],
	['tpg.com.au', 3],
	['iinet.net.au', 3]
]);

const BILLING = weighted<string>([
	['Paid', 70],
	['Pending', 12],
	['Overdue', 8],
	['Insurance Pending', 10]
]);

const RELATIONSHIP_F = ['Spouse', 'Partner', 'Mother', 'Daughter', 'Friend', 'Sister', 'Carer', 'Wife'];
const RELATIONSHIP_M = ['Spouse', 'Partner', 'Father', 'Son', 'Friend', 'Brother', 'Carer', 'Husband'];

export function personalEmail(rng: Rng, first: string, last: string, year: number): string {
	const f = slug(first).replace(/[^a-z]/g, '');
	const l = slug(last).replace(/[^a-z]/g, '');
	const local = [
		`${f}.${l}`,
		`${f}${l}`,
		`${f[0]}.${l}`,
		`${f}_${l}${rng.int(1, 99)}`,
		`${f}.${l}${String(year).slice(2)}`,
		`${l}${f[0]}${rng.int(1, 999)}`
	][rng.int(0, 5)];
	return `${local}@${EMAIL_DOMAIN(rng)}`;
}

export class PersonFactory {
	constructor(private readonly ref: Reference) {}

	/** A new person registering at `progress` (0..1) of the clinic's history. */
	make(rng: Rng, progress: number): Person {
		const sexRoll = rng.next();
		const sex: Person['sex'] = sexRoll < 0.52 ? 'F' : sexRoll < 0.99 ? 'M' : 'X';
		const first = rng.pick(sex === 'F' ? FEMALE_FIRST : sex === 'M' ? MALE_FIRST : rng.chance(0.5) ? FEMALE_FIRST : MALE_FIRST);
		const last = rng.pick(SURNAMES);
		const [lo, hi] = AGE(rng);
		const dob = EPOCH_DAY - rng.int(lo * 365 + 1, hi * 365 + 364);
		const location = this.ref.pickLocation(rng);
		const created = Math.min(
			EPOCH_DAY - 1,
			Math.max(START_DAY, dob, START_DAY + Math.floor((EPOCH_DAY - START_DAY) * progress) - rng.int(0, 20))
		);
		const billing = BILLING(rng);
		const age = (EPOCH_DAY - dob) / 365.25;
		const p: Person = {
			sex,
			title: this.title(rng, sex, age),
			first,
			middle: rng.chance(0.4) ? rng.pick(sex === 'F' ? FEMALE_FIRST : MALE_FIRST) : '',
			last,
			preferred: '',
			dob,
			email: age < 14 && rng.chance(0.6) ? '' : personalEmail(rng, first, last, ymd(dob)[0]),
			mobile: age < 12 ? '' : mobile(rng),
			home: rng.chance(0.45) ? landline(rng, location.state) : '',
			address: makeAddress(rng, suburbNear(rng, location.state)),
			location,
			practitioner: rng.pick(location.practitioners),
			physician: rng.chance(0.4) ? rng.pick(this.ref.physicians) : '',
			billing,
			balanceCents: billing === 'Paid' ? 0 : rng.int(20, 800) * 100 + rng.pick([0, 50, 0, 95]),
			emergency: { name: '', mobile: '', relationship: '', patientId: '' },
			createdDay: created,
			createdMinute: rng.int(8 * 60, 18 * 60),
			externalRef: created < dayOf(2019, 7, 1) ? '51' + rng.digits(16) : '',
			archived: 'no',
			medicare: rng.chance(0.9) ? `${rng.int(2, 6)}${rng.digits(9)}${rng.int(1, 5)}` : '',
			privateFund: rng.chance(0.4) ? rng.int(2, 14) : -1,
			privateMember: rng.digits(rng.int(8, 9), true)
		};
		if (rng.chance(0.1) && NICKNAMES[first]) p.preferred = rng.pick(NICKNAMES[first]);
		if (rng.chance(0.7)) {
			const female = rng.chance(0.5);
			p.emergency = {
				name: `${rng.pick(female ? FEMALE_FIRST : MALE_FIRST)} ${rng.chance(0.6) ? last : rng.pick(SURNAMES)}`,
				mobile: mobile(rng),
				relationship: rng.pick(female ? RELATIONSHIP_F : RELATIONSHIP_M),
				patientId: ''
			};
		}
		return p;
	}

	title(rng: Rng, sex: Person['sex'], age: number): string {
		if (rng.chance(0.2)) return '';
		if (age < 16) return sex === 'M' ? 'Master' : sex === 'F' ? 'Miss' : '';
		if (sex === 'X') return 'Mx';
		return rng.pick(sex === 'F' ? TITLES_F : TITLES_M);
	}

	/** A twin: same surname, address, birthday and home phone; a different first name. */
	twin(rng: Rng, p: Person): Person {
		const sex: Person['sex'] = rng.chance(0.5) ? p.sex : p.sex === 'F' ? 'M' : 'F';
		let first = p.first;
		while (first === p.first || first[0] === p.first[0]) first = rng.pick(sex === 'F' ? FEMALE_FIRST : MALE_FIRST);
		const age = (EPOCH_DAY - p.dob) / 365.25;
		return {
			...p,
			sex,
			first,
			title: this.title(rng, sex, age),
			middle: rng.chance(0.4) ? rng.pick(sex === 'F' ? FEMALE_FIRST : MALE_FIRST) : '',
			preferred: '',
			email: age < 14 || rng.chance(0.2) ? '' : personalEmail(rng, first, p.last, ymd(p.dob)[0]),
			mobile: age < 12 ? '' : mobile(rng),
			externalRef: p.externalRef ? '51' + rng.digits(16) : '',
			medicare: p.medicare ? p.medicare.slice(0, 10) + String(Math.min(9, Number(p.medicare[10]) + 1)) : '',
			createdMinute: Math.min(p.createdMinute + rng.int(1, 9), 18 * 60 + 30),
			archived: 'no'
		};
	}

	/** Someone sharing the address and home phone (spouse or child): not a duplicate either. */
	household(rng: Rng, head: Person, headId: string, base: Person): Person {
		const headAge = (EPOCH_DAY - head.dob) / 365.25;
		const child = headAge > 30 && rng.chance(0.5);
		const dob = child ? Math.min(EPOCH_DAY - 200, head.dob + rng.int(22 * 365, 40 * 365)) : head.dob + rng.int(-6 * 365, 6 * 365);
		const age = (EPOCH_DAY - dob) / 365.25;
		return {
			...base,
			dob,
			last: rng.chance(0.8) ? head.last : base.last,
			title: this.title(rng, base.sex, age),
			address: head.address,
			home: head.home,
			location: head.location,
			practitioner: head.practitioner,
			mobile: age < 12 ? '' : base.mobile,
			email: age < 14 ? '' : base.email,
			emergency: {
				name: `${head.first} ${head.last}`,
				mobile: head.mobile,
				relationship: child ? 'Parent' : rng.pick(['Spouse', 'Partner', 'Husband', 'Wife']),
				patientId: headId
			}
		};
	}
}

const VARIANT = weighted<string>([
	['typo_first', 2],
	['typo_last', 2],
	['swapped_names', 1],
	['nickname', 2],
	['married_surname', 1.2],
	['email_changed', 1.5],
	['email_missing', 1.2],
	['moved_address', 0.8],
	['dob_day_month_swapped', 0.4],
	['middle_name_dropped', 0.6]
]);

/** Another record of the same person, made later by someone else at the desk. */
export function duplicate(rng: Rng, p: Person): { person: Person; variants: string[] } {
	const d: Person = { ...p, emergency: { ...p.emergency } };
	const variants: string[] = [];
	const want = 1 + (rng.chance(0.5) ? 1 : 0) + (rng.chance(0.2) ? 1 : 0);
	// Bill for William is the commonest duplicate of all where a name has a short form.
	if (NICKNAMES[p.first] && rng.chance(0.5)) {
		d.first = rng.pick(NICKNAMES[p.first]);
		d.preferred = '';
		variants.push('nickname');
	}
	for (let tries = 0; variants.length < want && tries < 12; tries++) {
		const v = VARIANT(rng);
		if (variants.includes(v)) continue;
		const [, month, day] = ymd(d.dob);
		switch (v) {
			case 'typo_first':
				d.first = typo(rng, d.first);
				break;
			case 'typo_last':
				d.last = typo(rng, d.last);
				break;
			case 'swapped_names':
				[d.first, d.last] = [d.last, d.first];
				break;
			case 'nickname':
				if (!NICKNAMES[p.first] || d.first !== p.first) continue;
				d.first = rng.pick(NICKNAMES[p.first]);
				d.preferred = '';
				break;
			case 'married_surname':
				if (p.sex !== 'F' || EPOCH_DAY - p.dob < 18 * 365) continue;
				d.last = rng.chance(0.3) ? `${p.last}-${rng.pick(SURNAMES)}` : rng.pick(SURNAMES);
				if (d.title === 'Miss' || d.title === 'Ms') d.title = 'Mrs';
				break;
			case 'email_changed':
				if (!p.email) continue;
				d.email = personalEmail(rng, d.first, d.last, ymd(p.dob)[0]);
				break;
			case 'email_missing':
				if (!p.email) continue;
				d.email = '';
				break;
			case 'moved_address':
				d.address = makeAddress(rng, suburbNear(rng, p.location.state));
				d.home = d.home ? landline(rng, p.location.state) : '';
				break;
			case 'dob_day_month_swapped': {
				if (day > 12 || day === month) continue;
				const [y] = ymd(d.dob);
				d.dob = dayOf(y, day, month);
				break;
			}
			case 'middle_name_dropped':
				if (!p.middle) continue;
				d.middle = rng.chance(0.5) ? '' : p.middle[0];
				break;
		}
		variants.push(v);
	}
	if (!variants.length) {
		d.first = typo(rng, d.first);
		variants.push('typo_first');
	}
	d.createdDay = Math.min(EPOCH_DAY - 1, p.createdDay + rng.int(30, 1500));
	d.createdMinute = rng.int(8 * 60, 18 * 60);
	d.externalRef = '';
	d.archived = 'no';
	if (rng.chance(0.4)) d.medicare = '';
	if (rng.chance(0.5)) d.privateFund = -1;
	if (rng.chance(0.5)) d.physician = '';
	return { person: d, variants };
}
