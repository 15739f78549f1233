// SELECT / MULTI_SELECT options [TWENTY.md §5.2]: UPPER_SNAKE values of at most 63
// characters, a label, one of the 25 tag colours, no duplicate value, position or id.
import type { Profile } from '../profiles/index.js';
import { metadataError } from './errors.js';
import { IDENTIFIER_MAX_CHAR_LENGTH, OPTION_VALUE_RE, TAG_COLORS } from './names.js';
import type { OptionDef } from './types.js';

const RATING_OPTIONS: OptionDef[] = [1, 2, 3, 4, 5].map((n, i) => ({
	value: `RATING_${n}`,
	label: `${n}`,
	color: 'gray',
	position: i
}));

export function readOptions(profile: Profile, type: string, raw: unknown): OptionDef[] | undefined {
	if (type === 'RATING') return raw === undefined ? RATING_OPTIONS : checkOptions(profile, raw);
	if (type !== 'SELECT' && type !== 'MULTI_SELECT') return undefined;
	return checkOptions(profile, raw);
}

function checkOptions(profile: Profile, raw: unknown): OptionDef[] {
	const fail = (msg: string, value?: unknown) => metadataError(profile, 'field', 'INVALID_FIELD_INPUT', msg, value);
	if (!Array.isArray(raw) || raw.length === 0) throw fail('Options are required for enum fields');
	const seen = { value: new Set<string>(), position: new Set<number>(), id: new Set<string>() };
	return raw.map((o, i) => {
		const opt = (o ?? {}) as Record<string, unknown>;
		const value = opt.value;
		if (typeof value !== 'string' || !OPTION_VALUE_RE.test(value) || value.length > IDENTIFIER_MAX_CHAR_LENGTH)
			throw fail('Value must be in UPPER_CASE and follow snake_case', value);
		if (typeof opt.label !== 'string' || opt.label.trim() === '') throw fail('Option label is required', value);
		if (typeof opt.color !== 'string' || !TAG_COLORS.has(opt.color)) throw fail(`Invalid color "${String(opt.color)}"`, value);
		const position = typeof opt.position === 'number' ? opt.position : i;
		if (seen.value.has(value)) throw fail(`Duplicated option value "${value}"`, value);
		if (seen.position.has(position)) throw fail(`Duplicated option position "${position}"`, value);
		if (typeof opt.id === 'string' && seen.id.has(opt.id)) throw fail(`Duplicated option id "${opt.id}"`, value);
		seen.value.add(value);
		seen.position.add(position);
		if (typeof opt.id === 'string') seen.id.add(opt.id);
		return { value, label: opt.label, color: opt.color, position };
	});
}
