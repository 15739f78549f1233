// Reference tables, small enough to hold: locations, staff, referring physicians,
// insurers. Written first; patients and their children point into them.
import type { Ctx } from './context.js';
import { makeAddress, maybeMojibake, slug, writeAddress, writePhone, type Address } from './context.js';
import { dirtyPick } from './picklists.js';
import { FEMALE_FIRST, MALE_FIRST, SURNAMES, hasNonAscii } from './names.js';
import { fitsWin1252, sciNotation } from './format.js';
import { landline, suburbIn, SUBURBS, type State, type Suburb } from './places.js';
import { Quota, weighted, type Rng } from './prng.js';

export interface Location {
	id: string;
	name: string;
	state: State;
	suburb: Suburb;
	/** Practitioners (staff ids) working here. */
	practitioners: string[];
	/** How many patients call it home, relative to the others. */
	weight: number;
}

export interface Insurer {
	id: string;
	name: string;
	kind: 'medicare' | 'dva' | 'private' | 'workers';
}

export interface Reference {
	clinic: string;
	domain: string;
	locations: Location[];
	pickLocation: (rng: Rng) => Location;
	practitioners: string[];
	physicians: string[];
	insurers: Insurer[];
	staffIds: string[];
}

const CLINICS = [
	['Harbourside Health Group', 'harbourside.health'],
	['Southern Cross Medical & Allied Health', 'southerncrossmed.com.au'],
	['Wattle Family Practice', 'wattlefp.com.au'],
	['Coastline Physio & Health', 'coastlinehealth.com.au'],
	['Eucalypt Allied Health', 'eucalypt.health']
] as const;

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.round(x)));
const findSuburb = (name: string): Suburb => SUBURBS.find((s) => s.name === name)!;

export function buildReference(ctx: Ctx): Reference {
	const rng = ctx.rng.fork('reference');
	const [clinic, domain] = rng.pick(CLINICS);
	const locations = writeLocations(ctx, rng.fork('locations'), clinic, domain);
	const { practitioners, staffIds } = writeStaff(ctx, rng.fork('staff'), domain, locations);
	const physicians = writePhysicians(ctx, rng.fork('physicians'));
	const insurers = writeInsurers(ctx, rng.fork('insurers'));
	return {
		pickLocation: weighted(locations.map((l) => [l, l.weight] as const)),
		clinic,
		domain,
		locations,
		practitioners,
		physicians,
		insurers,
		staffIds
	};
}

function writeLocations(ctx: Ctx, rng: Rng, clinic: string, domain: string): Location[] {
	const n = clamp(5 + ctx.patients / 25_000, 5, 40);
	// Head office in Sydney, two big clinics, Darwin (an NT postcode with a leading
	// zero), then clinics across the states; the last is Darwin's satellite rooms.
	const fixed = ['Sydney', 'Parramatta', 'Melbourne', 'Darwin'];
	const DARWIN = 3;
	const used = new Set<string>(fixed);
	const places: Suburb[] = fixed.map(findSuburb);
	while (places.length < n) {
		const s = suburbIn(rng);
		if (used.has(s.name)) continue;
		used.add(s.name);
		places.push(s);
	}
	const locations: Location[] = places.map((suburb, i) => ({
		id: `LOC${String(i + 1).padStart(2, '0')}`,
		name: i === 0 ? `${clinic} Head Office` : `${clinic.split(' ')[0]} ${suburb.name}`,
		state: suburb.state,
		suburb,
		practitioners: [],
		weight: i === 1 || i === 2 ? 4 : i === n - 1 ? 0.5 : 1
	}));
	// Circular parent chain: Darwin ↔ its satellite rooms (the last location).
	const cyclic = ctx.dirt.circularLocations;
	const last = locations[n - 1];
	if (cyclic) {
		last.suburb = findSuburb('Casuarina');
		last.state = 'NT';
		last.name = `${clinic.split(' ')[0]} Casuarina Satellite Rooms`;
		ctx.truth.circularLocations = [locations[DARWIN].id, last.id];
		ctx.truth.hit('locations.csv', 'circular_parent', 2);
	}
	const sink = ctx.sinks['locations.csv'];
	for (const [i, loc] of locations.entries()) {
		const addr = makeAddress(rng, loc.suburb, true);
		let parent = i === 0 ? '' : locations[0].id;
		if (cyclic && i === DARWIN) parent = last.id;
		if (cyclic && i === n - 1) parent = locations[DARWIN].id;
		const hours =
			i === 0
				? 'Mon-Fri 8:30-17:00'
				: rng.pick(['Mon-Fri 7:00-20:00; Sat 8:00-13:00', 'Mon-Fri 8:00-18:00', 'Mon-Thu 7:30-19:30; Fri 7:30-17:00; Sat 8:00-12:00']);
		sink.row([
			loc.id,
			loc.name,
			...writeAddress(ctx, rng, 'locations.csv', addr),
			writePhone(ctx, rng, 'locations.csv', landline(rng, loc.state)),
			i === 0 ? `admin@${domain}` : `${slug(loc.suburb.name)}@${domain}`,
			hours,
			parent,
			i === 0 ? 'Yes' : 'No'
		]);
	}
	return locations;
}

