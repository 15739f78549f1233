// `ferry rollback <run>`: destroys what the run created (reverse order), restores what it
// updated, verifies against Twenty and records it in the audit log.
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import { rollbackRun } from '../../lib/server/loader/index.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

export function register(program: Command): void {
	program
		.command('rollback <run>')
		.description('undo a run: destroy what it created, restore what it updated, verify')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--budget <n>', 'requests per minute (default 100)')
		.action(async (runArg: string, o: { workspace: string; budget?: string }) => {
			const runId = Number(runArg);
			if (!Number.isInteger(runId) || runId < 1) throw new FerryError(`<run> must be a run id (a positive integer), got '${runArg}'`);
			const budget = o.budget === undefined ? undefined : Number(o.budget);
			if (budget !== undefined && !(Number.isInteger(budget) && budget > 0))
				throw new FerryError(`--budget expects a positive integer, got '${o.budget}'`);
			const ws = await openForCli(o.workspace);
			try {
				const r = await rollbackRun(ws, runId, { settings: budget ? { budget } : {}, actor: 'cli' });
				console.log(
					`run ${runId} rolled back: ${r.destroyed} destroyed, ${r.restored} restored, ${r.remaining} left in Twenty (${r.requests} requests)`
				);
			} finally {
				await closeAllWorkspaces();
			}
		});
}
