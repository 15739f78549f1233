// State shared by the writers of one export, and the small helpers they all use
// to write people's contact details with the right amount of dirt.
import type { DirtRates } from './dirt.js';
import type { Rng } from './prng.js';
import { weighted } from './prng.js';
import type { TableFile } from './layout.js';
import type { TableSink } from './sink.js';
import type { TruthRecorder } from './truth.js';
import { phone, mojibake, type PhoneStyle } from './format.js';
import { hasNonAscii } from './names.js';
import { STREET_NAMES, STREET_TYPES, type Suburb } from './places.js';

export interface Ctx {
	rng: Rng;
	dirt: DirtRates;
	clean: boolean;
	/** Malformed CSV rows only exist in CSV output. */
	csv: boolean;
	truth: TruthRecorder;
	sinks: Record<TableFile, TableSink>;
	out: string;
	patients: number;
	/** No child rows (appointments, notes, invoices, attachments): see GenerateExportOptions. */
	patientsOnly?: boolean;
}

const oddPhone = weighted<PhoneStyle>([
	['intl_spaced', 5],
	['intl_compact', 2],
	['national_dashed', 2],
	['national_compact', 3],
	['no_area', 1]
]);

/** A phone as a person typed it: mostly national format, often otherwise. */
export function writePhone(ctx: Ctx, rng: Rng, file: TableFile, nsn: string, allowExtension = false): string {
	const d = ctx.dirt;
	let text: string;
	if (rng.chance(d.phoneLostZero)) {
		ctx.truth.hit(file, 'phone_lost_zero');
		text = phone(nsn, 'lost_zero');
	} else if (rng.chance(d.phoneOddFormat)) {
		const style = oddPhone(rng);
		ctx.truth.hit(file, style === 'no_area' && nsn[0] !== '4' ? 'phone_no_area_code' : 'phone_format');
		text = phone(nsn, style);
	} else text = phone(nsn, 'national');
	if (allowExtension && nsn[0] !== '4' && rng.chance(d.phoneExtension)) {
		ctx.truth.hit(file, 'phone_extension');
		text += rng.pick([' ext ', ' ext. ', ' x', ' Ext ']) + rng.int(2, 499);
	}
	return text;
}

export function maybeMojibake(ctx: Ctx, rng: Rng, file: TableFile, s: string): string {
	if (s && hasNonAscii(s) && rng.chance(ctx.dirt.mojibake)) {
		ctx.truth.hit(file, 'mojibake');
		return mojibake(s);
	}
	return s;
}

/** NT postcodes start with 0; Excel keeps them only as text. */
export function writePostcode(ctx: Ctx, rng: Rng, file: TableFile, postcode: string): string {
	if (postcode[0] === '0' && rng.chance(ctx.dirt.postcodeLostZero)) {
		ctx.truth.hit(file, 'postcode_lost_zero');
		return postcode.replace(/^0+/, '');
	}
	return postcode;
}

export interface Address {
	line1: string;
	line2: string;
	suburb: Suburb;
}

export function makeAddress(rng: Rng, suburb: Suburb, business = false): Address {
	const [full, short] = rng.pick(STREET_TYPES);
	const street = `${rng.int(1, rng.chance(0.2) ? 999 : 160)} ${rng.pick(STREET_NAMES)} ${rng.chance(0.6) ? full : short}`;
	let line2 = '';
	if (business) {
		if (rng.chance(0.5)) line2 = rng.pick(['Level ', 'Suite ', 'Shop ']) + rng.int(1, 12);
	} else if (rng.chance(0.22)) line2 = rng.pick(['Unit ', 'Apt ', 'Flat ', 'Unit ']) + rng.int(1, 40);
	return { line1: street, line2, suburb };
}

/** Address fields: Address Line 1, Address Line 2, City, State, Postcode, Country. */
export function writeAddress(ctx: Ctx, rng: Rng, file: TableFile, a: Address): string[] {
	let line1 = a.line1;
	let line2 = a.line2;
	if (rng.chance(ctx.dirt.addressNewline)) {
		ctx.truth.hit(file, 'embedded_newline');
		if (line2) {
			line1 = `${line2}\n${line1}`;
			line2 = '';
		} else line1 = rng.chance(0.5) ? `${line1}\n(rear entrance)` : `C/- Post Office\n${line1}`;
	}
	let state: string = a.suburb.state;
	let country = 'Australia';
	if (rng.chance(ctx.dirt.picklistCaseSpace)) {
		ctx.truth.hit(file, 'state_variant');
		state = rng.chance(0.5) ? state.toLowerCase() : state + ' ';
	}
	if (rng.chance(ctx.dirt.picklistCaseSpace)) {
		ctx.truth.hit(file, 'country_variant');
		country = rng.pick(['AU', 'AUS', '', 'australia']);
	}
	return [line1, line2, a.suburb.name, state, writePostcode(ctx, rng, file, a.suburb.postcode), country];
}

export function slug(s: string): string {
	return s
		.normalize('NFKD')
		.replace(/[^\w\s.-]/g, '')
		.trim()
		.replace(/\s+/g, '-')
		.toLowerCase();
}
