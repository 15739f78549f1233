// The mapping contract: the model stored in the workspace (validated by zod on every read and
// write), the requests that edit it and the answers the mapping routes give. Shared by the
// server and the browser: the mapping page's transform and role lists are these.
import { z } from 'zod';

import { TRANSFORMS } from '../transforms.js';

export { TRANSFORMS };
export const Transform = z.enum(TRANSFORMS);
export type Transform = z.infer<typeof Transform>;

export const FIELD_TYPES = [
	'TEXT',
	'NUMBER',
	'NUMERIC',
	'BOOLEAN',
	'DATE',
	'DATE_TIME',
	'SELECT',
	'FULL_NAME',
	'EMAILS',
	'PHONES',
	'LINKS',
	'ADDRESS',
	'CURRENCY',
	'RICH_TEXT',
	'RELATION',
	'UUID'
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
		notebook: z
			.string()
			.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'notebook: a notebook name')
			.optional(),
		cell: z
			.string()
			.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'cell: a cell name')
			.optional(),
		/**
		 * SHA-256 of the cell's body when a person chose it (or trusted the recipe naming it): the
		 * cell runs only as it was then, so a notebook changed on disk runs nothing unseen.
		 */
		sha256: z
			.string()
			.regex(/^[0-9a-f]{64}$/, 'sha256: 64 hex digits')
			.optional()
	})
	.refine(
		(x) => (x.code?.trim() ? !x.notebook && !x.cell : Boolean(x.notebook && x.cell)),
		'a function is either inline code or a notebook and a TS cell, not both or neither'
	);
export type FunctionRef = z.infer<typeof FunctionRef>;

export const UNRESOLVED = ['hold', 'send-without'] as const;
export const Unresolved = z.enum(UNRESOLVED);
export type Unresolved = z.infer<typeof Unresolved>;

export const FieldMap = z.object({
	/** Payload path: `jobTitle`, `name.firstName`, `phones.primary`, `clinicLocationId`. */
	target: z
		.string()
		.regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)?$/, 'target must be a field name, optionally with one subfield (name.firstName)'),
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
	 * An optional relation whose record was excluded, refused by Twenty or held back: `hold` (the
	 * default, also when absent) holds the whole record back as skipped with that reason;
	 * `send-without` sends the record without this field and records the unresolved link.
	 */
	unresolved: Unresolved.optional(),
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
	'patients',
	'appointments',
	'notes',
	'invoices',
	'locations',
	'insurers',
	'physicians',
	'staff',
	'attachments',
	'patientInsurers',
	'picklists',
	'automations',
	'other'
] as const;
export const TableRoleName = z.enum(TABLE_ROLES);
export type TableRoleName = z.infer<typeof TableRoleName>;

/** The reference columns steps outside the map's sources read from a role's table (staff matching, pick-lists): shown for a person to name. */
export const ROLE_COLUMNS: Partial<Record<TableRoleName, string[]>> = {
	staff: ['email', 'first_name', 'last_name'],
	picklists: ['field', 'value']
};

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
	region: z
		.string()
		.regex(/^[A-Z]{2}$/)
		.default('AU'),
	/** Declared order of numeric dates: 03/04/2024 is 3 April under DMY. */
	dateOrder: z.enum(['DMY', 'MDY']).default('DMY'),
	/** Zone of timestamps written without an offset. */
	zone: z.string().default('Australia/Sydney'),
	currency: z
		.string()
		.regex(/^[A-Z]{3}$/)
		.default('AUD'),
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

// ---- Requests -------------------------------------------------------------------------------

/** POST /mapping/confirm: confirm (or unconfirm) every field the selection names. */
export const ConfirmRequest = z.object({
	source: z.string().optional(),
	object: z.string().optional(),
	target: z.string().optional(),
	confirmed: z.boolean().default(true)
});
export type ConfirmRequest = z.input<typeof ConfirmRequest>;

