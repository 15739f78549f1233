// Dedupe settings: which raw column plays which role, the blocking rules, the comparison
// weights and the thresholds. Stored in the workspace so a recipe can carry them.
import { z } from 'zod';
import type { Workspace } from '../db/index.js';
import { ensureDedupe } from './schema.js';
import { checkRule } from './blocking.js';
import { DedupeError } from './errors.js';

export const ROLES = ['patient_id', 'first_name', 'middle_name', 'last_name', 'date_of_birth', 'email', 'mobile_phone', 'home_phone', 'address', 'postcode'] as const;
export type Role = (typeof ROLES)[number];

const Column = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a raw column name (lower-case snake_case)');

/** A blocking rule: records whose key expression (over dedupe.records columns) is equal become candidate pairs. */
export const BlockingRule = z.object({
	name: z.string().min(1).max(60),
	key: z.string().min(1).max(300).refine((s) => !/;|--|\/\*/.test(s), 'a single SQL expression (no ; or comments)'),
	enabled: z.boolean().default(true)
});
export type BlockingRule = z.infer<typeof BlockingRule>;

/** Log2 Bayes factors per comparison level: readable per-field contributions. */
export const Weights = z.object({
	first_exact: z.number(), first_nickname: z.number(), first_close: z.number(), first_fuzzy: z.number(), first_other: z.number(),
	last_exact: z.number(), last_close: z.number(), last_fuzzy: z.number(), last_part: z.number(), last_other: z.number(),
	names_swapped: z.number(), names_half_swapped: z.number(),
	middle_same: z.number(), middle_initial: z.number(), middle_other: z.number(),
	dob_exact: z.number(), dob_swapped: z.number(), dob_century: z.number(), dob_close: z.number(), dob_year: z.number(), dob_other: z.number(),
	email_exact: z.number(), email_other: z.number(),
	mobile_exact: z.number(), mobile_other: z.number(),
	home_exact: z.number(), home_other: z.number(),
	address_same: z.number(), postcode_same: z.number(), address_other: z.number()
});
export type Weights = z.infer<typeof Weights>;

export const DedupeSettings = z
	.object({
		table: Column.default('patients'),
		roles: z.object(Object.fromEntries(ROLES.map((r) => [r, Column.nullable()])) as Record<Role, z.ZodNullable<typeof Column>>),
		rules: z.array(BlockingRule).min(1, 'at least one blocking rule').max(20),
		weights: Weights,
		/** Pairs at or above this score join a cluster. */
		threshold: z.number().min(-50).max(100),
		/** Clusters whose every pair scores at least this may be merged without review (never twins). */
		autoMergeThreshold: z.number().min(0).max(200)
	})
	.refine((s) => s.autoMergeThreshold >= s.threshold, { message: 'autoMergeThreshold must be at least threshold', path: ['autoMergeThreshold'] })
	.refine((s) => s.roles.patient_id !== null, { message: 'the patient_id role is required', path: ['roles', 'patient_id'] });
export type DedupeSettings = z.infer<typeof DedupeSettings>;

