// Twenty's own value rules for the composite fields it checks on write, ported from Twenty 2.19
// (twenty-shared utils/url/absoluteUrlSchema + normalizeUrlOrigin, twenty-server
// record-transformer transform-phones-value / transform-emails-value and the data-arg
// processor's email check). The loader applies them at freeze, so a value Twenty would refuse is
// caught before the push; the sandbox applies them on write, so it refuses what Twenty refuses
// and stores what Twenty stores. Messages are Twenty's, less the value (values may be PHI).
import { getCountries, getCountryCallingCode, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

const COUNTRIES = new Set<string>(getCountries());
const BY_CALLING_CODE = new Map<string, string[]>();
for (const c of getCountries())
	BY_CALLING_CODE.set(getCountryCallingCode(c), [...(BY_CALLING_CODE.get(getCountryCallingCode(c)) ?? []), c]);

const HOSTNAME = /^(((?!-))(xn--|_)?[a-z0-9-]{0,61}[a-z0-9]{1,1}\.){1,10}(xn--)?([a-z0-9][a-z0-9-]{0,60}|[a-z0-9-]{1,30}\.[a-z]{2,})$/;
const IP = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

const withScheme = (v: string) => (/^(https?|HTTPS?):\/\//.test(v) ? v : `https://${v}`);

/** Twenty's isValidUrl: an absolute URL (https:// assumed) whose host is a domain name, an IPv4 address or localhost. */
export function isValidLinkUrl(raw: string): boolean {
	const url = withScheme(raw.trim());
	if (/^\d+(?:\/[a-zA-Z]*)?$/.test(url.replace(/^(https?|HTTPS?):\/\//, ''))) return false;
	try {
		const host = new URL(url).hostname;
		return HOSTNAME.test(host) || IP.test(host) || host === 'localhost';
	} catch {
		return false;
	}
}

/** Twenty's normalizeUrlOrigin: scheme and host lower-cased (by URL), one trailing slash removed. */
export function normalizeLinkUrl(raw: string): string {
	try {
		const u = new URL(raw);
		return (u.origin + u.pathname + u.search + u.hash).replace(/\/$/, '');
	} catch {
		return raw;
	}
}

export const LINK_URL_REFUSED = 'The URL of the link is not valid';

/** Twenty's email rule (zod's unicode email pattern); empty strings pass (stored as null). */
const emailSchema = z.email({ pattern: z.regexes.unicodeEmail });
// …and a domain with a dot (the sandbox's v2 rule): 'name@hotmail,com' is refused at freeze, not by the target.
const DOMAIN_RE = /@[^\s@,;]+\.[^\s@.,;]{2,}$/u;
export const isValidEmail = (v: string) => v === '' || (emailSchema.safeParse(v).success && DOMAIN_RE.test(v));
export const normalizeEmail = (v: string) => v.toLowerCase();

export interface PhoneInput {
	number?: string | null;
	countryCode?: string | null;
	callingCode?: string | null;
}
export type PhoneResult =
	{ ok: true; number: string | null; countryCode: string | null; callingCode: string | null } | { ok: false; message: string };

const nonEmpty = (v: string | null | undefined): v is string => typeof v === 'string' && v !== '';
const orNull = (v: string | null | undefined) => (nonEmpty(v) ? v : null);

/**
 * Twenty's validateAndInferPhoneInput: the country code must exist, the calling code must
 * belong to it, the number must parse (libphonenumber, with those defaults) and agree with
 * both; Twenty stores the national number and fills in the codes it inferred.
 */
export function normalizePhone({ number, countryCode, callingCode }: PhoneInput): PhoneResult {
	if (nonEmpty(countryCode) && !COUNTRIES.has(countryCode)) return { ok: false, message: 'Invalid country code' };
	if (nonEmpty(callingCode)) {
		const expected = BY_CALLING_CODE.get(callingCode.replace(/^\+/, '')) ?? [];
		if (!expected.length) return { ok: false, message: 'Invalid calling code' };
		if (nonEmpty(countryCode) && !expected.includes(countryCode))
			return { ok: false, message: 'Provided country code and calling code are conflicting' };
	}
	if (!nonEmpty(number)) return { ok: true, number: orNull(number), countryCode: orNull(countryCode), callingCode: orNull(callingCode) };
	let phone;
	try {
		phone = parsePhoneNumberWithError(number, {
			defaultCallingCode: nonEmpty(callingCode) ? callingCode.replace(/\+/g, '') : undefined,
			defaultCountry: nonEmpty(countryCode) ? (countryCode as CountryCode) : undefined
		});
	} catch {
		return { ok: false, message: 'Provided phone number is invalid' };
	}
	if (nonEmpty(phone.country) && nonEmpty(countryCode) && phone.country !== countryCode)
		return { ok: false, message: 'Provided and inferred country code are conflicting' };
	if (nonEmpty(phone.countryCallingCode) && nonEmpty(callingCode) && phone.countryCallingCode !== callingCode.replace(/\+/g, ''))
		return { ok: false, message: 'Provided and inferred calling code are conflicting' };
	return {
		ok: true,
		number: phone.nationalNumber,
		countryCode: nonEmpty(countryCode) ? countryCode : (phone.country ?? null),
		callingCode: nonEmpty(callingCode) ? callingCode : `+${phone.countryCallingCode}`
	};
}

type Composite = Record<string, unknown>;

/**
 * What Twenty would refuse in one composite value of this field type, as Twenty's message
 * (prefixed with the sub-field); [] when Twenty accepts it.
 */
export function compositeProblems(type: string, value: unknown): string[] {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
	const v = value as Composite;
	const out: string[] = [];
	if (type === 'LINKS') {
		const urls: Array<[string, unknown]> = [
			['primaryLinkUrl', v.primaryLinkUrl],
			...((Array.isArray(v.secondaryLinks) ? v.secondaryLinks : []) as Composite[]).map((l, i): [string, unknown] => [
				`secondaryLinks.${i}.url`,
				l?.url
			])
		];
		for (const [at, url] of urls) if (typeof url === 'string' && url !== '' && !isValidLinkUrl(url)) out.push(`${at}: ${LINK_URL_REFUSED}`);
	} else if (type === 'EMAILS') {
		if (typeof v.primaryEmail === 'string' && !isValidEmail(v.primaryEmail)) out.push('primaryEmail: not an email address Twenty accepts');
		for (const [i, e] of (Array.isArray(v.additionalEmails) ? v.additionalEmails : []).entries())
			if (typeof e === 'string' && !isValidEmail(e)) out.push(`additionalEmails.${i}: not an email address Twenty accepts`);
	} else if (type === 'PHONES') {
		const primary = normalizePhone({
			number: v.primaryPhoneNumber as string,
			countryCode: v.primaryPhoneCountryCode as string,
			callingCode: v.primaryPhoneCallingCode as string
		});
		if (!primary.ok) out.push(`primaryPhoneNumber: ${primary.message}`);
		for (const [i, p] of ((Array.isArray(v.additionalPhones) ? v.additionalPhones : []) as Composite[]).entries()) {
			const r = normalizePhone({
				number: p?.number as string,
				countryCode: p?.countryCode as string,
				callingCode: p?.callingCode as string
			});
			if (!r.ok) out.push(`additionalPhones.${i}: ${r.message}`);
		}
	}
	return out;
}