/** PATCH /mapping/field: override one field (another column, SQL, a transform, a function). Unconfirms it. */
export const FieldOverride = z.object({
	source: z.string(),
	target: z.string(),
	column: z.string().nullable().optional(),
	sql: z.string().nullable().optional(),
	transform: Transform.optional(),
	/** The TS function of the ts_function transform: inline code, or a notebook's TS cell. */
	fn: FunctionRef.nullable().optional(),
	/** An optional relation: hold the record back, or send it without the link, when its record is missing. */
	unresolved: Unresolved.optional()
});
export type FieldOverride = z.input<typeof FieldOverride>;

/** PUT /mapping/tables/:table: a table's role and key, and columns a person names for the role's reference columns (`{ email: 'Work_Email' }`). */
export const TableRoleRequest = z.object({
	role: z.string().min(1),
	key: z.string().min(1).optional(),
	columns: z.record(z.string().min(1), z.string().min(1)).optional()
});
export type TableRoleRequest = z.input<typeof TableRoleRequest>;

/** POST /mapping/fields/set: one field by name (`patients.dateOfBirth`). */
export const FieldSetRequest = z.object({
	field: z.string().min(3),
	column: z.string().min(1).optional(),
	sql: z.string().min(1).optional(),
	transform: z.string().optional(),
	unresolved: z.string().optional()
});
export type FieldSetRequest = z.input<typeof FieldSetRequest>;
export const FieldUnsetRequest = z.object({ field: z.string().min(3) });

/** GET /mapping/values?field=: a SELECT field (`invoices.billingStatus`) and the export's values outside its options. */
export const SelectValuesQuery = z.object({ field: z.string().min(3) });
/** POST /mapping/values: one export value mapped to an option (`to`, UPPER_SNAKE; a new one is added), or made an option of its own. */
export const ValueMapRequest = z.object({
	field: z.string().min(3),
	value: z.string().trim().min(1, 'value: the value as the export writes it, e.g. "Written Off"'),
	to: z.string().trim().min(1).optional(),
	label: z.string().trim().min(1).optional()
});
export type ValueMapRequest = z.input<typeof ValueMapRequest>;

export const PreviewQuery = z.object({ source: z.string().min(1), limit: z.coerce.number().int().min(1).max(200).default(20) });
export const SchemaApplyRequest = z.object({
	confirm: z.literal(true, 'confirm: send {"confirm": true} to change the target\'s data model')
});

// ---- Answers --------------------------------------------------------------------------------

export const ISSUE_CODES = [
	'missing_table',
	'missing_column',
	'sql_error',
	'duplicate_target',
	'select_value',
	'type_mismatch',
	'missing_relation_object',
	'schema_conflict',
	'unconfirmed',
	'dropped_rows',
	'function_error',
	'unused_option',
	'broken_join'
] as const;
export const Issue = z.object({
	code: z.enum(ISSUE_CODES),
	source: z.string().optional(),
	target: z.string().optional(),
	message: z.string(),
	values: z.array(z.object({ value: z.string(), count: z.number() })).optional()
});
export type Issue = z.infer<typeof Issue>;
export const Validation = z.object({ errors: z.array(Issue), warnings: z.array(Issue) });
export type Validation = z.infer<typeof Validation>;
/** GET /mapping/validation: the validation, and whether the target's metadata took part. */
export const ValidationAnswer = Validation.extend({ targetChecked: z.boolean() });
export type ValidationAnswer = z.infer<typeof ValidationAnswer>;

