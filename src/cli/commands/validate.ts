// `ferry validate`: reads Twenty back (paced) and prints the post-migration validation report;
// --csv / --html write it to files.
import fs from 'node:fs';
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import { readBack, readPlan, reportCsv, reportHtml, validationReport } from '../../lib/server/loader/index.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

export function register(program: Command): void {
	program
		.command('validate')
		.description('read Twenty back and report: counts expected vs in Twenty, empty required fields, attachments, orphan links')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--no-read', 'report on the last read-back without reading Twenty again')
		.option('--budget <n>', 'requests per minute for the read-back (default 100)')
		.option('--csv <file>', 'also write the report as CSV')
		.option('--html <file>', 'also write the report as HTML with charts')
		.action(async (o: { workspace: string; read: boolean; budget?: string; csv?: string; html?: string }) => {
			const budget = o.budget === undefined ? undefined : Number(o.budget);
			if (budget !== undefined && !(Number.isInteger(budget) && budget > 0))
				throw new FerryError(`--budget expects a positive integer, got '${o.budget}'`);
			const ws = await openForCli(o.workspace);
			try {
				if (o.read) {
					const r = await readBack(
						ws,
						(await readPlan(ws)).map((p) => p.plural),
						{ settings: budget ? { budget } : {} }
					);
					console.error(`read back ${Object.values(r.records).reduce((a, b) => a + b, 0)} records in ${r.requests} requests`);
				}
				const r = await validationReport(ws);
				console.log('object        expected  in Twenty  missing  skipped   failed  other');
				for (const c of r.counts)
					console.log(
						`${c.plural.padEnd(13)} ${String(c.expected).padStart(8)} ${String(c.present).padStart(10)} ${String(c.missing).padStart(8)} ${String(c.skipped).padStart(8)} ${String(c.failed).padStart(8)} ${String(c.other).padStart(6)}`
					);
				const failed = r.counts.reduce((n, c) => n + c.failed, 0);
				if (failed)
					console.log(
						`${failed} approved record(s) failed in the run with a stated reason (ferry push --json lists them): not counted as missing`
					);
				for (const x of r.nulls) console.log(`empty ${x.plural}.${x.field}: ${x.nulls} of ${x.records} (${(x.rate * 100).toFixed(1)}%)`);
				console.log(
					`notes with an attachment: ${r.attachments.notesWithAttachment} of ${r.attachments.notes}; attachments ${r.attachments.present} of ${r.attachments.expected} expected`
				);
				for (const l of r.orphans) console.log(`orphan ${l.plural}.${l.link}: ${l.orphans} of ${l.records}`);
				// Not in Twenty by a person's decision: what the map lost, acknowledged before approval.
				for (const l of r.losses)
					console.log(
						`lost by the map ${l.plural}.${l.target}: ${l.records} ${l.reason} (acknowledged by ${l.acknowledgedBy ?? 'nobody'}${l.acknowledgedAt ? ` at ${l.acknowledgedAt}` : ''})`
					);
				const lost = r.losses.reduce((n, l) => n + l.records, 0);
				if (lost) console.log(`${lost} value(s), reference(s) or file(s) lost by the map before the push (above, per field and reason)`);
				// In Twenty without a link, as the map allowed: the record it pointed at was excluded, refused or held back.
				for (const u of r.unresolved)
					console.log(`sent without ${u.plural}.${u.field} (unresolved link): ${u.records} record(s), e.g. ${u.example}`);
				if (o.csv) fs.writeFileSync(o.csv, reportCsv(r));
				if (o.html) fs.writeFileSync(o.html, reportHtml(r, ws.name));
				if (r.counts.some((c) => c.missing > 0) || r.orphans.some((l) => l.orphans > 0) || r.losses.some((l) => !l.acknowledgedBy))
					process.exitCode = 1;
			} finally {
				await closeAllWorkspaces();
			}
		});
}
