// A workspace → a recipe: each part taken from its concern's public functions. The target URL and
// its API key stay out (the key is also checked for, verbatim, before anything is written).
import type { Workspace } from '../db/index.js';
import { exportRecipe as dedupeRecipe } from '../dedupe/index.js';
import { loadMapping } from '../mapping/index.js';
import { targetOf } from '../loader/index.js';
import { RecipeV2, type Recipe, type CleaningStep } from './model.js';
import { writeRecipe } from './store.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';
import { codeHash, recipeCodeItems, trustCode } from './trust.js';
import { FerryError } from '../errors.js';

async function exists(ws: Workspace, schema: string, table: string): Promise<boolean> {
	return ws.exists(schema, table);
}

/** Files, tables, columns and encodings of the newest snapshot: what a replayed export must offer. */
async function importExpectations(ws: Workspace, dateOrder: 'DMY' | 'MDY'): Promise<Recipe['import']> {
	const snap = await ws.one<{ id: number }>(`select ${CURRENT_SNAPSHOT_SQL} as id`);
	if (!snap?.id) throw new FerryError(`workspace '${ws.name}' has no snapshot: import an export before saving a recipe`, 409);
	const files = await ws.all<{ file: string; table_name: string; encoding: string | null }>(
		`select file, table_name, encoding from ferry.snapshot_files where snapshot_id = $1 and table_name is not null and status <> 'failed' order by file, sheet`,
		[snap.id]
	);
	const cols = await ws.all<{ table_name: string; name: string; original_name: string }>(
		`select table_name, name, original_name from ferry.snapshot_columns where snapshot_id = $1 order by table_name, position`,
		[snap.id]
	);
	return {
		files: files.map((f) => ({
			file: f.file,
			table: f.table_name,
			required: true,
			encoding: f.encoding,
			columns: cols.filter((c) => c.table_name === f.table_name).map((c) => ({ name: c.name, original: c.original_name }))
		})),
		aliases: {},
		dateOrder
	};
}

/** Notebooks whose cells ran in this workspace, in the order they first ran. */
async function cleaning(ws: Workspace): Promise<CleaningStep[]> {
	if (!(await exists(ws, 'ferry', 'cell_runs'))) return [];
	const rows = await ws.all<{ notebook: string }>(`select notebook from ferry.cell_runs where ok group by notebook order by min(ran_at)`);
	return rows.map((r) => ({ notebook: r.notebook }));
}

async function batchObjects(ws: Workspace): Promise<string[]> {
	if (!(await exists(ws, 'loader', 'batches'))) return [];
	return (await ws.all<{ plural: string }>(`select plural from loader.batches group by plural order by min(step), plural`)).map(
		(r) => r.plural
	);
}

export async function buildRecipe(ws: Workspace, name: string, description = ''): Promise<Recipe> {
	const mapping = await loadMapping(ws);
	return RecipeV2.parse({
		format: 'ferry-recipe',
		version: 2,
		name,
		description,
		savedAt: new Date().toISOString(),
		import: await importExpectations(ws, mapping.dateOrder),
		cleaning: await cleaning(ws),
		dedupe: await dedupeRecipe(ws),
		mapping,
		schema: { apply: true },
		batches: { objects: await batchObjects(ws), approve: true, excludeInvalid: false },
		loader: {}
	});
}

/** Saves the workspace as recipes/<name>.recipe.json; the workspace's API key is checked for. */
export async function saveWorkspaceRecipe(ws: Workspace, name: string, description = ''): Promise<{ file: string; recipe: Recipe }> {
	const recipe = await buildRecipe(ws, name, description);
	const key = await targetOf(ws).then(
		(t) => t.apiKey,
		() => ''
	);
	const file = writeRecipe(recipe, [key]);
	await ws.audit('recipe.save', name, {
		files: recipe.import.files.length,
		decisions: recipe.dedupe?.decisions.length ?? 0,
		cleaning: recipe.cleaning.length
	});
	// Its code came from this workspace: trusted here as it stands now (a later edit is not).
	const items = recipeCodeItems(recipe);
	if (items.length) await trustCode(ws, name, { hash: codeHash(items), items }, 'analyst', 'saved here');
	return { file, recipe };
}