export const ColumnProposal = z.object({
	table: z.string(),
	role: TableRoleName,
	reference: z.string(),
	column: z.string().nullable(),
	confidence: z.number(),
	reason: z.string()
});
export type ColumnProposal = z.infer<typeof ColumnProposal>;
export const ProposeAnswer = z.object({ mapping: Mapping, columns: z.array(ColumnProposal), roles: z.array(TableRole) });
export const ChangedAnswer = z.object({ changed: z.number() });
export const TableRoleAnswer = z.object({ mapping: Mapping, role: TableRole, changedSources: z.array(z.string()) });
export const FieldSetAnswer = z.object({ source: z.string(), field: FieldMap });
export const FieldUnsetAnswer = z.object({ source: z.string(), target: z.string() });
/** A SELECT field's options and the export's values that match none of them, most frequent first. */
export const SelectValuesAnswer = z.object({
	source: z.string(),
	target: z.string(),
	options: z.array(SelectOption),
	values: z.array(z.object({ value: z.string(), count: z.number() }))
});
export type SelectValuesAnswer = z.infer<typeof SelectValuesAnswer>;
/** GET /mapping/functions: fields mapped by a TS function, and the TS cells a function can name. */
export const FunctionsAnswer = z.object({
	fields: z.array(
		z.object({
			source: z.string(),
			target: z.string(),
			fn: FunctionRef.optional(),
			/** Why the function would not run as it is (a changed or unpinned cell), or null. */ problem: z.string().nullable()
		})
	),
	cells: z.array(z.object({ notebook: z.string(), cell: z.string() }))
});
export type FunctionsAnswer = z.infer<typeof FunctionsAnswer>;
/** GET /mapping/columns: every column of every source table, by table. */
export const ColumnsAnswer = z.record(z.string(), z.array(z.string()));
export const PreviewAnswer = z.array(z.object({ source_key: z.string(), payload: z.string() }));
/** GET /mapping/columns/:table/stats: each column's share of non-blank rows (0..1) and up to three frequent values. */
export const ColumnStat = z.object({ column: z.string(), fill: z.number(), samples: z.array(z.string()) });
export type ColumnStat = z.infer<typeof ColumnStat>;
export const ColumnStatsAnswer = z.array(ColumnStat);
/** GET /mapping/preview/table: the preview as a table, one column per field written, related records by name. */
export const PreviewTable = z.object({
	columns: z.array(z.string()),
	rows: z.array(z.object({ sourceKey: z.string(), payload: z.string(), cells: z.record(z.string(), z.string()) }))
});
export type PreviewTable = z.infer<typeof PreviewTable>;

export const Loss = z.object({
	plural: z.string(),
	source: z.string(),
	target: z.string(),
	column: z.string().nullable(),
	reason: z.string(),
	rows: z.number()
});
export type Loss = z.infer<typeof Loss>;
export const CompileAnswer = z.object({
	views: z.array(z.object({ plural: z.string(), object: z.string(), step: z.number(), sources: z.number() })),
	lookups: z.number(),
	/** Links staged in stage.second_pass because they form a cycle. */
	deferredLinks: z.number(),
	sharedEmails: z.object({ emails: z.number(), records: z.number(), policy: z.enum(['additional', 'drop', 'block']) }),
	ms: z.number(),
	losses: z.array(Loss)
});
export type CompileAnswer = z.infer<typeof CompileAnswer>;
export const ReadyAnswer = z.object({ ready: z.literal(true) });

const PlanOption = z.object({ value: z.string(), label: z.string(), color: z.string(), aliases: z.array(z.string()) });
export const SchemaPlan = z.object({
	createObjects: z.array(
		z.object({
			nameSingular: z.string(),
			namePlural: z.string(),
			labelSingular: z.string(),
			labelPlural: z.string(),
			icon: z.string().optional()
		})
	),
	createFields: z.array(
		z.object({
			object: z.string(),
			name: z.string(),
			type: z.string(),
			label: z.string(),
			custom: z.boolean(),
			unique: z.boolean(),
			options: z.array(PlanOption).optional(),
			relation: z.object({ object: z.string(), inverseLabel: z.string() }).optional()
		})
	),
	updateFields: z.array(
		z.object({ object: z.string(), name: z.string(), label: z.string(), fieldId: z.string(), add: z.array(PlanOption) })
	),
	conflicts: z.array(z.object({ object: z.string(), field: z.string().optional(), message: z.string() }))
});
export type SchemaPlan = z.infer<typeof SchemaPlan>;
export const SchemaApplyAnswer = z.object({ objects: z.number(), fields: z.number(), updated: z.number(), plan: SchemaPlan });

export const StaffMatch = z.object({
	staffId: z.string(),
	name: z.string(),
	email: z.string().nullable(),
	memberId: z.string().nullable(),
	status: z.enum(['matched', 'no_account', 'no_email'])
});
export type StaffMatch = z.infer<typeof StaffMatch>;
export const StaffAnswer = z.object({ matches: z.array(StaffMatch), members: z.number() });
