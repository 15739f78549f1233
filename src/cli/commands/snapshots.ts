// `ferry snapshots [list|current <id>|delete <id>]`: the snapshot history of a workspace, making an
// older import current again, and deleting one (after naming what depends on it).
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import { deleteSnapshot, listSnapshots, makeCurrent, snapshotDependents } from '../../lib/server/snapshots/index.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

const id = (v: string) => {
	const n = Number(v);
	if (!Number.isInteger(n) || n <= 0) throw new FerryError(`'${v}' is not a snapshot number (see: ferry snapshots list)`);
	return n;
};

export function register(program: Command): void {
	const cmd = program.command('snapshots').description('list snapshots, make an older one current, or delete one');
	cmd
		.command('list', { isDefault: true })
		.description('the snapshots of a workspace, newest first; * marks the current one')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--json', 'print JSON')
		.action(async (o: { workspace: string; json?: boolean }) => {
			const ws = await openForCli(o.workspace);
			try {
				const rows = await listSnapshots(ws);
				if (o.json)
					return console.log(
						JSON.stringify(
							rows.map((r) => ({
								...r,
								rows_read: Number(r.rows_read),
								rows_staged: Number(r.rows_staged),
								rows_rejected: Number(r.rows_rejected),
								attachment_bytes: Number(r.attachment_bytes)
							})),
							null,
							2
						)
					);
				if (!rows.length) return console.log(`workspace '${o.workspace}' has no snapshot: ferry import <path> -w ${o.workspace}`);
				for (const r of rows)
					console.log(
						`${r.current ? '*' : ' '} ${String(r.id).padStart(3)}  ${new Date(r.created_at).toISOString().slice(0, 16)}  ${String(r.tables).padStart(3)} tables  ${String(Number(r.rows_staged)).padStart(9)} rows  ${r.source}`
					);
			} finally {
				await closeAllWorkspaces();
			}
		});
	cmd
		.command('current <id>')
		.description('make snapshot <id> current: every page, cell, map and batch reads it')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.action(async (v: string, o: { workspace: string }) => {
			const ws = await openForCli(o.workspace);
			try {
				const r = await makeCurrent(ws, id(v), 'cli');
				console.log(
					`Snapshot ${r.snapshot} is current (${r.tables} tables)${r.previous && r.previous !== r.snapshot ? `; snapshot ${r.previous} was` : ''}.`
				);
				for (const s of r.stale) console.log(`  next: ${s}`);
			} finally {
				await closeAllWorkspaces();
			}
		});
	cmd
		.command('delete <id>')
		.description('delete snapshot <id> (not the current one), its tables, rejects, deltas and kept attachments')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--yes', 'delete without printing what depends on it first')
		.action(async (v: string, o: { workspace: string; yes?: boolean }) => {
			const ws = await openForCli(o.workspace);
			try {
				const deps = await snapshotDependents(ws, id(v));
				if (!o.yes) {
					console.log(`Deleting snapshot ${deps.snapshot}:`);
					for (const n of deps.notes) console.log(`  - ${n}`);
					if (deps.current) throw new FerryError(`snapshot ${deps.snapshot} is current: ferry snapshots current <other id> first`);
					console.log(`Run again with --yes to delete it.`);
					process.exitCode = 2;
					return;
				}
				await deleteSnapshot(ws, deps.snapshot, 'cli');
				console.log(`Snapshot ${deps.snapshot} deleted.`);
			} finally {
				await closeAllWorkspaces();
			}
		});
}
