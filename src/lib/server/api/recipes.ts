// Recipes: list and read the files, save a workspace as one, replay one into a workspace.
import { Hono } from 'hono';
import { assertTrusted, listRecipes, readRecipe, recipeCode, RecipeError, replayRecipe, saveWorkspaceRecipe, UntrustedRecipeError } from '../recipes/index.js';
import { getTarget } from '../twenty/index.js';
import { importRootRefusal } from '../ingest/index.js';
import { startJob } from '../jobs/index.js';
import { ApiError } from './errors.js';
import { parseJson, plain, workspaceOf } from './util.js';
import * as R from '../../shared/contracts/recipes.js';

const Name = R.RecipeName;

function recipeErrors<T>(work: () => T): T {
	try {
		return work();
	} catch (err) {
		if (err instanceof RecipeError) throw new ApiError(/^no recipe/.test(err.message) ? 404 : 422, err.message);
		throw err;
	}
}

export const recipesList = new Hono();
recipesList.get('/', (c) => c.json({ recipes: listRecipes() }));
recipesList.get('/:name', (c) => c.json(recipeErrors(() => readRecipe(Name.parse(c.req.param('name'))))));

export const recipes = new Hono();

recipes.post('/:ws/recipes', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, R.SaveRecipe);
	const { recipe } = await saveWorkspaceRecipe(ws, body.name, body.description);
	return c.json({ recipe: { name: recipe.name, savedAt: recipe.savedAt, files: recipe.import.files.length, cleaning: recipe.cleaning.length, decisions: recipe.dedupe?.decisions.length ?? 0 } }, 201);
});

/** The SQL and TypeScript a replay would run here, its SHA-256, and whether this workspace trusts it. */
recipes.get('/:ws/recipes/:name/code', async (c) => {
	const ws = await workspaceOf(c);
	const recipe = recipeErrors(() => readRecipe(Name.parse(c.req.param('name'))));
	return c.json(await recipeCode(ws, recipe));
});

recipes.post('/:ws/recipes/:name/replay', async (c) => {
	const ws = await workspaceOf(c);
	const recipe = recipeErrors(() => readRecipe(Name.parse(c.req.param('name'))));
	const body = await parseJson(c, R.ReplayRequest);
	// The export is a server path, held to the same roots as a path import.
	const refusal = importRootRefusal(body.export);
	if (refusal) throw new ApiError(403, refusal);
	const target = (await getTarget(ws)).url ?? undefined;
	if (body.push && !target) throw new ApiError(409, 'no Twenty target is set for this workspace: set one, or start the local sandbox, before pushing');
	// Untrusted code is refused here, before a job starts, with the listing to show the person.
	try {
		await assertTrusted(ws, recipe, body, `analyst:recipe:${recipe.name}`);
	} catch (err) {
		if (err instanceof UntrustedRecipeError) return c.json({ error: err.message, untrusted: err.code }, 409);
		if (err instanceof RecipeError) throw new ApiError(409, err.message);
		throw err;
	}
	// A replay (a push above all) can take minutes: a job the page watches at /api/jobs/<id>,
	// unless the caller asks to wait (?wait=true, for scripts and tests).
	const job = startJob<{ step: string }, unknown>('recipe-replay', ws.name, (report) =>
		replayRecipe(ws, recipe, { export: body.export, target, push: body.push, actor: `analyst:recipe:${recipe.name}`, onStep: (step) => report({ step }) })
	);
	if (c.req.query('wait') !== 'true') return c.json({ job: job.id }, 202);
	while (job.status === 'running') await new Promise((r) => setTimeout(r, 50));
	if (job.status === 'failed') throw new ApiError(400, `replay failed: ${job.error}`);
	return c.json(plain(job.result));
});
