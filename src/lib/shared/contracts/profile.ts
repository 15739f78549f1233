// The profile of the current snapshot: raw tables, one table's column profile, cross-table checks.
// The server's profile types are inferred from these (profile/columns.ts, profile/checks.ts).
import { z } from 'zod';

export const RawTable = z.string().regex(/^[a-z0-9_]{1,128}$/, 'raw table names use lower-case letters, digits and _');
export const TablesAnswer = z.object({ tables: z.array(z.object({ table: z.string(), columns: z.number() })), note: z.string() });

export const ColumnKind = z.enum(['email', 'phone', 'date']).nullable();
export type ColumnKind = z.infer<typeof ColumnKind>;
export const ColumnProfile = z.object({
	name: z.string(),
	/** The header as the export wrote it. */
	header: z.string(),
	nulls: z.number(),
	nullRate: z.number(),
	/** approx_count_distinct: approximate. */
	distinct: z.number(),
	/** Most common values, most common first (counted in the sample and scaled for a large table); none when mostly unique. */
	top: z.array(z.object({ value: z.string(), count: z.number() })),
	/** About as many distinct values as values (ids, names, emails, note text): no value is common, so top values are not counted. */
	mostlyUnique: z.boolean(),
	kind: ColumnKind,
	/** email: valid/invalid counts; phone/date: the formats seen (digits as 9, letters as a), from the sample for a large table. */
	classes: z.array(z.object({ label: z.string(), count: z.number(), ok: z.boolean().optional() }))
});
export type ColumnProfile = z.infer<typeof ColumnProfile>;
export const TableProfile = z.object({
	table: z.string(),
	rows: z.number(),
	/** Rows top values and formats were counted in: `rows`, or a sample of a large table (counts then scaled to `rows`). */
	sampleRows: z.number(),
	columns: z.array(ColumnProfile),
	/** Set when the time budget ran out before every column was read. */
	stopped: z.object({ columnsLeft: z.number(), reason: z.string() }).optional()
});
export type TableProfile = z.infer<typeof TableProfile>;

export const OrphanCheck = z.object({
	table: z.string(),
	column: z.string(),
	/** The table and key column the values should exist in. */
	target: z.string(),
	targetColumn: z.string(),
	orphans: z.number(),
	/** Up to 20 source ids of orphan rows (ids only). */
	sample: z.array(z.string())
});
export type OrphanCheck = z.infer<typeof OrphanCheck>;
export const PicklistUse = z.object({
	field: z.string(),
	table: z.string(),
	column: z.string(),
	values: z.array(z.object({ value: z.string(), defined: z.boolean(), active: z.boolean(), used: z.number() }))
});
export type PicklistUse = z.infer<typeof PicklistUse>;
/** Values that parse but cannot be true: a birth date in the future or over 120 years ago, a 3-digit postcode. */
export const ImplausibleCheck = z.object({
	table: z.string(),
	column: z.string(),
	/** The Twenty field the map writes it to. */
	field: z.string(),
	kind: z.enum(['future_birth_date', 'age_over_120', 'short_postcode']),
	count: z.number(),
	/** Up to 20 row keys (ids only). */
	sample: z.array(z.string())
});
export type ImplausibleCheck = z.infer<typeof ImplausibleCheck>;
export const Checks = z.object({
	orphans: z.array(OrphanCheck),
	implausible: z.array(ImplausibleCheck),
	picklists: z.array(PicklistUse),
	/** Location ids that reach themselves through their parent chain, per cycle. */
	cycles: z.array(z.array(z.string())),
	skipped: z.array(z.string())
});
export type Checks = z.infer<typeof Checks>;