const ROLE = weighted<string>([
	['Doctor', 35],
	['Allied Health', 25],
	['Nurse', 15],
	['Admin', 10],
	['Reception', 15]
]);

const SPECIALTY: Record<string, Array<[string, string]>> = {
	Doctor: [
		['General Practice', 'MED'],
		['General Practice', 'MED'],
		['Sports Medicine', 'MED'],
		['Dermatology', 'MED']
	],
	'Allied Health': [
		['Physiotherapy', 'PHY'],
		['Physiotherapy', 'PHY'],
		['Podiatry', 'POD'],
		['Psychology', 'PSY'],
		['Occupational Therapy', 'OCC'],
		['Dietetics', 'APD'],
		['Exercise Physiology', 'ESSA']
	],
	Nurse: [['Practice Nurse', 'NMW']],
	Admin: [['', '']],
	Reception: [['', '']]
};

function writeStaff(ctx: Ctx, rng: Rng, domain: string, locations: Location[]) {
	const n = clamp(8 + ctx.patients / 150, 10, 600);
	const sink = ctx.sinks['staff.csv'];
	const practitioners: string[] = [];
	const staffIds: string[] = [];
	const win = (names: string[]) => names.filter(fitsWin1252);
	const female = win(FEMALE_FIRST);
	const male = win(MALE_FIRST);
	const surnames = win(SURNAMES);
	const accented = female.filter(hasNonAscii);
	const emails = new Set<string>();
	const rate = ctx.dirt.staffNoEmail;
	const noEmail = new Quota(rng.fork('no-email'), rate > 0 ? Math.max(1, Math.round((n - 1) * rate)) : 0, n - 1);
	for (let i = 0; i < n; i++) {
		if (i > 0) noEmail.advance();
		const id = `S${String(i + 1).padStart(4, '0')}`;
		staffIds.push(id);
		// The first few always include a practitioner per location and an accented name,
		// so Windows-1252 has something to encode.
		const role = i < locations.length ? 'Doctor' : i === locations.length ? 'Allied Health' : ROLE(rng);
		const first = i === 1 ? rng.pick(accented) : rng.pick(rng.chance(0.55) ? female : male);
		const last = rng.pick(surnames);
		const loc = i < locations.length ? locations[i] : rng.pick(locations);
		const [specialty, board] = rng.pick(SPECIALTY[role]);
		let license = '';
		if (board === 'APD') license = `APD ${rng.digits(5, true)}`;
		else if (board === 'ESSA') license = `ESSA-${rng.digits(4, true)}`;
		else if (board) license = `${board}${rng.digits(10)}`;
		let email = `${slug(first)}.${slug(last)}@${domain}`.replace(/-/g, '');
		while (emails.has(email)) email = email.replace('@', `${rng.int(1, 9)}@`);
		emails.add(email);
		if (i > 0 && noEmail.take()) {
			email = '';
			ctx.truth.staffWithoutEmail.push(id);
			ctx.truth.hit('staff.csv', 'email_missing');
		}
		const active = i < locations.length + 1 || rng.chance(0.9);
		if (active && (role === 'Doctor' || role === 'Allied Health' || role === 'Nurse')) {
			practitioners.push(id);
			loc.practitioners.push(id);
		}
		sink.row([
			id,
			first,
			last,
			email,
			dirtyPick(rng, ctx.dirt, ctx.truth, 'staff.csv', 'Staff Role', role),
			specialty,
			license,
			loc.id,
			active ? 'Yes' : 'No'
		]);
	}
	for (const loc of locations) if (!loc.practitioners.length) loc.practitioners.push(practitioners[0]);
	return { practitioners, staffIds };
}

const PRACTICE_SUFFIX = ['Medical Centre', 'Family Practice', 'Specialist Rooms', 'Orthopaedics', 'Medical Clinic', 'Health Hub'];

