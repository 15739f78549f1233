// `ferry push`: pushes every approved batch (or --batches) into the workspace's Twenty target,
// paced to the budget, with progress bars per object on stderr. `--resume` continues the newest
// unfinished run (after a crash or a cancel), reconciling in-flight records with Twenty first.
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { closeAllWorkspaces } from '../../lib/server/db/index.js';
import {
	linkCounts,
	resumeRun,
	retryFailed,
	runCounts,
	runFailures,
	runLosses,
	startRun,
	unfinishedRun,
	unresolvedCounts,
	type RunProgress
} from '../../lib/server/loader/index.js';
import { targetClient } from '../../lib/server/twenty/index.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

interface Opts {
	workspace: string;
	resume?: string | boolean;
	retry?: string;
	keys?: string;
	payload?: string;
	batches?: string;
	budget?: string;
	windowMs?: string;
	batchSize?: string;
	concurrency?: string;
	json?: boolean;
}

const int = (name: string, v: string | undefined): number | undefined => {
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 1) throw new FerryError(`--${name} expects a positive integer, got '${v}'`);
	return n;
};

/** One bar per object: records settled of total, plus the run's pace and headroom. */
function bars(): { update: (p: RunProgress) => void; stop: () => void } {
	if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
	const multi = new cliProgress.MultiBar(
		{
			format:
				'{plural} [{bar}] {value}/{total} | {rate}/min | {requests} req, {retries} retries, {limited} 429 | headroom {headroom}% | ETA {eta_s}s',
			stream: process.stderr,
			hideCursor: true,
			clearOnComplete: false
		},
		cliProgress.Presets.shades_classic
	);
	const rows = new Map<string, cliProgress.SingleBar>();
	return {
		update(p) {
			for (const o of p.objects) {
				const settled = o.created + o.updated + o.failed + o.skipped;
				const payload = {
					plural: o.plural.padEnd(12),
					rate: p.recordsPerMinute,
					requests: p.requests,
					retries: p.retries,
					limited: p.rateLimited,
					headroom: Math.round(p.headroom.share * 100),
					eta_s: p.etaSeconds ?? '?'
				};
				let bar = rows.get(o.plural);
				if (!bar) rows.set(o.plural, (bar = multi.create(o.total, settled, payload)));
				bar.update(settled, payload);
			}
		},
		stop: () => multi.stop()
	};
}

