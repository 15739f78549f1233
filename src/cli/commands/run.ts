// `ferry run <recipe> --export <path> [--target <url> | --sandbox] [--push] [--json]`: replays a
// saved recipe headless. Exit codes: 0 planned or pushed, 2 the recipe or arguments are wrong,
// 3 blocked (expectations, validation, invalid records), 4 pushed with failures, 1 anything else.
import type { Command } from 'commander';
import { closeAllWorkspaces, validateWorkspaceName } from '../../lib/server/db/index.js';
import { readRecipe, RecipeError, replayRecipe, type ReplaySummary } from '../../lib/server/recipes/index.js';
import { startLocalSandbox, stopLocalSandboxes } from '../../lib/server/twenty/index.js';
import { openForCli } from '../workspace.js';

interface RunOpts {
	export: string;
	target?: string;
	sandbox: boolean;
	push: boolean;
	json: boolean;
	workspace?: string;
}

function print(s: ReplaySummary): void {
	console.log(`recipe ${s.recipe} → workspace ${s.workspace}: ${s.status}`);
	console.log(`  import: snapshot ${s.import.snapshotId}, ${s.import.rowsStaged} rows staged, ${s.import.rowsRejected} rejected${s.import.aliased.length ? `, renamed ${s.import.aliased.join(', ')}` : ''}`);
	if (s.cleaning.ran.length || s.cleaning.failed.length) console.log(`  cleaning: ${s.cleaning.ran.length} cell(s) ran, ${s.cleaning.failed.length} failed`);
	if (s.dedupe) console.log(`  dedupe: ${s.dedupe.applied} decision(s) applied, ${s.dedupe.failed} no longer apply, ${s.dedupe.newClusters} new cluster(s) to review`);
	if (s.schema) console.log(`  schema: ${s.schema.createObjects.length} object(s) and ${s.schema.createFields} field(s) to create${s.schema.applied ? ' (applied)' : ''}, ${s.schema.conflicts} conflict(s)`);
	if (s.stage.length) console.log(`  plan: ${s.stage.map((p) => `${p.step}. ${p.plural} ${p.records}`).join(' · ')}`);
	for (const b of s.batches) console.log(`  batch ${b.id} ${b.plural}: ${b.valid} valid, ${b.invalid} invalid, ${b.excluded} excluded (${b.status})`);
	if (s.run) console.log(`  run ${s.run.id}: ${s.run.counts.map((c) => `${c.plural} ${c.created} created/${c.updated} updated/${c.failed} failed`).join(' · ')}`);
	for (const w of s.warnings) console.log(`  warning: ${w}`);
	for (const p of s.problems) console.log(`  problem: ${p}`);
	if (s.status === 'planned') console.log('  nothing was pushed: add --push (with --target or --sandbox) to load');
}

export function register(program: Command): void {
	program
		.command('run <recipe>')
		.description('replay a recipe on an export: import, clean, dedupe, map, validate, plan; push only with --push')
		.requiredOption('--export <path>', 'export folder, zip or file to import')
		.option('--target <url>', 'Twenty base URL (API key from TWENTY_API_KEY, never from the recipe)')
		.option('--sandbox', 'use a local Twenty-compatible sandbox in this process as the target', false)
		.option('--push', 'push the approved batches (otherwise: plan only)', false)
		.option('--json', 'print the summary as JSON', false)
		.option('-w, --workspace <name>', 'workspace to replay into (default run-<recipe>)')
		.action(async (ref: string, o: RunOpts) => {
			let recipe;
			try {
				if (o.target && o.sandbox) throw new RecipeError('give either --target or --sandbox, not both');
				if (o.target && !/^https?:\/\//.test(o.target)) throw new RecipeError(`--target must be an http(s) URL, not '${o.target}'`);
				recipe = readRecipe(ref);
				if (o.workspace) validateWorkspaceName(o.workspace);
			} catch (err) {
				console.error(`ferry run: ${(err as Error).message}`);
				process.exit(2);
			}
			const ws = await openForCli(o.workspace ?? `run-${recipe.name}`, true);
			let code = 1;
			try {
				const target = o.sandbox ? ((await startLocalSandbox(ws)).url ?? undefined) : o.target;
				const summary = await replayRecipe(ws, recipe, {
					export: o.export, target, apiKey: o.sandbox ? undefined : process.env.TWENTY_API_KEY, push: o.push, actor: `cli:recipe:${recipe.name}`,
					onStep: o.json ? undefined : (s) => process.stderr.write(`… ${s}\n`)
				});
				if (o.json) console.log(JSON.stringify(summary, null, 2));
				else print(summary);
				code = summary.exitCode;
			} finally {
				await stopLocalSandboxes();
				await closeAllWorkspaces();
			}
			process.exit(code);
		});
}
