// `ferry dedupe`: run candidate generation, auto-merge above a threshold, export or replay
// the dedupe part of a recipe. Output carries counts and ids only.
import fs from 'node:fs';
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import * as dedupe from '../../lib/server/dedupe/index.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

async function withWorkspace(name: string, work: (ws: Awaited<ReturnType<typeof openForCli>>) => Promise<void>): Promise<void> {
	const ws = await openForCli(name);
	try {
		await work(ws);
	} finally {
		await closeAllWorkspaces();
	}
}

export function register(program: Command): void {
	const cmd = program.command('dedupe').description('duplicate patients: run, auto-merge, recipe export and replay');
	cmd
		.command('run')
		.description('find candidate pairs and clusters on the newest snapshot')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.action((opts: { workspace: string }) =>
			withWorkspace(opts.workspace, async (ws) => {
				const { rules } = await dedupe.ruleCounts(ws);
				for (const r of rules)
					console.log(
						`  ${r.enabled ? 'on ' : 'off'} ${r.name}: ${r.pairs} pairs${r.splitBlocks ? ` (${r.splitBlocks} big blocks split into sorted neighbourhoods)` : ''}`
					);
				const r = await dedupe.runDedupe(ws);
				const q = await dedupe.queue(ws, 'open', 0, 1);
				for (const w of r.warnings) console.log(`warning: ${w}`);
				console.log(
					`${r.records} records, ${r.pairs} candidate pairs (≈${r.model.expectedMatches}, ${(100 * r.model.matchShare).toFixed(0)}%, duplicates by the estimated weights; prior ${r.model.prior.toFixed(1)}: two random records are one person with probability ${r.model.randomMatch.toExponential(1)}), ${r.clusters} clusters (${q.counts?.open} open, ${q.counts?.decided} decided) in ${r.seconds.toFixed(1)} s`
				);
			})
		);
	cmd
		.command('roles')
		.description('show which column plays each role and how it was found; --set role=column (or role=none) changes and saves')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('-s, --set <role=column>', 'a role to change (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
		.option('--weights', 'also print the weights the last run estimated')
		.action((opts: { workspace: string; set: string[]; weights?: boolean }) =>
			withWorkspace(opts.workspace, async (ws) => {
				let s = await dedupe.loadSettings(ws);
				if (opts.set.length) {
					const roles = { ...s.roles };
					for (const item of opts.set) {
						const m = /^([a-z_0-9]+)=(.+)$/.exec(item);
						if (!m) throw new FerryError(`--set '${item}': expected role=column, e.g. identifier=medicare_no`);
						if (!(dedupe.ROLES as readonly string[]).includes(m[1]))
							throw new FerryError(`--set: '${m[1]}' is not a role (roles: ${dedupe.ROLES.join(', ')})`);
						roles[m[1] as dedupe.Role] = m[2] === 'none' ? null : m[2];
					}
					s = await dedupe.saveSettings(ws, { ...s, roles });
				}
				const view = await dedupe.settingsView(ws);
				console.log(`raw.${s.table}:`);
				for (const role of dedupe.ROLES)
					console.log(
						`  ${role.padEnd(14)} ${s.roles[role] ?? '—'}${s.roles[role] ? `  (${view.roleReasons[role] ?? 'chosen by hand'})` : ''}`
					);
				if (opts.weights)
					for (const r of view.model)
						console.log(
							`  ${r.comparison.padEnd(10)} ${r.level.padEnd(18)} m ${r.m.toFixed(3)} u ${r.u.toExponential(1)} weight ${r.weight.toFixed(2)}`
						);
			})
		);
	cmd
		.command('auto-merge')
		.description('merge undecided clusters whose every pair scores at least the threshold (never twins)')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('-t, --threshold <score>', 'score (default: the saved auto-merge threshold)', (v) => {
			const n = Number(v);
			if (!Number.isFinite(n)) throw new FerryError(`--threshold: '${v}' is not a number`);
			return n;
		})
		.action((opts: { workspace: string; threshold?: number }) =>
			withWorkspace(opts.workspace, async (ws) => {
				await dedupe.requireRun(ws);
				const r = await dedupe.autoMerge(ws, opts.threshold);
				console.log(`auto-merged ${r.merged} clusters at score ≥ ${r.threshold}`);
			})
		);
	cmd
		.command('export')
		.description('print (or write) the dedupe settings and active decisions as recipe JSON')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('-o, --out <file>', 'write to a file instead of stdout')
		.action((opts: { workspace: string; out?: string }) =>
			withWorkspace(opts.workspace, async (ws) => {
				const json = JSON.stringify(await dedupe.exportRecipe(ws), null, 2);
				if (opts.out) fs.writeFileSync(opts.out, json + '\n', { mode: 0o600 });
				else console.log(json);
			})
		);
	cmd
		.command('replay <file>')
		.description('apply dedupe settings and decisions from recipe JSON to the newest snapshot')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.action((file: string, opts: { workspace: string }) =>
			withWorkspace(opts.workspace, async (ws) => {
				const r = await dedupe.replayRecipe(ws, JSON.parse(fs.readFileSync(file, 'utf8')));
				for (const s of r.steps.filter((x) => x.status === 'failed')) console.log(`  step ${s.index} (${s.kind}) failed: ${s.error}`);
				console.log(`replayed: ${r.applied} applied, ${r.failed} failed`);
				if (r.failed) process.exitCode = 1;
			})
		);
}
