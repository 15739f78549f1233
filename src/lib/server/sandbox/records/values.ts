// Validation and normalisation of one input value per field type, as Twenty's data-arg
// processor does it (v2) or as Postgres would reject it (v1). Returns the stored value.
import { ApiError, badRequest } from '../http/errors.js';
import { isValidLinkUrl, LINK_URL_REFUSED, normalizeLinkUrl, normalizePhone } from '../../twenty/rules.js';
import { isUuid, newUuid } from '../metadata/ids.js';
import type { FieldMeta } from '../metadata/types.js';
import type { Profile } from '../profiles/index.js';
import { invalidSelect, invalidValue, type ValueKind } from '../profiles/messages.js';
import { COMPOSITES, type SubKind } from './composite.js';

export interface ValueContext {
	profile: Profile;
	/** Postgres schema name used in v1.x enum errors. */
	schema: string;
	object: string;
	/** Resolves an uploaded file's extension; undefined when the file is unknown. */
	fileExtension: (fileId: string) => string | undefined;
}

type Normalizer = (ctx: ValueContext, f: FieldMeta, v: unknown) => unknown;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})([T ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

const fail = (ctx: ValueContext, kind: ValueKind, field: string, v: unknown): ApiError => invalidValue(ctx.profile, kind, field, v);

function validCalendarDate(y: number, m: number, d: number): boolean {
	const dt = new Date(Date.UTC(y, m - 1, d));
	return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const text: Normalizer = (ctx, f, v) => {
	if (v === null) return '';
	if (typeof v === 'string') return v;
	// Postgres casts a JSON number or boolean into a text column (v1.x); v2 rejects it.
	if (ctx.profile.generation === 1 && (typeof v === 'number' || typeof v === 'boolean')) return String(v);
	throw fail(ctx, 'text', f.name, v);
};

const number: Normalizer = (ctx, f, v) => {
	if (v === null) return null;
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	throw fail(ctx, 'number', f.name, v);
};

const boolean: Normalizer = (ctx, f, v) => {
	if (v === null || typeof v === 'boolean') return v;
	if (ctx.profile.generation === 1 && (v === 'true' || v === 'false')) return v === 'true';
	throw fail(ctx, 'boolean', f.name, v);
};

const uuid: Normalizer = (ctx, f, v) => {
	if (v === null || isUuid(v)) return v;
	throw fail(ctx, 'uuid', f.name, v);
};

const date: Normalizer = (ctx, f, v) => {
	if (v === null) return null;
	const m = typeof v === 'string' ? DATE_RE.exec(v) : null;
	if (!m || !validCalendarDate(+m[1], +m[2], +m[3])) throw fail(ctx, 'date', f.name, v);
	return v;
};

const dateTime: Normalizer = (ctx, f, v) => {
	if (v === null) return null;
	const m = typeof v === 'string' ? DATE_TIME_RE.exec(v) : null;
	const ok = m && validCalendarDate(+m[1], +m[2], +m[3]) && +(m[5] ?? 0) < 24 && +(m[6] ?? 0) < 60;
	const t = ok ? Date.parse(m[4] && !m[10] ? `${v}Z` : (v as string)) : NaN;
	if (!Number.isFinite(t)) throw fail(ctx, 'dateTime', f.name, v);
	return new Date(t).toISOString();
};

const select: Normalizer = (ctx, f, v) => {
	if (v === null) return null;
	const valid = (f.options ?? []).map((o) => o.value);
	if (typeof v !== 'string') throw fail(ctx, f.type === 'RATING' ? 'rating' : 'text', f.name, v);
	if (!valid.includes(v)) throw invalidSelect(ctx.profile, ctx.schema, ctx.object, f.name, v, valid);
	return v;
};

const multiSelect: Normalizer = (ctx, f, v) => {
	if (v === null) return ctx.profile.emptyArraysAsNull ? null : [];
	if (typeof v === 'string') throw fail(ctx, 'multiSelect', f.name, v);
	if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw fail(ctx, 'array', f.name, v);
	const valid = (f.options ?? []).map((o) => o.value);
	const bad = v.find((x) => !valid.includes(x));
	if (bad !== undefined) throw invalidSelect(ctx.profile, ctx.schema, ctx.object, f.name, bad, valid);
	return [...v];
};

const array: Normalizer = (ctx, f, v) => {
	if (v === null) return null;
	if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw fail(ctx, 'array', f.name, v);
	return [...v];
};

const rawJson: Normalizer = (ctx, f, v) => {
	if (v === null || typeof v === 'object') return v;
	if (typeof v === 'string') {
		try {
			return JSON.parse(v);
		} catch {
			/* falls through to the error */
		}
	}
	throw fail(ctx, 'object', f.name, v);
};

const position: Normalizer = (ctx, f, v) => {
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (v === 'first' || v === 'last') return v;
	throw fail(ctx, 'position', f.name, v);
};

const files: Normalizer = (ctx, f, v) => {
	if (v === null) return null;
	const items = Array.isArray(v) ? v : null;
	const ok = items?.every((i) => isPlainObject(i) && isUuid(i.fileId) && typeof i.label === 'string' && !('extension' in i));
	if (!items || !ok) throw fail(ctx, 'files', f.name, v);
	return items.map((i) => {
		const extension = ctx.fileExtension(i.fileId as string);
		if (extension === undefined) throw fail(ctx, 'files', f.name, v);
		return { fileId: i.fileId, label: i.label, extension };
	});
};

const richText: Normalizer = (ctx, f, v) => {
	if (v === null) return { blocknote: null, markdown: null };
	if (!isPlainObject(v)) throw fail(ctx, 'richText', f.name, v);
	const out = composite(ctx, f, v) as { blocknote: string | null; markdown: string | null };
	// Newer servers derive blocknote from markdown [TWENTY.md §4.2, unconfirmed].
	if (ctx.profile.generation === 2 && out.markdown && v.blocknote === undefined) out.blocknote = blocknoteFrom(out.markdown);
	return out;
};

function blocknoteFrom(markdown: string): string {
	const blocks = markdown.split(/\n+/).map((line) => ({
		id: newUuid(),
		type: 'paragraph',
		props: { backgroundColor: 'default', textColor: 'default', textAlignment: 'left' }, // key order as recorded (v2.19 q1_01)
		content: [{ type: 'text', text: line, styles: {} }],
		children: []
	}));
	return JSON.stringify(blocks);
}

/** A composite input: a plain object of known subfields; returns only the given subfields. */
const composite: Normalizer = (ctx, f, v) => {
	if (!isPlainObject(v)) throw fail(ctx, 'object', f.name, v);
	const shape = COMPOSITES[f.type];
	const out: Record<string, unknown> = {};
	for (const [sub, raw] of Object.entries(v)) {
		const kind = shape[sub];
		if (!kind) throw fail(ctx, 'object', f.name, v);
		out[sub] = subValue(ctx, f, sub, kind, raw);
	}
	if (f.type === 'EMAILS') return emails(ctx, f, out);
	if (f.type === 'LINKS' && ctx.profile.generation === 2) return links(out);
	if (f.type === 'PHONES' && ctx.profile.generation === 2) return phones(out);
	return out;
};

/** v2.x record transformer (remove-empty-links.ts, transform-links-value.util.ts): every URL must be valid; each is stored with its origin lower-cased and no trailing slash. */
function links(v: Record<string, unknown>): Record<string, unknown> {
	const check = (url: unknown) => {
		if (typeof url === 'string' && url.trim() !== '' && !isValidLinkUrl(url)) throw badRequest(LINK_URL_REFUSED);
		return typeof url === 'string' && url !== '' ? normalizeLinkUrl(url) : url;
	};
	if ('primaryLinkUrl' in v) v.primaryLinkUrl = check(v.primaryLinkUrl);
	if (Array.isArray(v.secondaryLinks))
		v.secondaryLinks = (v.secondaryLinks as Array<Record<string, unknown>>).map((l) =>
			isPlainObject(l) ? { ...l, url: check(l.url) } : l
		);
	return v;
}

/** v2.x transform-phones-value.util.ts: codes checked against each other and the number, the national number stored. */
function phones(v: Record<string, unknown>): Record<string, unknown> {
	const one = (number: unknown, countryCode: unknown, callingCode: unknown) => {
		const r = normalizePhone({ number: number as string, countryCode: countryCode as string, callingCode: callingCode as string });
		if (!r.ok) throw badRequest(r.message === 'Provided phone number is invalid' ? `${r.message} ${String(number)}` : r.message);
		return r;
	};
	if (['primaryPhoneNumber', 'primaryPhoneCountryCode', 'primaryPhoneCallingCode'].some((k) => k in v)) {
		const r = one(v.primaryPhoneNumber, v.primaryPhoneCountryCode, v.primaryPhoneCallingCode);
		if (r.number !== null || 'primaryPhoneNumber' in v) v.primaryPhoneNumber = r.number ?? '';
		if (r.countryCode !== null || 'primaryPhoneCountryCode' in v) v.primaryPhoneCountryCode = r.countryCode ?? '';
		if (r.callingCode !== null || 'primaryPhoneCallingCode' in v) v.primaryPhoneCallingCode = r.callingCode ?? '';
	}
	if (Array.isArray(v.additionalPhones))
		v.additionalPhones = (v.additionalPhones as Array<Record<string, unknown>>).map((p) => {
			const r = one(p?.number, p?.countryCode, p?.callingCode);
			return { number: r.number, countryCode: r.countryCode, callingCode: r.callingCode };
		});
	return v;
}

function subValue(ctx: ValueContext, f: FieldMeta, sub: string, kind: SubKind, raw: unknown): unknown {
	const path = `${f.name}.${sub}`;
	if (raw === null) return kind === 'text' ? '' : kind === 'array' && !ctx.profile.emptyArraysAsNull ? [] : null;
	switch (kind) {
		case 'text':
		case 'nullableText':
			if (typeof raw === 'string') return raw;
			throw fail(ctx, 'text', path, raw);
		case 'number':
			return number(ctx, { ...f, name: path }, raw);
		case 'uuid':
			return uuid(ctx, { ...f, name: path }, raw);
		case 'json':
			return raw;
		case 'array':
			if (!Array.isArray(raw)) throw fail(ctx, 'object', f.name, raw);
			return raw.length === 0 && ctx.profile.emptyArraysAsNull ? null : raw;
	}
}

function emails(ctx: ValueContext, f: FieldMeta, v: Record<string, unknown>): Record<string, unknown> {
	const lower = (s: string) => (ctx.profile.lowercaseEmails ? s.trim().toLowerCase() : s);
	if (typeof v.primaryEmail === 'string') {
		v.primaryEmail = lower(v.primaryEmail);
		if (ctx.profile.generation === 2 && v.primaryEmail !== '' && !EMAIL_RE.test(v.primaryEmail as string))
			throw fail(ctx, 'email', `${f.name}.primaryEmail`, v.primaryEmail);
	}
	if (Array.isArray(v.additionalEmails)) {
		const list = v.additionalEmails as unknown[];
		const bad = list.find((e) => typeof e !== 'string' || (ctx.profile.generation === 2 && !EMAIL_RE.test(e)));
		if (bad !== undefined) throw fail(ctx, 'email', `${f.name}.additionalEmails`, bad);
		v.additionalEmails = list.map((e) => lower(e as string));
	}
	return v;
}

const NORMALIZERS: Partial<Record<string, Normalizer>> = {
	TEXT: text,
	NUMBER: number,
	NUMERIC: number,
	BOOLEAN: boolean,
	UUID: uuid,
	DATE: date,
	DATE_TIME: dateTime,
	SELECT: select,
	RATING: select,
	MULTI_SELECT: multiSelect,
	ARRAY: array,
	RAW_JSON: rawJson,
	POSITION: position,
	FILES: files,
	RICH_TEXT: richText,
	RICH_TEXT_V2: richText,
	FULL_NAME: composite,
	EMAILS: composite,
	PHONES: composite,
	LINKS: composite,
	ADDRESS: composite,
	CURRENCY: composite,
	ACTOR: composite,
	RELATION: uuid,
	MORPH_RELATION: uuid
};

export function normalizeValue(ctx: ValueContext, f: FieldMeta, v: unknown): unknown {
	const n = NORMALIZERS[f.type];
	return n ? n(ctx, f, v) : v;
}
