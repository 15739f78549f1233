// The shipped recipe replays on a freshly generated export (another seed) into a fresh sandbox:
// every staged record lands once, a field-level diff of records read back from Twenty matches
// the staged payloads; a plan-only run pushes nothing; a missing column blocks with its name,
// and a header alias in the recipe repairs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExport } from '../../src/lib/server/generate/index.js';
import { readRecipe, replayRecipe, type Recipe } from '../../src/lib/server/recipes/index.js';
import { createSandbox, type Sandbox } from '../../src/lib/server/sandbox/index.js';
import { createTwentyClient } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-replay-'));
const exp = path.join(tmp, 'export');
let recipe: Recipe;
let sb: Sandbox;
let url: string;
let close: () => Promise<void>;
const FAST = { budget: 100_000, minBackoffMs: 0, concurrency: 4 };

beforeAll(async () => {
	await generateExport({ out: exp, patients: 40, seed: 23, clean: true });
	recipe = readRecipe(path.resolve('recipes/clinic-place-to-twenty'));
	sb = createSandbox({ rateLimit: false });
	({ url, close } = await sb.listen(0, '127.0.0.1'));
});
afterAll(() => close?.());

describe('replay of the shipped recipe', () => {
	it('plans without a target and pushes nothing', async () => {
		const ws = await freshWorkspace('plan');
		const s = await replayRecipe(ws, recipe, { export: exp, trust: true });
		expect(s.status).toBe('planned');
		expect(s.exitCode).toBe(0);
		expect(s.problems).toEqual([]);
		expect(s.stage.find((p) => p.plural === 'people')!.records).toBeGreaterThanOrEqual(40);
		expect(s.run).toBeNull();
		expect(s.batches).toEqual([]);
	});

	it('pushes every staged record once, and Twenty holds exactly what was staged', async () => {
		const ws = await freshWorkspace('push');
		const s = await replayRecipe(ws, recipe, { export: exp, target: url, apiKey: sb.apiKey, push: true, settings: FAST, trust: true });
		expect(s.problems).toEqual([]);
		expect(s.status).toBe('pushed');
		expect(s.schema?.applied).toBe(true);
		const client = createTwentyClient({ url, apiKey: sb.apiKey });
		for (const c of s.run!.counts) {
			const staged = s.stage.find((p) => p.plural === c.plural)!.records;
			expect([c.plural, c.created, c.failed]).toEqual([c.plural, staged, 0]);
		}
		// field-level diff: each staged payload's fields read back unchanged
		for (const plural of ['companies', 'people', 'tasks', 'notes', 'payments']) {
			const rows = await ws.all<{ id: string; payload: string }>(
				`select id, payload::varchar as payload from stage."${plural}" order by source_key limit 6`
			);
			expect(rows.length, plural).toBe(6);
			for (const r of rows) {
				const got = await client.get(plural, r.id, { depth: 0 });
				const want = JSON.parse(r.payload) as Record<string, unknown>;
				const differs = Object.keys(want).filter((k) => JSON.stringify(pick(got[k], want[k])) !== JSON.stringify(want[k]));
				expect([plural, r.id, differs]).toEqual([plural, r.id, []]);
			}
		}
	}, 60_000);

	it('runs inline cleaning views and notebooks, and blocks naming a notebook that is missing', async () => {
		const ws = await freshWorkspace('clean');
		const withCleaning = {
			...recipe,
			cleaning: [
				{ name: 'adult_patients', sql: `select * from raw.patients where date_of_birth is not null` },
				{ notebook: 'profile', cells: ['raw_columns'] }
			]
		};
		const s = await replayRecipe(ws, withCleaning, { export: exp, trust: true });
		expect(s.cleaning).toEqual({ ran: ['adult_patients', 'profile/raw_columns'], failed: [] });
		expect((await ws.one<{ n: number }>(`select count(*)::int as n from main.adult_patients`))!.n).toBeGreaterThan(0);
		const missing = await replayRecipe(
			await freshWorkspace('clean'),
			{ ...recipe, cleaning: [{ notebook: 'no-such-notebook' }] },
			{ export: exp, trust: true }
		);
		expect(missing.exitCode).toBe(3);
		expect(missing.problems).toEqual([expect.stringMatching(/notebook no-such-notebook: notebook 'no-such-notebook' does not exist/)]);
	});

	it("adds pick-list values the export holds beyond the recipe's options, naming each with its count", async () => {
		const narrowed = structuredClone(recipe);
		const patients = narrowed.mapping!.sources.find((x) => x.id === 'patients')!;
		const billing = patients.fields.find((f) => f.target === 'billingStatus')!;
		billing.options = billing.options!.filter((o) => o.value !== 'PAID');
		const s = await replayRecipe(await freshWorkspace('options'), narrowed, { export: exp, trust: true });
		expect(s.problems).toEqual([]);
		expect(s.status).toBe('planned');
		expect(s.warnings.find((w) => w.startsWith('patients.billingStatus: '))).toMatch(
			/^patients\.billingStatus: Paid \(\d+\) not among the recipe's options: added verbatim for admin review$/
		);
		expect(billing.options.some((o) => o.label === 'Paid')).toBe(false); // the recipe itself is left as it was
	});

	it('blocks on a missing column, naming it, and a header alias repairs it', async () => {
		const renamed = path.join(tmp, 'renamed');
		fs.cpSync(exp, renamed, { recursive: true });
		const file = path.join(renamed, 'patients.csv');
		fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Date of Birth', 'DOB'));
		const s = await replayRecipe(await freshWorkspace('alias'), recipe, { export: renamed, trust: true });
		expect(s.exitCode).toBe(3);
		expect(s.problems).toEqual([`patients.csv: missing column "Date of Birth" (add a header alias to the recipe if it was renamed)`]);
		const aliased = { ...recipe, import: { ...recipe.import, aliases: { patients: { dob: 'date_of_birth' } } } };
		const ok = await replayRecipe(await freshWorkspace('alias'), aliased, { export: renamed, trust: true });
		expect(ok.import.aliased).toEqual(['patients.dob → date_of_birth']);
		expect(ok.status).toBe('planned');
	});
});

/** The part of a read-back value the payload speaks about (Twenty adds ids, timestamps, defaults). */
function pick(got: unknown, want: unknown): unknown {
	if (want && typeof want === 'object' && !Array.isArray(want) && got && typeof got === 'object')
		return Object.fromEntries(
			Object.keys(want).map((k) => [k, pick((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k])])
		);
	return got;
}
