// The recipe format: a round trip through the file, migration of version 1, refusal of newer or
// unversioned files and of anything that looks like a secret; saving a workspace never writes
// its Twenty API key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { FerryError } from '../../src/lib/server/errors.js';
import { setTarget } from '../../src/lib/server/twenty/index.js';
import { createApi } from '../../src/lib/server/api/index.js';
import { confirmFields } from '../../src/lib/server/mapping/index.js';
import {
	buildRecipe,
	listRecipes,
	parseRecipe,
	readRecipe,
	RECIPE_VERSION,
	saveWorkspaceRecipe,
	writeRecipe
} from '../../src/lib/server/recipes/index.js';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';
import { apiCaller } from '../support/api.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-recipes-'));
process.env.FERRY_RECIPES = dir;
const KEY = 'twenty-secret-key-0123456789abcdef';
let ws: Workspace;

beforeAll(async () => {
	ws = await freshWorkspace('recipe');
	await importExport(
		ws,
		exportFolder({
			'patients.csv': 'Patient ID,First Name,Last Name,Email,Date of Birth\n1,Ann,Lee,a@x.org,01/02/1990\n2,Bo,Kim,b@x.org,03/04/1985\n'
		})
	);
	await setTarget(ws, 'http://127.0.0.1:9/', KEY);
});

describe('recipe format', () => {
	it('round-trips a workspace through the file, without its API key', async () => {
		await confirmFields(ws, { confirmed: true });
		const { file, recipe } = await saveWorkspaceRecipe(ws, 'round-trip', 'test');
		const text = fs.readFileSync(file, 'utf8');
		expect(text).not.toContain(KEY);
		expect(text).not.toContain('127.0.0.1:9');
		expect(readRecipe(file)).toEqual(recipe);
		expect(readRecipe('round-trip')).toEqual(recipe);
		expect(recipe.version).toBe(RECIPE_VERSION);
		expect(recipe.import.files.map((f) => f.table)).toEqual(['patients']);
		expect(recipe.import.files[0].columns.find((c) => c.name === 'date_of_birth')?.original).toBe('Date of Birth');
		expect(recipe.dedupe?.decisions).toEqual([]);
		expect(recipe.mapping?.sources.length).toBeGreaterThan(0);
		expect(listRecipes().map((r) => r.name)).toContain('round-trip');
	});

	it('refuses to write a recipe that would carry the key, anywhere', async () => {
		const recipe = await buildRecipe(ws, 'leaky');
		recipe.description = `key ${KEY}`;
		expect(() => writeRecipe(recipe, [KEY])).toThrow(/would carry a secret/);
		expect(fs.existsSync(path.join(dir, 'leaky.recipe.json'))).toBe(false);
	});

	it('refuses secrets, newer versions and files without a version, naming the problem', async () => {
		const good = JSON.parse(JSON.stringify(await buildRecipe(ws, 'x')));
		expect(() => parseRecipe({ ...good, loader: { apiKey: 'abc' } })).toThrow(/looks like a secret \(loader.apiKey\)/);
		expect(() => parseRecipe({ ...good, version: 99 })).toThrow(/version 99, made by a newer Ferry; this Ferry reads up to version 2/);
		expect(() => parseRecipe({ ...good, version: undefined })).toThrow(/no valid "version"/);
		expect(() => parseRecipe({ ...good, format: 'other' })).toThrow(/not a Ferry recipe/);
		expect(() => parseRecipe({ ...good, cleaning: [{ notebook: 'Bad Name' }] })).toThrow(FerryError);
		expect(() => parseRecipe({ ...good, unexpected: 1 })).toThrow(/Unrecognized key/i);
	});

	it('migrates version 1 (notebook names, push settings) to the current shape', async () => {
		const cur = JSON.parse(JSON.stringify(await buildRecipe(ws, 'old')));
		const { cleaning, loader, ...rest } = cur;
		const v1 = { ...rest, version: 1, notebooks: ['profile'], push: { budget: 50 } };
		const migrated = parseRecipe(v1);
		expect(migrated.version).toBe(2);
		expect(migrated.cleaning).toEqual([{ notebook: 'profile' }]);
		expect(migrated.loader).toMatchObject({ budget: 50, batchSize: 60 });
		expect(migrated.mapping).toEqual(cur.mapping);
		expect(cleaning).toEqual([]);
		expect(loader.budget).toBe(100);
	});

	it('saves and lists over the API; a bad name is a 400 that says why', async () => {
		const api = createApi({ token: 'recipe-token-1' });
		const call = apiCaller(api, { token: 'recipe-token-1' });
		const saved = await call(`/workspaces/${ws.name}/recipes`, { method: 'POST', json: { name: 'from-api', description: 'd' } });
		expect(saved.status).toBe(201);
		expect((await saved.json()).recipe.name).toBe('from-api');
		expect(fs.readFileSync(path.join(dir, 'from-api.recipe.json'), 'utf8')).not.toContain(KEY);
		const list = await (await call('/recipes')).json();
		expect(list.recipes.map((r: { name: string }) => r.name)).toContain('from-api');
		const bad = await call(`/workspaces/${ws.name}/recipes`, { method: 'POST', json: { name: 'Bad Name' } });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/name/);
	});
});
