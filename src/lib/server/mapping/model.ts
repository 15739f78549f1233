// The mapping model: which source column (or SQL expression) lands in which Twenty field,
// through which transform, and whether a person confirmed it. Stored as JSON in the
// workspace and validated by zod on every read and write.
import { z } from 'zod';

export const TRANSFORMS = [
	'text', 'email', 'phone_e164', 'date', 'datetime', 'money_micros', 'number', 'integer', 'boolean',
	'select_value', 'html_to_markdown', 'relation', 'patient_ref', 'member_ref', 'ts_function', 'none'
] as const;
export const Transform = z.enum(TRANSFORMS);
export type Transform = z.infer<typeof Transform>;

export const FIELD_TYPES = [
	'TEXT', 'NUMBER', 'NUMERIC', 'BOOLEAN', 'DATE', 'DATE_TIME', 'SELECT', 'FULL_NAME', 'EMAILS', 'PHONES',
	'LINKS', 'ADDRESS', 'CURRENCY', 'RICH_TEXT', 'RELATION', 'UUID'
] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

const camel = z.string().regex(/^[a-z][a-zA-Z0-9]{0,62}$/, 'must be camelCase (^[a-z][a-zA-Z0-9]*$, at most 63 characters)');
const upperSnake = z.string().regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'select values must be UPPER_SNAKE_CASE');

export const SelectOption = z.object({
	value: upperSnake,
	label: z.string().min(1),
	color: z.string().default('gray'),
	/** Other spellings in the export that mean this option (compared case- and space-insensitively). */
	aliases: z.array(z.string()).default([])
});
export type SelectOption = z.infer<typeof SelectOption>;

export const Relation = z.object({
	/** Twenty object the relation points at (singular name). */
	object: camel,
	/** Source-key entity of the target records, e.g. `location` → `location:<id>`. */
	entity: z.string().min(1),
	/** Raw table and key column the referenced id must exist in (broken references become null). */
	table: z.string().optional(),
	column: z.string().optional(),
	/** Label of the inverse field created on the target object. */
	inverseLabel: z.string().optional()
});

/**
 * A TypeScript function `(value, row) => newValue` that replaces the transform: its source
 * inline (`code`, an expression or a body returning one), or a notebook's TS cell whose body
 * returns the function (`notebook` + `cell`). One parameter: run once per distinct value;
 * two: once per row (`row` holds the source row's columns as text).
 */
export const FunctionRef = z
	.object({
		code: z.string().max(20_000).optional(),
		notebook: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'notebook: a notebook name').optional(),
		cell: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'cell: a cell name').optional(),
		/**
		 * SHA-256 of the cell's body when a person chose it (or trusted the recipe naming it): the
		 * cell runs only as it was then, so a notebook changed on disk runs nothing unseen.
		 */
		sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 hex digits').optional()
	})
	.refine((x) => (x.code?.trim() ? !x.notebook && !x.cell : Boolean(x.notebook && x.cell)), 'a function is either inline code or a notebook and a TS cell, not both or neither');
export type FunctionRef = z.infer<typeof FunctionRef>;

export const FieldMap = z.object({
	/** Payload path: `jobTitle`, `name.firstName`, `phones.primary`, `clinicLocationId`. */
	target: z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)?$/, 'target must be a field name, optionally with one subfield (name.firstName)'),
	type: FieldType,
	/** Label for a custom field Ferry creates. */
	label: z.string().optional(),
	/** Created through the metadata API when the target lacks it. */
	custom: z.boolean().default(false),
	unique: z.boolean().default(false),
	/** Raw column (normalised name) read as the input … */
	column: z.string().optional(),
	/** … or a SQL expression over the source row `s` that overrides it. */
	sql: z.string().optional(),
	transform: Transform,
	/** The function of the `ts_function` transform. */
	fn: FunctionRef.optional(),
	options: z.array(SelectOption).optional(),
	relation: Relation.optional(),
	/** Rows whose value is null are not staged (link rows without their patient). */
	required: z.boolean().default(false),
	/**
	 * SQL over the source row (and its joins) giving the IANA zone its wall-clock times are in (the
	 * site's zone); null rows and fields without it use the map's zone.
	 */
	zone: z.string().optional(),
	/** Order of numeric dates in this field's column, when its values said so (else the map's). */
	dateOrder: z.enum(['DMY', 'MDY']).optional(),
	confirmed: z.boolean().default(false),
	confidence: z.number().min(0).max(1).optional(),
	reason: z.string().optional()
});
export type FieldMap = z.infer<typeof FieldMap>;

