import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import type { ImportResult } from '../../lib/server/ingest/index.js';
import { importSnapshot, type TrackedImport } from '../../lib/server/snapshots/index.js';
import { importBar } from '../progress.js';
import { openForCli } from '../workspace.js';

export function printImport(r: ImportResult & Partial<TrackedImport>): void {
	const again = r.madeCurrent ? ` It is current again (snapshot ${r.previous} was).` : '';
	const head = r.reused
		? `Already imported: snapshot ${r.snapshotId} holds these exact bytes; nothing new was created.${again}`
		: `Snapshot ${r.snapshotId} (now current):`;
	console.log(head);
	for (const f of r.files) {
		const where = f.sheet ? `${f.file} [${f.sheet}]` : f.file;
		if (f.status !== 'staged') console.log(`  ${f.status.padEnd(8)} ${where}: ${f.error}`);
		else
			console.log(
				`  staged   ${where} → ${f.table}: ${f.rowsStaged} rows${f.rowsRejected ? `, ${f.rowsRejected} quarantined` : ''}${f.encoding ? ` (${f.encoding}${f.delimiter ? `, '${f.delimiter === '\t' ? '\\t' : f.delimiter}'` : ''})` : ''}`
			);
	}
	console.log(`rows read ${r.rowsRead} = staged ${r.rowsStaged} + rejected ${r.rowsRejected}`);
	for (const w of r.warnings ?? []) console.log(`WARNING: ${w}. If this was the wrong file: ferry snapshots current ${r.previous}`);
}

export function register(program: Command): void {
	program
		.command('import <path>')
		.description('import a Clinic Place export (folder, .zip or single file) as a new snapshot')
		.option('-w, --workspace <name>', 'workspace to import into (created if missing)', 'sample')
		.option('--json', 'print the result as JSON')
		.action(async (source: string, opts: { workspace: string; json?: boolean }) => {
			const ws = await openForCli(opts.workspace, true);
			const bar = importBar(`import ${opts.workspace}`);
			try {
				const result = await importSnapshot(ws, source, { onProgress: bar.update, actor: 'cli', sourceLabel: source });
				bar.stop();
				if (opts.json) console.log(JSON.stringify(result, null, 2));
				else printImport(result);
			} finally {
				bar.stop();
				await closeAllWorkspaces();
			}
		});
}
