// Notebooks (Markdown files of prose and SQL/TS cells), their cells' state, and result views.
import { z } from 'zod';

export const CELL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
export const CHART_TYPES = ['bar', 'line', 'dot', 'histogram'] as const;

/** A cell's chart: the one definition the notebook file, the API and the chart view share. */
export const ChartSpec = z.object({ type: z.enum(CHART_TYPES), x: z.string().min(1), y: z.string().min(1).optional() });
export type ChartSpec = z.infer<typeof ChartSpec>;

export const ProseBlock = z.object({ kind: z.literal('prose'), text: z.string() });
export const CellBlock = z.object({
	kind: z.literal('cell'),
	lang: z.enum(['sql', 'ts']),
	name: z.string().regex(CELL_NAME, 'cell names use lower-case letters, digits and _ (start with a letter or _)'),
	source: z.string(),
	chart: ChartSpec.optional(),
	/** 1-based line of the opening fence in the file. */
	line: z.number().int().default(0),
	/** The fence as written (``` or ~~~, three or more). */
	fence: z
		.string()
		.regex(/^(`{3,}|~{3,})$/)
		.default('```'),
	/** The info string as written; kept when the cell's lang/name/chart are unchanged. */
	info: z.string().optional()
});
export type CellBlock = z.output<typeof CellBlock>;
export const Block = z.discriminatedUnion('kind', [ProseBlock, CellBlock]);
export type Block = z.output<typeof Block>;
export type ProseBlock = z.output<typeof ProseBlock>;

/** PUT /notebooks/:name: the whole text, or the blocks; `base` is the version the edit started from. */
export const SaveNotebook = z.union([
	z.object({ text: z.string(), base: z.string().optional() }),
	z.object({ blocks: z.array(Block), eol: z.enum(['\n', '\r\n']).optional(), base: z.string().optional() })
]);
export type SaveNotebook = z.input<typeof SaveNotebook>;
export const RunNotebook = z
	.object({ cell: z.string().regex(CELL_NAME, 'cell names use lower-case letters, digits and _').optional() })
	.optional()
	.default({});

export const CellOutput = z.object({
	/** SQL: the view the cell defines and its columns. */
	view: z.string().optional(),
	columns: z.array(z.object({ name: z.string(), type: z.string() })).optional(),
	/** TS: captured console, SVG charts and the returned value as JSON text. */
	logs: z.array(z.object({ level: z.string(), text: z.string() })).optional(),
	svgs: z.array(z.string()).optional(),
	value: z.string().optional()
});
export type CellOutput = z.infer<typeof CellOutput>;
export const CellState = z.object({
	name: z.string(),
	lang: z.enum(['sql', 'ts']),
	line: z.number(),
	deps: z.array(z.string()),
	status: z.enum(['fresh', 'stale', 'error', 'never']),
	hash: z.string(),
	error: z.string().optional(),
	errorLine: z.number().optional(),
	ms: z.number().optional(),
	ranAt: z.string().optional(),
	output: CellOutput.optional()
});
export type CellState = z.infer<typeof CellState>;
export const NotebookFile = z.object({
	name: z.string(),
	text: z.string(),
	/** Hash of the text on disk: a save naming an older base is refused. */
	version: z.string(),
	notebook: z.object({ blocks: z.array(Block), eol: z.enum(['\n', '\r\n']).optional() }).optional(),
	/** Set when the file cannot be parsed (e.g. a broken fence). */
	error: z.string().optional(),
	cells: z.array(CellState)
});
export type NotebookFile = z.infer<typeof NotebookFile>;
export const NotebookList = z.object({
	notebooks: z.array(z.object({ name: z.string(), cells: z.number(), error: z.string().optional() }))
});
export const RunReport = z.object({
	ran: z.array(z.string()),
	failed: z.array(z.string()),
	skipped: z.array(z.string()),
	cells: z.array(CellState)
});

export const ViewName = z
	.string()
	.regex(/^(main|raw|cell_lists)\.[A-Za-z0-9_]+$/, 'name a view as main.<cell>, raw.<table> or cell_lists.<notebook>__<cell>');
export const RowsQuery = z
	.object({
		offset: z.coerce.number().int().min(0).default(0),
		limit: z.coerce.number().int().min(1).max(100_000).default(1000),
		sort: z.string().optional(),
		desc: z.enum(['0', '1', 'true', 'false']).optional()
	})
	.catchall(z.string());
export const ViewStats = z.object({
	rows: z.number(),
	columns: z.array(z.object({ name: z.string(), type: z.string(), nulls: z.number(), distinct: z.number() })),
	note: z.string()
});
export type ViewStats = z.infer<typeof ViewStats>;
export const SchemaAnswer = z.object({ tables: z.record(z.string(), z.array(z.string())) });

/** POST /query: one SELECT, answered as paged Arrow IPC. */
export const QueryRequest = z.object({
	sql: z.string().min(1, 'sql must not be empty'),
	offset: z.number().int().min(0).default(0),
	limit: z.number().int().min(1).max(100_000).default(1000)
});
export type QueryRequest = z.input<typeof QueryRequest>;
export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';