export const Join = z.object({ alias: z.string().regex(/^[a-z][a-z0-9_]*$/), sql: z.string().min(1), on: z.string().min(1) });

export const SourceMap = z.object({
	id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
	/** Twenty object (singular) and its REST plural, which names the stage view. */
	object: camel,
	plural: camel,
	table: z.string().min(1),
	/** Source-key entity and the SQL giving the id part (default: the key column trimmed). */
	entity: z.string().min(1),
	keyColumn: z.string().min(1),
	keySql: z.string().optional(),
	where: z.string().optional(),
	joins: z.array(Join).default([]),
	/** Sort rank inside the stage view: rows that others point at go first. */
	rank: z.string().optional(),
	fields: z.array(FieldMap),
	/** Extra stage columns beside the payload (the attachment's file path for the loader's upload). */
	extras: z.record(z.string(), z.string()).default({}),
	/** Source columns deliberately not mapped, with why. */
	leftOut: z.array(z.object({ column: z.string(), why: z.string() })).default([]),
	/** Target fields the proposer found no data for in this export (no such column or table), with why. */
	notInExport: z.array(z.object({ target: z.string(), why: z.string() })).default([])
});
export type SourceMap = z.infer<typeof SourceMap>;

export const TABLE_ROLES = [
	'patients', 'appointments', 'notes', 'invoices', 'locations', 'insurers', 'physicians', 'staff', 'attachments',
	'patientInsurers', 'picklists', 'automations', 'other'
] as const;
export const TableRoleName = z.enum(TABLE_ROLES);
export type TableRoleName = z.infer<typeof TableRoleName>;

/** What a raw table holds and which column identifies its rows; proposed, then confirmed or changed by a person. */
export const TableRole = z.object({
	table: z.string().min(1),
	role: TableRoleName,
	key: z.string(),
	confidence: z.number().min(0).max(1).default(0),
	reason: z.string().default(''),
	confirmed: z.boolean().default(false),
	/** Reference column → this table's column, as the proposer matched them (read by steps outside the sources: staff). */
	columns: z.record(z.string(), z.string()).default({})
});
export type TableRole = z.infer<typeof TableRole>;

export const CustomObject = z.object({
	nameSingular: camel,
	namePlural: camel,
	labelSingular: z.string().min(1),
	labelPlural: z.string().min(1),
	icon: z.string().optional()
});
export type CustomObject = z.infer<typeof CustomObject>;

export const Mapping = z.object({
	version: z.literal(1),
	/** Default region for phone numbers without a country code (ISO 3166 alpha-2). */
	region: z.string().regex(/^[A-Z]{2}$/).default('AU'),
	/** Declared order of numeric dates: 03/04/2024 is 3 April under DMY. */
	dateOrder: z.enum(['DMY', 'MDY']).default('DMY'),
	/** Zone of timestamps written without an offset. */
	zone: z.string().default('Australia/Sydney'),
	currency: z.string().regex(/^[A-Z]{3}$/).default('AUD'),
	/**
	 * Distinct people sharing one email (families, a parent's address on a child's record): Twenty
	 * keeps primary emails unique. 'additional': the first record keeps it, the others carry it in
	 * additionalEmails; 'drop': the others go without; 'block': the freeze marks the others invalid.
	 */
	sharedEmails: z.enum(['additional', 'drop', 'block']).default('additional'),
	objects: z.array(CustomObject).default([]),
	/** Every raw table's role and key (empty in maps saved before roles existed: read through tableRoles). */
	tables: z.array(TableRole).default([]),
	sources: z.array(SourceMap)
});
export type Mapping = z.infer<typeof Mapping>;

/** Push order from docs/contracts.md. */
export const STEPS: Record<string, number> = {
	companies: 1, people: 2, tasks: 3, notes: 4, taskTargets: 5, noteTargets: 5, attachments: 7
};
export const stepOf = (plural: string) => STEPS[plural] ?? 6;

/** The field name in Twenty a mapping writes: `name.firstName` → name, `clinicLocationId` → clinicLocation. */
export function fieldName(f: Pick<FieldMap, 'target' | 'type'>): string {
	const top = f.target.split('.')[0];
	return f.type === 'RELATION' ? top.replace(/Id$/, '') : top;
}

