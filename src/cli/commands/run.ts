// `ferry run <recipe> --export <path> [--target <url> | --sandbox] [--push] [--json]`: replays a
// saved recipe headless. A recipe is code: one this workspace has not trusted runs nothing; its
// SQL and TypeScript are listed, to be trusted with --trust or a pinned --trust-hash.
// Exit codes: 0 planned or pushed (or --show-code), 2 the recipe or arguments are wrong or the
// recipe is not trusted, 3 blocked (expectations, validation, invalid records), 4 pushed with
// failures, 1 anything else.
import type { Command } from 'commander';
import { closeAllWorkspaces, validateWorkspaceName, type Workspace } from '../../lib/server/db/index.js';
import {
	readRecipe,
	recipeCode,
	replayRecipe,
	UntrustedRecipeError,
	type Recipe,
	type RecipeCode,
	type ReplaySummary
} from '../../lib/server/recipes/index.js';
import { startLocalSandbox, stopLocalSandboxes } from '../../lib/server/sandbox/local.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

interface RunOpts {
	export?: string;
	target?: string;
	sandbox: boolean;
	push: boolean;
	json: boolean;
	workspace?: string;
	trust: boolean;
	trustHash?: string;
	showCode: boolean;
}

/** Every piece of SQL and TypeScript the recipe will run, where it sits, and the hash to pin. */
function printCode(recipe: string, code: RecipeCode, out: (line: string) => void): void {
	out(`recipe ${recipe} runs this code (SHA-256 ${code.hash}):`);
	for (const item of code.items) {
		out(`  --- ${item.kind === 'ts' ? 'TypeScript' : 'SQL'}: ${item.where}`);
		for (const line of item.text.replace(/\s+$/, '').split('\n')) out(`      ${line}`);
	}
	if (!code.items.length) out('  (none: the recipe runs no SQL or TypeScript of its own)');
}

function print(s: ReplaySummary): void {
	console.log(`recipe ${s.recipe} → workspace ${s.workspace}: ${s.status}`);
	console.log(
		`  import: snapshot ${s.import.snapshotId}, ${s.import.rowsStaged} rows staged, ${s.import.rowsRejected} rejected${s.import.aliased.length ? `, renamed ${s.import.aliased.join(', ')}` : ''}`
	);
	if (s.cleaning.ran.length || s.cleaning.failed.length)
		console.log(`  cleaning: ${s.cleaning.ran.length} cell(s) ran, ${s.cleaning.failed.length} failed`);
	if (s.dedupe)
		console.log(
			`  dedupe: ${s.dedupe.applied} decision(s) applied, ${s.dedupe.failed} no longer apply, ${s.dedupe.newClusters} new cluster(s) to review`
		);
	if (s.schema)
		console.log(
			`  schema: ${s.schema.createObjects.length} object(s) and ${s.schema.createFields} field(s) to create${s.schema.applied ? ' (applied)' : ''}, ${s.schema.conflicts} conflict(s)`
		);
	if (s.stage.length) console.log(`  plan: ${s.stage.map((p) => `${p.step}. ${p.plural} ${p.records}`).join(' · ')}`);
	for (const b of s.batches)
		console.log(`  batch ${b.id} ${b.plural}: ${b.valid} valid, ${b.invalid} invalid, ${b.excluded} excluded (${b.status})`);
	if (s.run)
		console.log(
			`  run ${s.run.id}: ${s.run.counts.map((c) => `${c.plural} ${c.created} created/${c.updated} updated/${c.failed} failed`).join(' · ')}`
		);
	for (const w of s.warnings) console.log(`  warning: ${w}`);
	for (const p of s.problems) console.log(`  problem: ${p}`);
	if (s.status === 'planned') console.log('  nothing was pushed: add --push (with --target or --sandbox) to load');
}

async function replay(ws: Workspace, recipe: Recipe, o: RunOpts): Promise<number> {
	const target = o.sandbox ? ((await startLocalSandbox(ws)).url ?? undefined) : o.target;
	const summary = await replayRecipe(ws, recipe, {
		export: o.export!,
		target,
		apiKey: o.sandbox ? undefined : process.env.TWENTY_API_KEY,
		push: o.push,
		actor: `cli:recipe:${recipe.name}`,
		trust: o.trustHash ?? (o.trust ? true : undefined),
		onStep: o.json ? undefined : (s) => process.stderr.write(`… ${s}\n`)
	});
	if (o.json) console.log(JSON.stringify(summary, null, 2));
	else print(summary);
	return summary.exitCode;
}

async function showCode(ws: Workspace, recipe: Recipe, o: RunOpts): Promise<number> {
	const listing = await recipeCode(ws, recipe);
	if (o.json) console.log(JSON.stringify(listing, null, 2));
	else {
		printCode(recipe.name, listing, (l) => console.log(l));
		console.log(listing.trusted ? '  trusted in this workspace' : '  not trusted in this workspace: replay with --trust or --trust-hash');
	}
	return 0;
}

export function register(program: Command): void {
	program
		.command('run <recipe>')
		.description('replay a recipe on an export: import, clean, dedupe, map, validate, plan; push only with --push')
		.option('--export <path>', 'export folder, zip or file to import (required unless --show-code)')
		.option('--target <url>', 'Twenty base URL (API key from TWENTY_API_KEY, never from the recipe)')
		.option('--sandbox', 'use a local Twenty-compatible sandbox in this process as the target', false)
		.option('--push', 'push the approved batches (otherwise: plan only)', false)
		.option('--json', 'print the summary as JSON', false)
		.option('-w, --workspace <name>', 'workspace to replay into (default run-<recipe>)')
		.option('--show-code', 'list the SQL and TypeScript the recipe will run, with its hash, and stop', false)
		.option('--trust', 'trust the code the recipe runs (list it first with --show-code); recorded in the audit log', false)
		.option('--trust-hash <sha256>', 'trust the code only if its SHA-256 is this one (from --show-code)')
		.action(async (ref: string, o: RunOpts) => {
			let recipe;
			try {
				if (!o.export && !o.showCode) throw new FerryError("required option '--export <path>' not specified");
				if (o.target && o.sandbox) throw new FerryError('give either --target or --sandbox, not both');
				if (o.target && !/^https?:\/\//.test(o.target)) throw new FerryError(`--target must be an http(s) URL, not '${o.target}'`);
				if (o.trustHash && !/^[0-9a-f]{64}$/i.test(o.trustHash))
					throw new FerryError(
						`--trust-hash must be the 64 hex digits of a SHA-256 (ferry run --show-code prints it), not '${o.trustHash}'`
					);
				recipe = readRecipe(ref);
				if (o.workspace) validateWorkspaceName(o.workspace);
			} catch (err) {
				console.error(`ferry run: ${(err as Error).message}`);
				process.exit(2);
			}
			const ws = await openForCli(o.workspace ?? `run-${recipe.name}`, true);
			let code: number;
			try {
				code = o.showCode ? await showCode(ws, recipe, o) : await replay(ws, recipe, o);
			} catch (err) {
				if (!(err instanceof FerryError)) throw err;
				if (err instanceof UntrustedRecipeError) printCode(err.recipe, err.code, (l) => console.error(l));
				console.error(`ferry run: ${err.message}`);
				code = 2;
			} finally {
				await stopLocalSandboxes();
				await closeAllWorkspaces();
			}
			process.exit(code);
		});
}
