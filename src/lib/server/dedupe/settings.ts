// Dedupe settings: which raw column plays which role, the blocking rules, the comparison
// weights and the thresholds. Stored in the workspace so a recipe can carry them.
import type { Workspace } from '../db/index.js';
import { ensureDedupe } from './schema.js';
import { checkRule } from './blocking.js';
import { detectRoles } from './roles.js';
import { patientSource } from './source.js';
import { FerryError } from '../errors.js';

export { ROLES, BlockingRule, DedupeSettings, type Role } from '../../shared/contracts/dedupe.js';
import { NO_ROLES, ROLES, DedupeSettings, SavedSettings, type BlockingRule, type Role } from '../../shared/contracts/dedupe.js';

/**
 * Blocking rules over dedupe.records, unioned: none needs every field, so one blank or mistyped
 * value (birth date, surname, phone) leaves other ways to meet. Keys on absent roles are null
 * and make no pairs. Big blocks are split by a second key, not skipped (see blocking.ts).
 */
export const DEFAULT_RULES: BlockingRule[] = [
	{ name: 'same birth date + surname sound', key: `dob || '|' || last_key`, enabled: true },
	{ name: 'same birth date + first name sound', key: `dob || '|' || first_key`, enabled: true },
	{
		name: 'same birth date + names either way',
		key: `dob || '|' || least(first_key, last_key) || greatest(first_key, last_key)`,
		enabled: true
	},
	{ name: 'surname + first name sound + birth year', key: `last_key || '|' || first_key || '|' || year(dob)`, enabled: true },
	{
		name: 'names either way + postcode',
		key: `least(first_key, last_key) || greatest(first_key, last_key) || '|' || postcode`,
		enabled: true
	},
	{ name: 'first name + surname initial + suburb', key: `first || '|' || last[1] || '|' || suburb`, enabled: true },
	{ name: 'surname + first initial + street', key: `last || '|' || first[1] || '|' || address`, enabled: true },
	{ name: 'same identifier', key: 'ident', enabled: true },
	{ name: 'same mobile', key: 'mobile', enabled: true },
	{ name: 'same email', key: 'email', enabled: true },
	{ name: 'same home phone + birth year', key: `home || '|' || year(dob)`, enabled: true },
	{ name: 'street number + street + postcode', key: `street_no || '|' || address || '|' || postcode`, enabled: true },
	{ name: 'birth date + postcode', key: `dob || '|' || postcode`, enabled: true },
	{ name: 'birth date + suburb', key: `dob || '|' || suburb`, enabled: true }
];

/** No table or column names: loadSettings finds them in the export (the patients role, roles.ts). */
export const DEFAULT_SETTINGS: DedupeSettings = {
	table: '',
	roles: { ...NO_ROLES },
	rules: DEFAULT_RULES,
	// log2 odds of one person: 5 is a match probability of 0.97 (the prior is two random records matching, as Splink estimates it)
	threshold: 5,
	autoMergeThreshold: 16
};

/**
 * The saved settings, else the defaults fitted to this export: roles found from the patients
 * table's headers and values (see roles.ts). With no patient id found, the role stays empty so
 * the run fails with checkRoles's clear error rather than guessing.
 */
export async function loadSettings(ws: Workspace): Promise<DedupeSettings> {
	await ensureDedupe(ws);
	const row = await ws.one<{ value: string }>(`select value from dedupe.settings where key = 'settings'`);
	if (row) return SavedSettings.parse(JSON.parse(row.value));
	const src = await patientSource(ws);
	if (!src) return DEFAULT_SETTINGS;
	const { roles } = await detectRoles(ws, src.table, src.columns);
	return {
		...DEFAULT_SETTINGS,
		table: src.table,
		roles: { ...NO_ROLES, ...roles, patient_id: src.key ?? roles.patient_id ?? null }
	};
}

/** How each role of the current settings was found, for the settings screen and the CLI. */
export async function roleReasons(ws: Workspace, s: DedupeSettings): Promise<Partial<Record<Role, string>>> {
	const cols = await tableColumns(ws, s.table);
	if (!cols.length) return {};
	const { roles, reasons } = await detectRoles(ws, s.table, cols);
	return Object.fromEntries(ROLES.filter((r) => s.roles[r]).map((r) => [r, roles[r] === s.roles[r] ? reasons[r]! : 'chosen by hand']));
}

/** Saves settings after checking every role against the table's columns. */
export async function saveSettings(ws: Workspace, input: unknown): Promise<DedupeSettings> {
	const settings = DedupeSettings.parse(input);
	await checkRoles(ws, settings);
	// Rule keys are expressions over dedupe.records: check them when a run has made that table.
	if (await ws.exists('dedupe', 'records')) for (const rule of settings.rules) await checkRule(ws, rule);
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
	if (!s.table)
		throw new FerryError(
			`no table plays the patients role: import an export, or give its patients table that role (ferry map table <table> --role patients, or on the Mapping page)`
		);
	const cols = await tableColumns(ws, s.table);
	if (!cols.length)
		throw new FerryError(
			`raw table '${s.table}' does not exist: import an export first, or give its patients table the patients role (ferry map table <table> --role patients, or on the Mapping page)`
		);
	if (!s.roles.patient_id)
		throw new FerryError(
			`role patient_id: no column of ${s.table} is known as the patient's id: set the table's key (ferry map table ${s.table} --role patients --key <column>) or choose it in the dedupe settings`
		);
	for (const role of ROLES) {
		const col = s.roles[role];
		if (col !== null && !cols.includes(col)) throw new FerryError(`role ${role}: column '${col}' is not in raw.${s.table}`);
	}
}
