// Recipes (a workspace's work saved as a file and replayed elsewhere) and the rebuild reference.
import { z } from 'zod';
import { DedupeRecipe } from './dedupe.js';
import { BatchSummary, pushSettingsSchema, RunCounts, UnresolvedCount } from './loader.js';
import { Mapping } from './mapping.js';

export const RECIPE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const RecipeName = z.string().regex(RECIPE_NAME, 'name: lower-case letters, digits, - or _ (at most 63)');
export const SaveRecipe = z.object({ name: RecipeName, description: z.string().max(2000).default('') });
export const Trust = z
	.union([z.literal(true), z.string().regex(/^[0-9a-f]{64}$/, 'trust: true, or the SHA-256 of the code shown (64 hex digits)')])
	.optional();
export const ReplayRequest = z.object({
	export: z.string().min(1, 'export: the path of the export to import'),
	push: z.boolean().default(false),
	trust: Trust
});
export type ReplayRequest = z.input<typeof ReplayRequest>;

export const RecipeList = z.object({
	recipes: z.array(z.object({ name: z.string(), description: z.string(), savedAt: z.string().optional(), error: z.string().optional() }))
});
export const SavedRecipe = z.object({
	recipe: z.object({ name: z.string(), savedAt: z.string(), files: z.number(), cleaning: z.number(), decisions: z.number() })
});
// ---- The recipe file (server/recipes/model.ts migrates older versions to this one) ------------

export const RECIPE_VERSION = 2;

const Column = z.strictObject({ name: z.string().min(1), original: z.string().min(1) });

/** What the export must look like: its files and their columns, and how to read them. */
export const ImportExpectations = z.strictObject({
	files: z.array(
		z.strictObject({
			file: z.string().min(1),
			table: z.string().regex(/^[a-z0-9_]+$/, 'a raw table name'),
			required: z.boolean().default(true),
			/** Text encoding seen when the recipe was saved (a different one is a warning). */
			encoding: z.string().nullable().default(null),
			columns: z.array(Column).default([])
		})
	),
	/** Per table: header (normalised) an export may use instead → the column the recipe expects. */
	aliases: z.record(z.string(), z.record(z.string(), z.string())).default({}),
	/** Declared order of numeric dates (also carried by the mapping). */
	dateOrder: z.enum(['DMY', 'MDY']).default('DMY')
});

export const CleaningStep = z.union([
	z.strictObject({
		notebook: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a notebook name in cells/'),
		cells: z.array(z.string()).optional()
	}),
	z.strictObject({ name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a view name'), sql: z.string().min(1) })
]);
export type CleaningStep = z.infer<typeof CleaningStep>;

export const RecipeV2 = z.strictObject({
	format: z.literal('ferry-recipe'),
	version: z.literal(2),
	name: z.string().regex(RECIPE_NAME, 'recipe name: lower-case letters, digits, - or _'),
	description: z.string().default(''),
	savedAt: z.string().optional(),
	import: ImportExpectations,
	cleaning: z.array(CleaningStep).default([]),
	dedupe: DedupeRecipe.nullable().default(null),
	mapping: Mapping.nullable().default(null),
	schema: z.strictObject({ apply: z.boolean().default(true) }).default({ apply: true }),
	batches: z
		.strictObject({
			/** Twenty objects (REST plurals) to freeze, in push order; empty = every staged object. */
			objects: z.array(z.string()).default([]),
			/** The person who saved the recipe approved its batches (DESIGN invariant 2). */
			approve: z.boolean().default(true),
			/** Leave records that fail the target's validation behind (each with its reason) instead of stopping. */
			excludeInvalid: z.boolean().default(false)
		})
		.default({ objects: [], approve: true, excludeInvalid: false }),
	loader: pushSettingsSchema.partial().default({})
});
export type Recipe = z.infer<typeof RecipeV2>;
/** GET /recipes/:name: the recipe file, migrated to the current version. */
export const Recipe = RecipeV2;
export const RecipeCode = z.object({
	/** SHA-256 of the listing: what a person trusts, and what a pinned hash names. */
	hash: z.string(),
	items: z.array(z.object({ kind: z.enum(['sql', 'ts']), where: z.string(), text: z.string() })),
	trusted: z.boolean()
});
export type RecipeCode = z.infer<typeof RecipeCode>;
/** The replay job's progress: the step under way. */
export const ReplayProgress = z.object({ step: z.string() });
/** What a replay did, step by step; the CLI prints it and exits with its code. */
export const ReplaySummary = z.object({
	recipe: z.string(),
	workspace: z.string(),
	status: z.enum(['planned', 'pushed', 'blocked', 'failed']),
	/** 0 planned or pushed, 3 blocked (expectations, validation, invalid records), 4 push with failures. */
	exitCode: z.union([z.literal(0), z.literal(3), z.literal(4)]),
	problems: z.array(z.string()),
	warnings: z.array(z.string()),
	import: z.object({
		snapshotId: z.number(),
		rowsRead: z.number(),
		rowsStaged: z.number(),
		rowsRejected: z.number(),
		aliased: z.array(z.string())
	}),
	cleaning: z.object({ ran: z.array(z.string()), failed: z.array(z.string()) }),
	dedupe: z.object({ applied: z.number(), failed: z.number(), newClusters: z.number() }).nullable(),
	mapping: z.object({ views: z.number(), errors: z.number(), warnings: z.number() }).nullable(),
	stage: z.array(z.object({ plural: z.string(), step: z.number(), records: z.number() })),
	schema: z
		.object({ createObjects: z.array(z.string()), createFields: z.number(), conflicts: z.number(), applied: z.boolean() })
		.nullable(),
	batches: z.array(BatchSummary.pick({ id: true, plural: true, records: true, valid: true, invalid: true, excluded: true, status: true })),
	/** The run's counts, and the optional links it sent without their record (a person chose so in the map). */
	run: z.object({ id: z.number(), counts: z.array(RunCounts), unresolved: z.array(UnresolvedCount) }).nullable()
});
export type ReplaySummary = z.infer<typeof ReplaySummary>;
export type ReplayStatus = ReplaySummary['status'];

export const RebuildQuery = z.object({ format: z.enum(['json', 'md', 'html'], 'format: use json, md or html').default('json') });
/** The rebuild reference's document: plain text quoted from the export, rendered as Markdown, HTML or the page. */
export const DocBlock = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('heading'),
		level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
		text: z.string(),
		id: z.string().optional()
	}),
	z.object({ kind: z.literal('para'), text: z.string() }),
	z.object({ kind: z.literal('list'), items: z.array(z.string()) }),
	z.object({ kind: z.literal('steps'), items: z.array(z.string()) }),
	z.object({ kind: z.literal('code'), text: z.string() }),
	z.object({ kind: z.literal('table'), head: z.array(z.string()), rows: z.array(z.array(z.string())) })
]);
export type DocBlock = z.infer<typeof DocBlock>;
export const RebuildAnswer = z.object({
	blocks: z.array(DocBlock),
	counts: z.object({ reminderRules: z.number(), workflows: z.number(), templates: z.number() })
});
export type RebuildAnswer = z.infer<typeof RebuildAnswer>;
