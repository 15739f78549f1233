// `ferry snapshots [list|current <id>|delete <id>|rejects <id>|fix <id>|drop <id>]`: the snapshot history
// of a workspace, making an older import current again, deleting one (after naming what depends on
// it), and settling its quarantined rows: fixed and admitted, or dropped with a reason.
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import fs from 'node:fs';
import {
	deleteSnapshot,
	dropReject,
	fixReject,
	listSnapshots,
	makeCurrent,
	snapshotDependents,
	snapshotRejects
} from '../../lib/server/snapshots/index.js';
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
	cmd
		.command('rejects <id>')
		.description("snapshot <id>'s quarantined rows: file, line, reason and what a person decided (--raw prints their text)")
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--file <file>', 'only this file')
		.option('--raw', "print each row's raw text too (patient data: your terminal only)")
		.action(async (v: string, o: { workspace: string; file?: string; raw?: boolean }) => {
			const ws = await openForCli(o.workspace);
			try {
				const r = await snapshotRejects(ws, id(v), { file: o.file, offset: 0, limit: 100_000 });
				for (const x of r.rows as Array<Record<string, unknown>>) {
					const state = x.resolution ? `${x.resolution}${x.resolutionReason ? ` (${x.resolutionReason})` : ''}` : 'open';
					console.log(`${x.file}${x.sheet ? ` [${x.sheet}]` : ''}:${x.line ?? '?'}  ${state}  ${x.reason}`);
					if (o.raw) console.log(`    ${String(x.raw ?? '')}`);
				}
				const open = (r.rows as Array<Record<string, unknown>>).filter((x) => !x.resolution).length;
				console.log(`${r.total} quarantined row(s), ${open} open: ferry snapshots fix|drop ${v} --file <file> --line <n>`);
			} finally {
				await closeAllWorkspaces();
			}
		});
	const rejectRef = (c: Command) =>
		c
			.option('-w, --workspace <name>', 'workspace', 'sample')
			.requiredOption('--file <file>', 'the file the row is in, as `ferry snapshots rejects` names it')
			.option('--sheet <sheet>', 'the sheet, for a workbook', '')
			.requiredOption('--line <n>', 'its line number');
	const lineOf = (v: string) => {
		const n = Number(v);
		if (!Number.isInteger(n) || n <= 0) throw new FerryError(`--line '${v}' is not a line number`);
		return n;
	};
	rejectRef(cmd.command('fix <id>').description('admit a quarantined row, its text fixed, into its raw table (counted and audited)'))
		.option('--raw <text>', 'the fixed row as one line of the file')
		.option('--raw-file <path>', 'instead: a file holding the fixed row')
		.action(async (v: string, o: { workspace: string; file: string; sheet: string; line: string; raw?: string; rawFile?: string }) => {
			const text = o.rawFile ? fs.readFileSync(o.rawFile, 'utf8') : o.raw;
			if (!text) throw new FerryError('give the fixed row: --raw "<text>" or --raw-file <path>');
			const ws = await openForCli(o.workspace);
			try {
				const r = await fixReject(ws, { snapshot: id(v), file: o.file, sheet: o.sheet, line: lineOf(o.line) }, text, 'cli');
				console.log(
					`line ${r.line} admitted into ${r.table}; snapshot ${r.snapshot}: ${r.rowsStaged} rows staged, ${r.rowsRejected} rejected`
				);
			} finally {
				await closeAllWorkspaces();
			}
		});
	rejectRef(cmd.command('drop <id>').description('leave a quarantined row out for good, with a reason (it stays counted as rejected)'))
		.requiredOption('--reason <why>', 'why it is left out')
		.action(async (v: string, o: { workspace: string; file: string; sheet: string; line: string; reason: string }) => {
			const ws = await openForCli(o.workspace);
			try {
				const r = await dropReject(ws, { snapshot: id(v), file: o.file, sheet: o.sheet, line: lineOf(o.line) }, o.reason, 'cli');
				console.log(`line ${r.line} dropped; snapshot ${r.snapshot}: ${r.rowsRejected} row(s) rejected`);
			} finally {
				await closeAllWorkspaces();
			}
		});
}
