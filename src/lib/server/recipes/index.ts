// Recipes: the vetted migration as a file (recipes/<name>.recipe.json), saved from a workspace
// and replayed headless on a later export. Secrets never go into one.
export { RECIPE_VERSION, RecipeV2, parseRecipe, secretPaths, type Recipe, type CleaningStep } from './model.js';
export { recipesDir, recipeFile, resolveRecipePath, readRecipe, listRecipes, writeRecipe } from './store.js';
export { buildRecipe, saveWorkspaceRecipe } from './save.js';
export { replayRecipe, type ReplayOptions, type ReplaySummary, type ReplayStatus } from './replay.js';
export {
	recipeCode,
	recipeCodeItems,
	codeHash,
	trustCode,
	assertTrusted,
	UntrustedRecipeError,
	type CodeItem,
	type RecipeCode,
	type TrustOption
} from './trust.js';
