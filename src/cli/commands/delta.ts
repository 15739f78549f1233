// `ferry delta -w <workspace> [--push] [--json]`: what the newest snapshot changed since the one
// before (per table: new, changed, vanished), and with --push the new and changed records moved
// through the loader (undoable with `ferry rollback` on each run it prints). Vanished records stay.
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import { detectDelta, pushDelta } from '../../lib/server/delta/index.js';
import { openForCli } from '../workspace.js';

function snapshotId(v: string): number {
	const n = Number(v);
	if (!Number.isInteger(n) || n < 1) throw new Error(`expected a snapshot id (a positive integer), got '${v}'`);
	return n;
}

export function register(program: Command): void {
	program
		.command('delta')
		.description('compare the newest snapshot with the one before; --push moves the new and changed records')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--from <snapshot>', 'earlier snapshot (default: the one before --to)', snapshotId)
		.option('--to <snapshot>', 'later snapshot (default: the newest)', snapshotId)
		.option('--push', 'push new and changed records to the workspace target', false)
		.option('--json', 'print JSON', false)
		.action(async (o: { workspace: string; from?: number; to?: number; push: boolean; json: boolean }) => {
			const ws = await openForCli(o.workspace);
			let code = 0;
			try {
				const d = await detectDelta(ws, { from: o.from, to: o.to });
				const pushed = o.push ? await pushDelta(ws, { actor: 'cli' }) : null;
				if (pushed?.problems.length) code = 4;
				if (o.json) return console.log(JSON.stringify({ delta: d, push: pushed }, null, 2));
				console.log(`snapshot ${d.from} → ${d.to}: ${d.totals.new} new, ${d.totals.changed} changed, ${d.totals.vanished} vanished`);
				for (const t of d.tables) if (t.new + t.changed + t.vanished || t.note) console.log(`  ${t.table}: ${t.new} new, ${t.changed} changed, ${t.vanished} vanished${t.note ? ` (${t.note})` : ''}`);
				if (d.totals.vanished) console.log('  vanished records are not deleted anywhere: decide each one in the workbench (Delta page)');
				if (pushed) {
					console.log(`pushed in run(s) ${pushed.runIds.join(', ') || 'none'}: ${pushed.counts.map((c) => `${c.plural} ${c.created} created/${c.updated} updated/${c.failed} failed`).join(' · ') || 'nothing to move'}`);
					for (const p of pushed.problems) console.log(`  problem: ${p}`);
				}
			} finally {
				await closeAllWorkspaces();
			}
			process.exitCode = code;
		});
}