function writePhysicians(ctx: Ctx, rng: Rng): string[] {
	const n = clamp(ctx.patients / 40, 15, 3000);
	const sink = ctx.sinks['referring_physicians.csv'];
	const ids: string[] = [];
	const file = 'referring_physicians.csv';
	for (let i = 0; i < n; i++) {
		const id = `RP${String(i + 1).padStart(5, '0')}`;
		ids.push(id);
		const first = rng.pick(rng.chance(0.5) ? FEMALE_FIRST : MALE_FIRST);
		const last = rng.pick(SURNAMES);
		const suburb = suburbIn(rng);
		const practice = rng.chance(0.3) ? `${last} ${rng.pick(PRACTICE_SUFFIX)}` : `${suburb.name} ${rng.pick(PRACTICE_SUFFIX)}`;
		const provider = rng.digits(6) + rng.pick([...'0123456789ABCDEFGHJKLMNPQRTUVWXY']) + rng.pick([...'ABFHJKLTWXY']);
		let email = `${slug(first)[0]}${slug(last)}@${slug(practice).split('-').slice(0, 2).join('')}.com.au`.replace(/-/g, '');
		if (rng.chance(0.15)) email = '';
		else if (rng.chance(ctx.dirt.emailInvalid)) {
			ctx.truth.hit(file, 'email_invalid');
			email = email.replace('@', rng.chance(0.5) ? ' @ ' : '@@');
		}
		sink.row([
			id,
			maybeMojibake(ctx, rng, file, first),
			maybeMojibake(ctx, rng, file, last),
			practice,
			provider,
			writePhone(ctx, rng, file, landline(rng, suburb.state), true),
			email,
			...writeAddress(ctx, rng, file, makeAddress(rng, suburb, true))
		]);
	}
	return ids;
}

const INSURERS: Array<[string, string, Insurer['kind'], string]> = [
	['Medicare (Services Australia)', 'MCARE', 'medicare', 'servicesaustralia.gov.au'],
	["Department of Veterans' Affairs", 'DVA', 'dva', 'dva.gov.au'],
	['Bupa HI Pty Ltd', 'BUP', 'private', 'bupa.com.au'],
	['Medibank Private', 'MBP', 'private', 'medibank.com.au'],
	['HCF', 'HCF', 'private', 'hcf.com.au'],
	['nib Health Funds', 'NIB', 'private', 'nib.com.au'],
	['HBF Health', 'HBF', 'private', 'hbf.com.au'],
	['Australian Unity Health', 'AUH', 'private', 'australianunity.com.au'],
	['GMHBA', 'GMH', 'private', 'gmhba.com.au'],
	['Teachers Health', 'TFS', 'private', 'teachershealth.com.au'],
	['Defence Health', 'DHF', 'private', 'defencehealth.com.au'],
	['CBHS Health Fund', 'CBH', 'private', 'cbhs.com.au'],
	['Peoplecare', 'PWA', 'private', 'peoplecare.com.au'],
	['ahm health insurance', 'AHM', 'private', 'ahm.com.au'],
	['Westfund', 'WFD', 'private', 'westfund.com.au'],
	['icare NSW (Workers Compensation)', 'ICR', 'workers', 'icare.nsw.gov.au'],
	['WorkSafe Victoria', 'WSV', 'workers', 'worksafe.vic.gov.au'],
	['Transport Accident Commission', 'TAC', 'workers', 'tac.vic.gov.au']
];

function writeInsurers(ctx: Ctx, rng: Rng): Insurer[] {
	const sink = ctx.sinks['insurance_providers.csv'];
	const file = 'insurance_providers.csv';
	const out: Insurer[] = [];
	let formulaDone = false;
	for (const [i, [name, code, kind, site]] of INSURERS.entries()) {
		const id = `INS${String(i + 1).padStart(3, '0')}`;
		out.push({ id, name, kind });
		let website = `https://www.${site}`;
		if (!formulaDone && kind === 'private' && !ctx.clean) {
			formulaDone = true;
			ctx.truth.hit(file, 'formula_cell');
			website = `=HYPERLINK("https://www.${site}","${name}")`;
		}
		const suburb = suburbIn(rng, i % 3 === 0 ? 'VIC' : 'NSW');
		const addr: Address = rng.chance(0.4)
			? { line1: `Locked Bag ${rng.int(1000, 9999)}`, line2: '', suburb }
			: makeAddress(rng, suburb, true);
		const fields = writeAddress(ctx, rng, file, addr);
		if (i === 2 && !ctx.clean) {
			fields[0] = `${fields[0]}\nAttn: Provider Claims`;
			ctx.truth.hit(file, 'embedded_newline');
		}
		const phoneNsn = rng.chance(0.5) ? `13${rng.digits(4)}` : `1300${rng.digits(6)}`;
		const phoneText =
			phoneNsn.length === 6
				? `${phoneNsn.slice(0, 2)} ${phoneNsn.slice(2, 4)} ${phoneNsn.slice(4)}`
				: `${phoneNsn.slice(0, 4)} ${phoneNsn.slice(4, 7)} ${phoneNsn.slice(7)}`;
		sink.row([id, name, code, phoneText, `providers@${site}`, website, ...fields]);
	}
	return out;
}

export function maybeSci(ctx: Ctx, rng: Rng, file: Parameters<Ctx['truth']['hit']>[0], digits: string): string {
	if (digits && rng.chance(ctx.dirt.sciNotationId)) {
		ctx.truth.hit(file, 'sci_notation_id');
		return sciNotation(digits);
	}
	return digits;
}