export const DEFAULT_SETTINGS: DedupeSettings = {
	table: 'patients',
	roles: {
		patient_id: 'patient_id', first_name: 'first_name', middle_name: 'middle_name', last_name: 'last_name',
		date_of_birth: 'date_of_birth', email: 'email', mobile_phone: 'mobile_phone', home_phone: 'home_phone',
		address: 'address_line_1', postcode: 'postcode'
	},
	rules: [
		{ name: 'same birth date + surname sound', key: `dob || '|' || last_key`, enabled: true },
		{ name: 'same birth date + first name sound', key: `dob || '|' || first_key`, enabled: true },
		{ name: 'same birth date + names either way', key: `dob || '|' || least(first_key, last_key) || greatest(first_key, last_key)`, enabled: true },
		{ name: 'same mobile', key: 'mobile', enabled: true },
		{ name: 'same email', key: 'email', enabled: true },
		{ name: 'same home phone + birth year', key: `home || '|' || year(dob)`, enabled: true },
		{ name: 'surname + first name sound + birth year', key: `last_key || '|' || first_key || '|' || year(dob)`, enabled: true }
	],
	weights: {
		first_exact: 4, first_nickname: 3, first_close: 2.5, first_fuzzy: 0, first_other: -8,
		last_exact: 4.5, last_close: 3, last_fuzzy: 0.5, last_part: 2, last_other: -2,
		names_swapped: 8, names_half_swapped: 3,
		middle_same: 1, middle_initial: 0.5, middle_other: -1.5,
		dob_exact: 6, dob_swapped: 3.5, dob_century: 3, dob_close: 1.5, dob_year: -8, dob_other: -10,
		email_exact: 6, email_other: -1,
		mobile_exact: 6, mobile_other: -2,
		home_exact: 2, home_other: -0.5,
		address_same: 2.5, postcode_same: 0.5, address_other: -0.5
	},
	threshold: 8,
	autoMergeThreshold: 20
};

/** Settings saved by an older Ferry (workspace or recipe) lack newer weights: those take their defaults. */
export const SavedSettings = z.preprocess((v) => {
	if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
	const saved = v as Partial<DedupeSettings>;
	return { ...saved, weights: { ...DEFAULT_SETTINGS.weights, ...(saved.weights ?? {}) } };
}, DedupeSettings);

/**
 * The saved settings, else the defaults fitted to this export: a default role whose column the
 * table lacks (no middle name, no home phone) is left out rather than failing the run. The
 * patient id stays, so an export without one gets the clear error from checkRoles.
 */
export async function loadSettings(ws: Workspace): Promise<DedupeSettings> {
	await ensureDedupe(ws);
	const row = await ws.one<{ value: string }>(`select value from dedupe.settings where key = 'settings'`);
	if (row) return SavedSettings.parse(JSON.parse(row.value));
	const cols = await tableColumns(ws, DEFAULT_SETTINGS.table);
	if (!cols.length) return DEFAULT_SETTINGS;
	const roles = Object.fromEntries(ROLES.map((r) => [r, r === 'patient_id' || cols.includes(DEFAULT_SETTINGS.roles[r] ?? '') ? DEFAULT_SETTINGS.roles[r] : null])) as DedupeSettings['roles'];
	return { ...DEFAULT_SETTINGS, roles };
}

/** Saves settings after checking every role against the table's columns. */
export async function saveSettings(ws: Workspace, input: unknown): Promise<DedupeSettings> {
	const settings = DedupeSettings.parse(input);
	await checkRoles(ws, settings);
	// Rule keys are expressions over dedupe.records: check them when a run has made that table.
	const records = await ws.one(`select 1 from information_schema.tables where table_schema = 'dedupe' and table_name = 'records'`);
	if (records) for (const rule of settings.rules) await checkRule(ws, rule);
	await ws.run(`insert or replace into dedupe.settings values ('settings', $1)`, [JSON.stringify(settings)]);
	await ws.audit('dedupe.settings', null, { rules: settings.rules.length, threshold: settings.threshold });
	return settings;
}

export async function tableColumns(ws: Workspace, table: string): Promise<string[]> {
	const rows = await ws.all<{ name: string }>(
		`select column_name as name from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position`,
		[table]
	);
	return rows.map((r) => r.name);
}

export async function checkRoles(ws: Workspace, s: DedupeSettings): Promise<void> {
	const cols = await tableColumns(ws, s.table);
	if (!cols.length) throw new DedupeError(`raw table '${s.table}' does not exist: import an export first`);
	for (const role of ROLES) {
		const col = s.roles[role];
		if (col !== null && !cols.includes(col)) throw new DedupeError(`role ${role}: column '${col}' is not in raw.${s.table}`);
	}
}
