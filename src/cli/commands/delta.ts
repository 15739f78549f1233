// `ferry delta -w <workspace> [--freeze] [--approve <ids>] [--push] [--json]`: what the current
// snapshot changed since the one before (per table: new, changed, vanished). --freeze puts only
// the new and changed records into draft batches; --approve is a person approving them (after
// reviewing them in the workbench); --push moves the approved delta batches (undoable with
// `ferry rollback` on each run it prints). Vanished records stay.
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import { deltaBatches, detectDelta, freezeDelta, pushDelta } from '../../lib/server/delta/index.js';
import { approveBatch } from '../../lib/server/loader/index.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

function snapshotId(v: string): number {
	const n = Number(v);
	if (!Number.isInteger(n) || n < 1) throw new FerryError(`expected a snapshot id (a positive integer), got '${v}'`);
	return n;
}

export function register(program: Command): void {
	program
		.command('delta')
		.description('compare the newest snapshot with the one before; --push moves the new and changed records')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--from <snapshot>', 'earlier snapshot (default: the one before --to)', snapshotId)
		.option('--to <snapshot>', 'later snapshot (default: the newest)', snapshotId)
		.option('--freeze', 'freeze only the new and changed records into draft batches for review', false)
		.option('--approve <ids>', "approve delta batches you reviewed: comma-separated ids, or 'all'")
		.option('--push', 'push the approved delta batches to the workspace target', false)
		.option('--json', 'print JSON', false)
		.action(
			async (o: { workspace: string; from?: number; to?: number; freeze: boolean; approve?: string; push: boolean; json: boolean }) => {
				const ws = await openForCli(o.workspace);
				let code = 0;
				try {
					const d = await detectDelta(ws, { from: o.from, to: o.to });
					const frozen = o.freeze ? await freezeDelta(ws, { actor: 'cli' }) : null;
					const approved = o.approve ? await approveDelta(ws, o.approve) : [];
					const pushed = o.push ? await pushDelta(ws, { actor: 'cli' }) : null;
					if (pushed?.problems.length) code = 4;
					if (o.json) return console.log(JSON.stringify({ delta: d, frozen, approved, push: pushed }, null, 2));
					console.log(`snapshot ${d.from} → ${d.to}: ${d.totals.new} new, ${d.totals.changed} changed, ${d.totals.vanished} vanished`);
					for (const t of d.tables)
						if (t.new + t.changed + t.vanished || t.note)
							console.log(`  ${t.table}: ${t.new} new, ${t.changed} changed, ${t.vanished} vanished${t.note ? ` (${t.note})` : ''}`);
					if (d.totals.vanished) console.log('  vanished records are not deleted anywhere: decide each one in the workbench (Delta page)');
					if (frozen) {
						if (!frozen.batches.length) console.log('nothing new or changed since the last push: no batch frozen');
						const out = frozen.moves.filter((m) => m.excluded);
						if (out.length)
							console.log(
								`left out as a person excluded them, unchanged since: ${out.map((m) => `${m.plural} ${m.excluded}`).join(' · ')} (they move again once the export changes them)`
							);
						for (const b of frozen.batches)
							console.log(
								`frozen batch ${b.id} (${b.plural}): ${b.new} new + ${b.changed} changed, ${b.invalid} invalid — draft, review it, then --approve ${b.id}`
							);
					}
					for (const id of approved) console.log(`approved batch ${id}`);
					if (pushed) {
						console.log(
							`pushed in run(s) ${pushed.runIds.join(', ') || 'none'}: ${pushed.counts.map((c) => `${c.plural} ${c.created} created/${c.updated} updated/${c.failed} failed${c.skipped ? `/${c.skipped} held back` : ''}`).join(' · ') || 'nothing to move'}`
						);
						for (const p of pushed.problems) console.log(`  problem: ${p}`);
					}
				} finally {
					await closeAllWorkspaces();
				}
				process.exitCode = code;
			}
		);
}

/** Approves delta batches not yet pushed: the given ids, or all of them. */
async function approveDelta(ws: Awaited<ReturnType<typeof openForCli>>, which: string): Promise<number[]> {
	const open = (await deltaBatches(ws)).filter((b) => !b.runIds.length);
	const ids = which === 'all' ? open.map((b) => b.id) : which.split(',').map((v) => Number(v.trim()));
	for (const id of ids) {
		if (!open.some((b) => b.id === id))
			throw new FerryError(
				`batch ${id} is not a delta batch waiting to be pushed (waiting: ${open.map((b) => b.id).join(', ') || 'none'})`
			);
		await approveBatch(ws, id, 'cli');
	}
	return ids;
}
