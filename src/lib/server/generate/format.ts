// Formatting of dates, phones and damaged values. Dates are day numbers (days
// since 1970-01-01) plus minutes after local midnight: no Date.now, no host zone.
import iconv from 'iconv-lite';

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

/** The fixed "today" of every export: 2026-06-30. */
export const EPOCH_DAY = Date.UTC(2026, 5, 30) / 86_400_000;
export const EPOCH_ISO = '2026-06-30T00:00:00Z';

export function dayOf(y: number, m: number, d: number): number {
	return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** [year, month 1-12, day] of a day number (civil-from-days, Howard Hinnant). */
export function ymd(day: number): [number, number, number] {
	const z = day + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const y = yoe + era * 400;
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	return [m <= 2 ? y + 1 : y, m, d];
}

export function dmy(day: number): string {
	const [y, m, d] = ymd(day);
	return `${pad2(d)}/${pad2(m)}/${pad4(y)}`;
}

export function isoDate(day: number): string {
	const [y, m, d] = ymd(day);
	return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** Excel's 1900 date system serial number (what a date cell shows once its format is lost). */
export function excelSerial(day: number): string {
	return String(day + 25569);
}

const hm = (minute: number): string => `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;

export function dmyTime(day: number, minute: number): string {
	return `${dmy(day)} ${hm(minute)}`;
}

export function naiveIso(day: number, minute: number): string {
	return `${isoDate(day)} ${hm(minute)}`;
}

function offsetText(offset: number): string {
	const sign = offset >= 0 ? '+' : '-';
	const a = Math.abs(offset);
	return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

export function zonedIso(day: number, minute: number, offset: number): string {
	return `${isoDate(day)}T${hm(minute)}:00${offsetText(offset)}`;
}

/** The same local instant written in UTC; returns the text and whether the date changed. */
export function utcIso(day: number, minute: number, offset: number): [string, boolean] {
	const total = day * 1440 + minute - offset;
	const uday = Math.floor(total / 1440);
	return [`${isoDate(uday)}T${hm(total - uday * 1440)}:00Z`, uday !== day];
}

/** A system timestamp in UTC with seconds. */
export function stamp(day: number, second: number): string {
	const s = second % 60;
	const minute = Math.floor(second / 60);
	return `${isoDate(day)}T${hm(minute)}:${pad2(s)}Z`;
}

// ---- phones: nsn is the national significant number (no leading 0) ----

export type PhoneStyle = 'intl_spaced' | 'intl_compact' | 'national' | 'national_dashed' | 'national_compact' | 'no_area' | 'lost_zero';

export function phone(nsn: string, style: PhoneStyle): string {
	const mobile = nsn[0] === '4' || nsn[0] === '5';
	switch (style) {
		case 'intl_spaced':
			return mobile ? `+61 ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}` : `+61 ${nsn[0]} ${nsn.slice(1, 5)} ${nsn.slice(5)}`;
		case 'intl_compact':
			return `+61${nsn}`;
		case 'national':
			return mobile ? `0${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}` : `(0${nsn[0]}) ${nsn.slice(1, 5)} ${nsn.slice(5)}`;
		case 'national_dashed':
			return mobile ? `0${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}` : `0${nsn[0]}-${nsn.slice(1, 5)}-${nsn.slice(5)}`;
		case 'national_compact':
			return `0${nsn}`;
		case 'no_area':
			return mobile ? `0${nsn}` : `${nsn.slice(1, 5)} ${nsn.slice(5)}`;
		case 'lost_zero':
			return nsn;
	}
}

// ---- Excel and encoding damage ----

/** What Excel's General format shows for a long number: 514811000000000001 → 5.14811E+17. */
export function sciNotation(digits: string): string {
	const exponent = digits.length - 1;
	let mantissa = Math.round(Number(digits.slice(0, 7)) / 10);
	let exp = exponent;
	if (mantissa >= 1_000_000) {
		mantissa = Math.round(mantissa / 10);
		exp++;
	}
	const m = String(mantissa);
	const frac = m.slice(1).replace(/0+$/, '');
	return `${m[0]}${frac ? '.' + frac : ''}E+${exp}`;
}

/** UTF-8 bytes read back as Windows-1252: José → JosÃ©. */
export function mojibake(s: string): string {
	return iconv.decode(Buffer.from(s, 'utf8'), 'win1252');
}

/** True when Windows-1252 can hold the text. */
export function fitsWin1252(s: string): boolean {
	return iconv.decode(iconv.encode(s, 'win1252'), 'win1252') === s;
}

export function money(cents: number): string {
	const neg = cents < 0;
	const a = Math.abs(cents);
	return `${neg ? '-' : ''}${Math.floor(a / 100)}.${pad2(a % 100)}`;
}

/** $1,234.50 as a report would show it. */
export function moneyDisplay(cents: number): string {
	const neg = cents < 0;
	const a = Math.abs(cents);
	const whole = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return `${neg ? '-' : ''}$${whole}.${pad2(a % 100)}`;
}