export function register(program: Command): void {
	program
		.command('push')
		.description('push approved batches into Twenty (paced, idempotent); --resume continues an unfinished run')
		.option('-w, --workspace <name>', 'workspace', 'sample')
		.option('--resume [run]', 'resume the newest unfinished run, or the given run id')
		.option('--retry <run>', 'send failed records of run <run> again, in a run of their own (--keys, default: all its failed records)')
		.option('--keys <keys>', 'with --retry: comma-separated source keys of its failed records')
		.option('--payload <file>', 'with --retry and one key: a JSON file with the corrected payload (checked against the target first)')
		.option('--batches <ids>', 'comma-separated approved batch ids (default: every approved batch)')
		.option('--budget <n>', "requests per window (default 100, Twenty's limit)")
		.option('--window-ms <n>', "the budget's window in ms (default 60000)")
		.option('--batch-size <n>', 'records per batch call (default 60; halved if the target refuses)')
		.option('--concurrency <n>', 'requests in flight (default 4)')
		.option('--json', 'print the result as JSON')
		.action(async (o: Opts) => {
			const ws = await openForCli(o.workspace);
			const bar = bars();
			try {
				const settings = Object.fromEntries(
					Object.entries({
						budget: int('budget', o.budget),
						windowMs: int('window-ms', o.windowMs),
						batchSize: int('batch-size', o.batchSize),
						concurrency: int('concurrency', o.concurrency)
					}).filter(([, v]) => v !== undefined)
				);
				const options = { settings, actor: 'cli', onProgress: bar.update };
				let run;
				if (o.retry !== undefined) {
					const id = int('retry', o.retry)!;
					const keys =
						o.keys
							?.split(',')
							.map((k) => k.trim())
							.filter(Boolean) ?? (await runFailures(ws, id, 100_000)).map((f) => f.sourceKey);
					if (!keys.length) throw new FerryError(`run ${id} has no failed record to retry`);
					let payload: Record<string, unknown> | undefined;
					if (o.payload)
						try {
							payload = JSON.parse(fs.readFileSync(o.payload, 'utf8'));
						} catch (err) {
							throw new FerryError(`--payload: ${(err as Error).message}`);
						}
					const objects = payload ? await (await targetClient(ws)).metadata.listObjects() : undefined;
					run = await retryFailed(ws, id, keys, { ...options, payload, objects });
				} else if (o.resume !== undefined) {
					const id = typeof o.resume === 'string' ? int('resume', o.resume)! : await unfinishedRun(ws);
					if (id === null) throw new FerryError('no unfinished run to resume');
					run = await resumeRun(ws, id, options);
				} else {
					run = await startRun(
						ws,
						o.batches?.split(',').map((b) => int('batches', b.trim())!),
						options
					);
				}
				// One line before the first request (the bars need a terminal): scripts and tests see the run begin.
				process.stderr.write(
					`run ${run.runId}: ${o.retry !== undefined ? `retrying failed records of run ${o.retry}` : o.resume !== undefined ? 'resuming' : 'pushing'}\n`
				);
				const p = await run.done;
				bar.stop();
				const counts = await runCounts(ws, run.runId);
				const failures = await runFailures(ws, run.runId, 20);
				const links = await linkCounts(ws, run.runId);
				const losses = await runLosses(ws, run.runId);
				const unresolved = await unresolvedCounts(ws, run.runId);
				if (o.json)
					console.log(
						JSON.stringify(
							{
								runId: run.runId,
								status: p.status,
								counts,
								links,
								unresolved,
								losses,
								requests: p.requests,
								retries: p.retries,
								rateLimited: p.rateLimited,
								refusalRequests: p.refusalRequests,
								batchSize: p.batchSize,
								failures
							},
							null,
							2
						)
					);
				else {
					console.log(
						`run ${run.runId}: ${p.status} (${p.requests} requests, ${p.retries} retries, ${p.rateLimited} rate-limited, ${p.refusalRequests} spent on refusals; ${p.batchSize} records per call)`
					);
					for (const c of counts)
						console.log(
							`  ${c.plural.padEnd(12)} ${c.total} approved = ${c.created} created + ${c.updated} updated + ${c.skipped} skipped + ${c.failed} failed${c.pending + c.inFlight ? ` (+${c.pending + c.inFlight} not yet settled)` : ''}`
						);
					if (links.total)
						console.log(
							`  links on a cycle (set after their records): ${links.done} of ${links.total} set${links.failed ? `, ${links.failed} failed` : ''}`
						);
					// Optional links a person chose to send without when their record is missing: the records went, their link did not.
					for (const u of unresolved)
						console.log(`  sent without ${u.plural}.${u.field} (unresolved link): ${u.records} record(s), e.g. ${u.example}`);
					for (const f of failures) console.log(`  failed ${f.plural} ${f.sourceKey}: ${f.reason}`);
					// What the map lost before the push (acknowledged at approval): part of what this run did not carry.
					for (const l of losses)
						console.log(
							`  lost by the map ${l.plural}.${l.target}: ${l.records} ${l.reason} (acknowledged by ${l.acknowledgedBy ?? 'nobody'})`
						);
					if (losses.length)
						console.log(
							`  ${losses.reduce((n, l) => n + l.records, 0)} value(s), reference(s) or file(s) lost by the map and acknowledged before approval (ferry batches show <batch>)`
						);
				}
				// A run that left records failed never reports success, even when it ran to its end (a resume too).
				const failedRecords = counts.reduce((n, c) => n + c.failed, 0);
				if (failedRecords && !o.json) console.error(`${failedRecords} record(s) failed: fix them and push again (failures above)`);
				if (
					p.status !== 'done' ||
					failedRecords > 0 ||
					counts.some((c) => c.pending + c.inFlight > 0) ||
					links.failed > 0 ||
					losses.some((l) => !l.acknowledgedBy)
				)
					process.exitCode = 1;
			} finally {
				bar.stop();
				await closeAllWorkspaces();
			}
		});
}
