// The recipe file: one zod schema for everything an analyst decided, so a migration replays
// without clicking again. `version` says which shape a file has; older shapes are migrated
// step by step, newer or unknown ones refused with a message that says what to do.
import { z } from 'zod';
import { FerryError } from '../errors.js';

export { RECIPE_VERSION, RECIPE_NAME, ImportExpectations, CleaningStep, RecipeV2 } from '../../shared/contracts/recipes.js';
export type { Recipe } from '../../shared/contracts/recipes.js';
import { RECIPE_VERSION, RecipeV2, type Recipe } from '../../shared/contracts/recipes.js';

/** Version 1, the first draft: cleaning was a list of notebook names, loader settings sat under `push`. */
const RecipeV1 = z
	.object({
		format: z.literal('ferry-recipe'),
		version: z.literal(1),
		name: z.string(),
		import: z.unknown(),
		notebooks: z.array(z.string()).default([]),
		dedupe: z.unknown().optional(),
		mapping: z.unknown().optional(),
		push: z.record(z.string(), z.unknown()).default({})
	})
	.passthrough();

const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
	1: (doc) => {
		const v1 = RecipeV1.parse(doc);
		const { notebooks, push, ...rest } = v1;
		// Version 1 pushed 60 records per call unless told otherwise: it replays as it was saved (new recipes learn Twenty's ceiling).
		return { ...rest, version: 2, cleaning: notebooks.map((notebook) => ({ notebook })), loader: { batchSize: 60, ...push } };
	}
};

/** Key names that would carry a credential: a recipe is shared, a key never is. */
const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|bearer|credential)/i;

export function secretPaths(doc: unknown, at: string[] = []): string[] {
	if (Array.isArray(doc)) return doc.flatMap((v, i) => secretPaths(v, [...at, String(i)]));
	if (doc && typeof doc === 'object')
		return Object.entries(doc).flatMap(([k, v]) => [...(SECRET_KEY.test(k) ? [[...at, k].join('.')] : []), ...secretPaths(v, [...at, k])]);
	return [];
}

function describe(err: z.ZodError): string {
	return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'recipe'}: ${i.message}`).join('; ');
}

/** Parses a recipe of any known version into the current one; everything else is refused. */
export function parseRecipe(input: unknown, where = 'recipe'): Recipe {
	if (!input || typeof input !== 'object' || Array.isArray(input))
		throw new FerryError(`${where} is not a Ferry recipe: expected a JSON object`, 422);
	let doc = input as Record<string, unknown>;
	if (doc.format !== 'ferry-recipe') throw new FerryError(`${where} is not a Ferry recipe: "format" must be "ferry-recipe"`, 422);
	const secrets = secretPaths(doc);
	if (secrets.length)
		throw new FerryError(
			`${where} carries what looks like a secret (${secrets.join(', ')}): recipes never hold credentials; give the API key through TWENTY_API_KEY`,
			422
		);
	const version = doc.version;
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
		throw new FerryError(`${where} has no valid "version" (found ${JSON.stringify(version)}): it was not written by Ferry`, 422);
	if (version > RECIPE_VERSION)
		throw new FerryError(
			`${where} is recipe version ${version}, made by a newer Ferry; this Ferry reads up to version ${RECIPE_VERSION}: upgrade Ferry to replay it`,
			422
		);
	try {
		for (let v = version; v < RECIPE_VERSION; v++) doc = migrations[v](doc);
		return RecipeV2.parse(doc);
	} catch (err) {
		if (err instanceof z.ZodError) throw new FerryError(`${where} (version ${version}) is not valid: ${describe(err)}`, 422);
		throw err;
	}
}
