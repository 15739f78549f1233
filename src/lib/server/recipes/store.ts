// Recipe files under recipes/ (FERRY_RECIPES overrides the folder): <name>.recipe.json.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';
import { parseRecipe, RECIPE_NAME, secretPaths, type Recipe } from './model.js';
import { FerryError } from '../errors.js';

export function recipesDir(): string {
	return path.resolve(process.env.FERRY_RECIPES ?? path.join(projectRoot, 'recipes'));
}

export function recipeFile(name: string): string {
	if (!RECIPE_NAME.test(name)) throw new FerryError(`recipe name '${name}' is invalid: use lower-case letters, digits, - or _`, 422);
	return path.join(recipesDir(), `${name}.recipe.json`);
}

/** A recipe by name, or by path (recipes/<name>, with or without .recipe.json). */
export function resolveRecipePath(ref: string): string {
	const candidates = [ref, `${ref}.recipe.json`, `${ref}.json`];
	if (RECIPE_NAME.test(ref)) candidates.push(recipeFile(ref));
	const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
	if (!found)
		throw new FerryError(
			`no recipe '${ref}': looked for ${candidates.map((c) => path.relative(process.cwd(), path.resolve(c)) || c).join(', ')}`,
			404
		);
	return found;
}

export function readRecipe(ref: string): Recipe {
	const file = resolveRecipePath(ref);
	let doc: unknown;
	try {
		doc = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (err) {
		throw new FerryError(`${path.basename(file)} is not valid JSON: ${(err as Error).message}`, 422);
	}
	return parseRecipe(doc, path.basename(file));
}

export function listRecipes(): Array<{ name: string; description: string; savedAt?: string; error?: string }> {
	const dir = recipesDir();
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.recipe.json'))
		.sort()
		.map((f) => {
			const name = f.slice(0, -'.recipe.json'.length);
			try {
				const r = readRecipe(path.join(dir, f));
				return { name, description: r.description, savedAt: r.savedAt };
			} catch (err) {
				return { name, description: '', error: (err as Error).message };
			}
		});
}

/** Writes a recipe; refuses one that would carry a secret (or the given key values anywhere). */
export function writeRecipe(recipe: Recipe, forbidden: string[] = []): string {
	const text = JSON.stringify(parseRecipe(recipe, `recipe '${recipe.name}'`), null, '\t') + '\n';
	if (secretPaths(recipe).length || forbidden.some((s) => s && text.includes(s)))
		throw new FerryError(`recipe '${recipe.name}' would carry a secret: not saved`, 422);
	const file = recipeFile(recipe.name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(`${file}.tmp`, text);
	fs.renameSync(`${file}.tmp`, file);
	return file;
}
