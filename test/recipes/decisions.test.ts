// Dedupe decisions travel in a recipe by patient id: a merge made in one workspace is applied
// when the recipe replays the same export elsewhere, and its golden record is what mapping reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateExport } from '../../src/lib/server/generate/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { decide, runDedupe } from '../../src/lib/server/dedupe/index.js';
import { confirmFields } from '../../src/lib/server/mapping/index.js';
import { buildRecipe, parseRecipe, replayRecipe } from '../../src/lib/server/recipes/index.js';
import { freshWorkspace } from '../helpers.js';

describe('dedupe decisions in a recipe', () => {
	it('replays a saved merge by patient ids', async () => {
		const exp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-decide-')), 'export');
		const truth = await generateExport({ out: exp, patients: 60, seed: 51 });
		const group = truth.duplicateGroups[0];
		const first = await freshWorkspace('decide');
		await importExport(first, exp);
		await confirmFields(first, { confirmed: true });
		await runDedupe(first);
		await decide(first, { kind: 'merge', members: group, survivorId: group[0] });
		const recipe = parseRecipe(JSON.parse(JSON.stringify(await buildRecipe(first, 'with-merge'))));
		expect(recipe.dedupe!.decisions).toEqual([expect.objectContaining({ kind: 'merge', members: group, survivorId: group[0] })]);

		const second = await freshWorkspace('decide');
		const s = await replayRecipe(second, recipe, { export: exp, trust: true });
		expect(s.dedupe).toMatchObject({ applied: 1, failed: 0 });
		const survivors = await second.all<{ patient_id: string; survivor_id: string }>(
			`select patient_id, survivor_id from ferry.patient_survivors order by patient_id`
		);
		expect(survivors.filter((r) => group.includes(r.patient_id)).map((r) => r.survivor_id)).toEqual(group.map(() => group[0]));
		expect(s.status).toBe('planned');
	}, 30_000);
});
