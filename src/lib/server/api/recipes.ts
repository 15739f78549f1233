// Recipes: list and read the files, save a workspace as one, replay one into a workspace.
import { Hono } from 'hono';
import { z } from 'zod';
import { assertTrusted, listRecipes, readRecipe, recipeCode, RecipeError, replayRecipe, saveWorkspaceRecipe, UntrustedRecipeError } from '../recipes/index.js';
import { getTarget } from '../twenty/index.js';
import { importRootRefusal } from '../ingest/index.js';
import { startJob } from '../jobs/index.js';
import { ApiError } from './errors.js';
import { parseJson, plain, workspaceOf } from './util.js';

const Name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'name: lower-case letters, digits, - or _ (at most 63)');

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
	const body = await parseJson(c, z.object({ name: Name, description: z.string().max(2000).default('') }));
	const { recipe } = await saveWorkspaceRecipe(ws, body.name, body.description);
	return c.json({ recipe: { name: recipe.name, savedAt: recipe.savedAt, files: recipe.import.files.length, cleaning: recipe.cleaning.length, decisions: recipe.dedupe?.decisions.length ?? 0 } }, 201);
});

/** The SQL and TypeScript a replay would run here, its SHA-256, and whether this workspace trusts it. */
recipes.get('/:ws/recipes/:name/code', async (c) => {
	const ws = await workspaceOf(c);
	const recipe = recipeErrors(() => readRecipe(Name.parse(c.req.param('name'))));
	return c.json(await recipeCode(ws, recipe));
});

const Trust = z.union([z.literal(true), z.string().regex(/^[0-9a-f]{64}$/, 'trust: true, or the SHA-256 of the code shown (64 hex digits)')]).optional();

recipes.post('/:ws/recipes/:name/replay', async (c) => {
	const ws = await workspaceOf(c);
	const recipe = recipeErrors(() => readRecipe(Name.parse(c.req.param('name'))));
	const body = await parseJson(c, z.object({ export: z.string().min(1, 'export: the path of the export to import'), push: z.boolean().default(false), trust: Trust }));
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
