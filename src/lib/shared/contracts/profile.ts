// The profile of the current snapshot: raw tables, one table's column profile, cross-table checks.
import { z } from 'zod';

export const RawTable = z.string().regex(/^[a-z0-9_]{1,128}$/, 'raw table names use lower-case letters, digits and _');
export const TablesAnswer = z.object({ tables: z.array(z.object({ table: z.string(), columns: z.number() })), note: z.string() });
/** One table's column profile; each column's statistics are profile/columns.ts's ColumnProfile. */
export const TableProfile = z.object({
	table: z.string(),
	rows: z.number(),
	/** Rows top values and formats were counted in: `rows`, or a sample of a large table. */
	sampleRows: z.number(),
	columns: z.array(z.object({ name: z.string() }).loose()),
	/** Set when the time budget ran out before every column was read. */
	stopped: z.object({ columnsLeft: z.number(), reason: z.string() }).optional()
});
export const Checks = z
	.object({
		orphans: z.array(z.object({}).loose()),
		implausible: z.array(z.object({}).loose()),
		picklists: z.array(z.object({}).loose()),
		/** Location ids that reach themselves through their parent chain, per cycle. */
		cycles: z.array(z.array(z.string())),
		skipped: z.array(z.string())
	})
	.loose();
