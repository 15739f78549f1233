import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import { profileWorkspace, type Profile } from '../../lib/server/profile/index.js';
import { openForCli } from '../workspace.js';

/** Figures and ids only: top values are left to the workbench (they may be names or emails). */
function print(p: Profile): void {
	for (const t of p.tables) {
		console.log(`${t.table}: ${t.rows} rows, ${t.columns.length} columns`);
		for (const c of t.columns) {
			const classes = c.kind ? `  ${c.kind}: ${c.classes.map((k) => `${k.label} ${k.count}`).join(', ')}` : '';
			console.log(`  ${c.name.padEnd(32)} ${(c.nullRate * 100).toFixed(1).padStart(5)}% empty  ≈${c.distinct} distinct${classes}`);
		}
	}
	for (const o of p.checks.orphans.filter((o) => o.orphans))
		console.log(`orphans: ${o.orphans} ${o.table} rows with ${o.column} missing from ${o.target}`);
	for (const pl of p.checks.picklists) {
		const unused = pl.values.filter((v) => v.defined && !v.used).length;
		const undef = pl.values.filter((v) => !v.defined).length;
		if (unused || undef)
			console.log(`pick-list ${pl.field} (${pl.table}.${pl.column}): ${unused} defined but unused, ${undef} used but undefined`);
	}
	for (const c of p.checks.cycles) console.log(`circular locations: ${[...c, c[0]].join(' → ')}`);
	for (const s of p.checks.skipped) console.log(`skipped: ${s}`);
	console.log(`profiled in ${(p.ms / 1000).toFixed(2)} s (distinct counts are approximate)`);
}

export function register(program: Command): void {
	program
		.command('profile')
		.description("profile the current snapshot's raw tables: null rates, distincts, patterns, orphans, pick-lists, location cycles")
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--json', 'print the whole profile as JSON (includes top values)')
		.action(async (opts: { workspace: string; json?: boolean }) => {
			const ws = await openForCli(opts.workspace);
			try {
				const p = await profileWorkspace(ws);
				if (opts.json) console.log(JSON.stringify(p, null, 2));
				else print(p);
			} finally {
				await closeAllWorkspaces();
			}
		});
}
