// The transforms a mapped field can go through: one list for the server's mapping model and the
// mapping page's dropdown, so the page offers exactly what the compiler knows.
export const TRANSFORMS = [
	'text',
	'email',
	'phone_e164',
	'date',
	'datetime',
	'money_micros',
	'number',
	'integer',
	'boolean',
	'select_value',
	'html_to_markdown',
	'relation',
	'patient_ref',
	'member_ref',
	'ts_function',
	'none'
] as const;
export type TransformName = (typeof TRANSFORMS)[number];
