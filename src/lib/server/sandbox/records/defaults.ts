// Stored defaults per field type. Recordings show what an unset field reads back as: "" for
// TEXT and composite text subfields, null (v1.5) or [] (v2.20) for arrays, SELECT defaults
// from metadata ('TODO', 'NEW').
import type { FieldMeta } from '../metadata/types.js';
import type { Profile } from '../profiles/index.js';
import { ACTOR_DEFAULT, compositeDefault, isComposite, unquote } from './composite.js';

export function fieldDefault(f: FieldMeta, profile: Profile): unknown {
	const d = unquote(f.defaultValue);
	if (f.type === 'ACTOR') return { ...ACTOR_DEFAULT };
	if (isComposite(f.type)) return compositeDefault(f.type, profile, f.defaultValue);
	switch (f.type) {
		case 'TEXT':
			return typeof d === 'string' ? d : '';
		case 'SELECT':
		case 'RATING':
			return typeof d === 'string' ? d : null;
		case 'MULTI_SELECT':
		case 'ARRAY':
			if (Array.isArray(d)) return d.map(unquote);
			return profile.emptyArraysAsNull ? null : [];
		case 'NUMBER':
		case 'NUMERIC':
		case 'BOOLEAN':
			return typeof d === 'number' || typeof d === 'boolean' ? d : null;
		case 'POSITION':
			return 0;
		default:
			return null;
	}
}

/** Merges a (partial) composite input into a stored composite value. */
export function mergeValue(f: FieldMeta, current: unknown, given: unknown): unknown {
	if (!isComposite(f.type) || given === null || typeof given !== 'object') return given;
	return { ...(current as object), ...(given as object) };
}
