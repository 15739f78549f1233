// A workspace as an analyst leaves it just before pushing: a generated Clinic Place export
// imported and mapped by the bundled recipe (staff, physicians, insurers, merged duplicates,
// attachments with files), its schema applied to the target, every batch frozen and approved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { generateExport } from '../../src/lib/server/generate/index.js';
import { approveBatch, batchRecords, excludeRecords, freezeBatches } from '../../src/lib/server/loader/index.js';
import { attachmentFiles } from '../../src/lib/server/loader/files.js';
import { applySchemaPlan, loadMapping } from '../../src/lib/server/mapping/index.js';
import { readRecipe, replayRecipe } from '../../src/lib/server/recipes/index.js';
import { targetClient } from '../../src/lib/server/twenty/index.js';
import type { TwentyAccess } from './check.js';

export const RECIPE = 'recipes/clinic-place-to-twenty.recipe.json';

/** Generates the export, replays the recipe (plan only), applies the schema, freezes and approves. Returns records per object. */
export async function readyForPush(ws: Workspace, t: TwentyAccess, o: { patients: number; seed: number }): Promise<Record<string, number>> {
	// Kept: attachment files are uploaded from the export folder during the push.
	const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-faults-export-')), 'export');
	await generateExport({ out, patients: o.patients, seed: o.seed });
	const plan = await replayRecipe(ws, readRecipe(RECIPE), {
		export: out,
		target: t.url,
		apiKey: t.apiKey,
		push: false,
		actor: 'test',
		trust: true
	});
	expect(plan.problems, 'the recipe plans this export without problems').toEqual([]);
	const applied = await applySchemaPlan(ws, await loadMapping(ws));
	expect(applied.plan.conflicts).toEqual([]);
	const objects = await (await targetClient(ws)).metadata.listObjects();
	const batches = await freezeBatches(ws, objects);
	const counts: Record<string, number> = {};
	for (const b of batches) {
		// The generated dirt can stage two records with one unique value: a person excludes them, as on the Load page.
		if (b.invalid) {
			const invalid = await batchRecords(ws, b.id, { status: 'invalid', limit: 1000 });
			await excludeRecords(
				ws,
				b.id,
				invalid.records.map((r) => r.sourceKey),
				'clashes with another record; resolved after the migration'
			);
		}
		// The generator pads one document past Twenty 2.19's 10 MB upload limit; the push would fail it with that
		// reason, and a person leaves it out first (these tests are about kills and restarts, not about files).
		if (b.plural === 'attachments') {
			const valid = await batchRecords(ws, b.id, { status: 'valid', limit: 100_000 });
			const files = await attachmentFiles(
				ws,
				valid.records.map((r) => r.sourceKey)
			);
			const tooLarge = [...files]
				.filter(
					([, f]) =>
						f.file && fs.existsSync(f.file) && fs.statSync(f.file).size > (readRecipe(RECIPE).loader.maxFileBytes ?? 10 * 1024 ** 2)
				)
				.map(([k]) => k);
			if (tooLarge.length) await excludeRecords(ws, b.id, tooLarge, "over the target's upload limit; sent by hand after the migration");
		}
		counts[b.plural] = (await approveBatch(ws, b.id, 'test', { acknowledgeLosses: true })).valid; // issue 14: what the map lost is acknowledged
	}
	return counts;
}
