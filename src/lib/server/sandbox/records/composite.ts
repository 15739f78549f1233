// Composite field shapes [TWENTY.md §4.2, §9 fact 11] and their stored defaults.
import type { Profile } from '../profiles/index.js';

export type SubKind = 'text' | 'number' | 'array' | 'json' | 'uuid' | 'nullableText';

export const COMPOSITES: Record<string, Record<string, SubKind>> = {
	FULL_NAME: { firstName: 'text', lastName: 'text' },
	EMAILS: { primaryEmail: 'text', additionalEmails: 'array' },
	PHONES: {
		primaryPhoneNumber: 'text',
		primaryPhoneCountryCode: 'text',
		primaryPhoneCallingCode: 'text',
		additionalPhones: 'array'
	},
	LINKS: { primaryLinkLabel: 'text', primaryLinkUrl: 'text', secondaryLinks: 'array' },
	ADDRESS: {
		addressStreet1: 'text',
		addressStreet2: 'text',
		addressCity: 'text',
		addressPostcode: 'text',
		addressState: 'text',
		addressCountry: 'text',
		addressLat: 'number',
		addressLng: 'number'
	},
	CURRENCY: { amountMicros: 'number', currencyCode: 'text' },
	ACTOR: { source: 'text', workspaceMemberId: 'uuid', name: 'text', context: 'json' },
	RICH_TEXT: { blocknote: 'nullableText', markdown: 'nullableText' },
	RICH_TEXT_V2: { blocknote: 'nullableText', markdown: 'nullableText' }
};

export const isComposite = (type: string): boolean => type in COMPOSITES;

/** Subfields that form a unique key [TWENTY.md §1.4: isIncludedInUniqueConstraint]. */
export const UNIQUE_SUBFIELDS: Record<string, string[]> = {
	EMAILS: ['primaryEmail'],
	LINKS: ['primaryLinkUrl'],
	PHONES: ['primaryPhoneNumber', 'primaryPhoneCountryCode', 'primaryPhoneCallingCode']
};

/** SQL-quoted metadata default ("'FR'") → value. */
export function unquote(v: unknown): unknown {
	if (typeof v === 'string' && v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
	return v;
}

function subDefault(kind: SubKind, profile: Profile): unknown {
	if (kind === 'text') return '';
	if (kind === 'array') return profile.emptyArraysAsNull ? null : [];
	if (kind === 'json') return {};
	return null;
}

export function compositeDefault(type: string, profile: Profile, defaultValue?: unknown): Record<string, unknown> {
	const shape = COMPOSITES[type];
	const given = (defaultValue && typeof defaultValue === 'object' ? defaultValue : {}) as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const [sub, kind] of Object.entries(shape)) {
		const d = unquote(given[sub]);
		out[sub] = d === undefined || d === null ? subDefault(kind, profile) : d;
	}
	return out;
}

export const ACTOR_DEFAULT = { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: {} };
