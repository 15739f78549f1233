// Recipes: list and read the files, save a workspace as one, replay one into a workspace.
import { Hono } from 'hono';

import { assertTrusted, listRecipes, readRecipe, recipeCode, replayRecipe, saveWorkspaceRecipe } from '../recipes/index.js';
import { getTarget } from '../twenty/index.js';
import { importRootRefusal } from '../ingest/index.js';
import { jobEnded, startJob } from '../jobs/index.js';
import { FerryError } from '../errors.js';
import { parseJson, plain, workspaceOf } from './util.js';
import * as R from '../../shared/contracts/recipes.js';

const Name = R.RecipeName;

export const recipesList = new Hono();
recipesList.get('/', (c) => c.json({ recipes: listRecipes() }));
recipesList.get('/:name', (c) => c.json(readRecipe(Name.parse(c.req.param('name')))));

export const recipes = new Hono();

recipes.post('/:ws/recipes', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, R.SaveRecipe);
	const { recipe } = await saveWorkspaceRecipe(ws, body.name, body.description);
	return c.json(
		{
			recipe: {
				name: recipe.name,
				savedAt: recipe.savedAt,
				files: recipe.import.files.length,
				cleaning: recipe.cleaning.length,
				decisions: recipe.dedupe?.decisions.length ?? 0
			}
		},
		201
	);
});

/** The SQL and TypeScript a replay would run here, its SHA-256, and whether this workspace trusts it. */
recipes.get('/:ws/recipes/:name/code', async (c) => {
	const ws = await workspaceOf(c);
	const recipe = readRecipe(Name.parse(c.req.param('name')));
	return c.json(await recipeCode(ws, recipe));
});

recipes.post('/:ws/recipes/:name/replay', async (c) => {
	const ws = await workspaceOf(c);
	const recipe = readRecipe(Name.parse(c.req.param('name')));
	const body = await parseJson(c, R.ReplayRequest);
	// The export is a server path, held to the same roots as a path import.
	const refusal = importRootRefusal(body.export);
	if (refusal) throw new FerryError(refusal, 403);
	const target = (await getTarget(ws)).url ?? undefined;
	if (body.push && !target)
		throw new FerryError('no Twenty target is set for this workspace: set one, or start the local sandbox, before pushing', 409);
	// Untrusted code is refused here, before a job starts, with the listing to show the person.
	await assertTrusted(ws, recipe, body, `analyst:recipe:${recipe.name}`);
	// A replay (a push above all) can take minutes: a job the page watches at /api/jobs/<id>,
	// unless the caller asks to wait (?wait=true, for scripts and tests).
	const job = startJob('recipe-replay', ws.name, (report) =>
		replayRecipe(ws, recipe, {
			export: body.export,
			target,
			push: body.push,
			actor: `analyst:recipe:${recipe.name}`,
			onStep: (step) => report({ step })
		})
	);
	if (c.req.query('wait') !== 'true') return c.json({ job: job.id }, 202);
	await jobEnded(job);
	if (job.status === 'failed') throw new FerryError(`replay failed: ${job.error}`);
	return c.json(plain(job.result));
});
