// Writes recipes/clinic-place-to-twenty.recipe.json: the default recipe, made from the committed
// sample (data/sample) with the default Clinic Place map confirmed, default dedupe settings and
// no decisions (decisions are per export: a saved merge names patient ids of one clinic's data).
// Run: FERRY_DATA=$(mktemp -d) npx tsx recipes/make-default.ts
import path from 'node:path';
import { closeAllWorkspaces, openWorkspace } from '../src/lib/server/db/index.js';
import { importExport } from '../src/lib/server/ingest/index.js';
import { confirmFields } from '../src/lib/server/mapping/index.js';
import { buildRecipe, writeRecipe } from '../src/lib/server/recipes/index.js';

const ws = await openWorkspace(`default-recipe-${process.pid}`, { create: true });
try {
	await importExport(ws, path.resolve('data/sample'));
	await confirmFields(ws, { confirmed: true });
	const recipe = await buildRecipe(
		ws,
		'clinic-place-to-twenty',
		'The Clinic Place reference export → Twenty: default map (confirmed), default duplicate settings, every object, invalid records left behind with their reasons.'
	);
	delete recipe.savedAt;
	recipe.batches.excludeInvalid = true;
	console.log(writeRecipe(recipe));
} finally {
	await closeAllWorkspaces();
}
