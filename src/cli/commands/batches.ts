// `ferry target` and `ferry batches`: what the workbench does before a push, for scripts. Set the
// Twenty target; freeze the compiled map into batches (unique values and payload checks counted
// per reason); review invalid records; exclude or fix them; approve. Output carries ids, counts
// and reasons, never patient values.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Workspace } from '../../lib/server/db/index.js';
import {
	acknowledgeLosses,
	approveBatch,
	batchLosses,
	batchRecords,
	excludeRecords,
	fixRecord,
	freezeBatches,
	getBatch,
	listBatches,
	type BatchSummary
} from '../../lib/server/loader/index.js';
import { setTarget, targetClient } from '../../lib/server/twenty/index.js';
import { withWorkspace, WS } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

const lostNote = (b: BatchSummary) =>
	b.lost
		? `; ${b.lost} lost by the map${b.lossesAcknowledgedBy ? ` (acknowledged by ${b.lossesAcknowledgedBy})` : ' (not acknowledged)'}`
		: '';
const line = (b: BatchSummary) =>
	`batch ${String(b.id).padStart(4)} ${b.plural.padEnd(12)} step ${b.step} ${b.status.padEnd(8)} ${b.records} records: ${b.valid} valid, ${b.invalid} invalid, ${b.excluded} excluded${lostNote(b)}`;

/** The batch's losses per field and reason: counts and field names, never values. */
async function printLosses(ws: Workspace, b: BatchSummary): Promise<void> {
	if (!b.lost) return;
	for (const l of await batchLosses(ws, b.id))
		console.log(`  lost ${String(l.records).padStart(6)}  ${l.target}${l.column ? ` (${l.column})` : ''}: ${l.reason}`);
	console.log(
		b.lossesAcknowledgedBy
			? `  ${b.lost} lost, acknowledged by ${b.lossesAcknowledgedBy} at ${b.lossesAcknowledgedAt}`
			: `  ${b.lost} lost, not acknowledged: review them, then ferry batches acknowledge ${b.id} (or approve with --acknowledge-losses)`
	);
}

function batchId(v: string): number {
	if (!/^\d+$/.test(v)) throw new FerryError(`'${v}' is not a batch id`);
	return Number(v);
}

export function register(program: Command): void {
	program
		.command('target <url>')
		.description('set the Twenty server to load into; the API key comes from --api-key or TWENTY_API_KEY')
		.option(...WS)
		.option('--api-key <key>', 'the API key (stored 0600 beside the workspace, never in a recipe)')
		.action((url: string, o: { workspace: string; apiKey?: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const t = await setTarget(ws, url, o.apiKey ?? process.env.TWENTY_API_KEY);
				console.log(
					`target ${t.url}; API key: ${t.keySource === 'none' ? 'none yet (give --api-key or set TWENTY_API_KEY)' : `from the ${t.keySource}`}`
				);
			})
		);

	const cmd = program.command('batches').description('freeze the compiled map into batches, review and fix invalid records, approve');

	cmd
		.command('list')
		.option(...WS)
		.description('every batch with its counts')
		.action((o: { workspace: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				for (const b of await listBatches(ws)) console.log(line(b));
			})
		);

	cmd
		.command('freeze [plurals...]')
		.description("freeze stage views (all, or the given plurals) against the target's metadata; prints invalid records per reason")
		.option(...WS)
		.action((plurals: string[], o: { workspace: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const objects = await (await targetClient(ws)).metadata.listObjects();
				const batches = await freezeBatches(ws, objects, plurals.length ? plurals : undefined);
				for (const b of batches) {
					console.log(line(b));
					await printLosses(ws, b);
					if (!b.invalid) continue;
					// Per reason, with the reason's variable part (the clashing key) folded away.
					const bad = await batchRecords(ws, b.id, { status: 'invalid', limit: 1_000_000 });
					const byReason = new Map<string, number>();
					for (const r of bad.records)
						for (const why of r.reasons)
							byReason.set(
								why.replace(/(is also staged for) \S+/, '$1 another record'),
								(byReason.get(why.replace(/(is also staged for) \S+/, '$1 another record')) ?? 0) + 1
							);
					for (const [why, n] of byReason) console.log(`  ${n} invalid: ${why}`);
				}
				if (batches.some((b) => b.invalid)) process.exitCode = 1;
			})
		);

	cmd
		.command('show <batch>')
		.description('a batch for review: what the map lost per field and reason, then its invalid (or --status) records with their reasons')
		.option(...WS)
		.option('--status <status>', 'valid, invalid or excluded', 'invalid')
		.action((id: string, o: { workspace: string; status: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const b = await getBatch(ws, batchId(id));
				console.log(line(b));
				await printLosses(ws, b);
				const r = await batchRecords(ws, batchId(id), { status: o.status, limit: 1_000_000 });
				for (const x of r.records) console.log(`${x.sourceKey}: ${x.reasons.join('; ') || x.status}`);
				console.log(`${r.total} ${o.status} record(s)`);
				if (b.lost && !b.lossesAcknowledgedBy) process.exitCode = 1;
			})
		);

	cmd
		.command('exclude <batch> [keys...]')
		.description('exclude records from a batch (source keys, or --invalid for every invalid one), with a reason')
		.option(...WS)
		.option('--invalid', 'every invalid record of the batch')
		.requiredOption('--reason <text>', 'why (kept with each record)')
		.action((id: string, keys: string[], o: { workspace: string; invalid?: boolean; reason: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const all = o.invalid
					? (await batchRecords(ws, batchId(id), { status: 'invalid', limit: 1_000_000 })).records.map((r) => r.sourceKey)
					: [];
				const chosen = [...new Set([...keys, ...all])];
				if (!chosen.length) throw new FerryError('name source keys to exclude, or --invalid');
				console.log(line(await excludeRecords(ws, batchId(id), chosen, o.reason)));
			})
		);

	cmd
		.command('fix <batch> <key>')
		.description("replace one record's payload with a JSON file's (checked against the target's metadata)")
		.option(...WS)
		.requiredOption('--payload <file>', 'a JSON file with the corrected payload')
		.action((id: string, key: string, o: { workspace: string; payload: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				let payload: unknown;
				try {
					payload = JSON.parse(fs.readFileSync(o.payload, 'utf8'));
				} catch (err) {
					throw new FerryError(`--payload: ${(err as Error).message}`);
				}
				const objects = await (await targetClient(ws)).metadata.listObjects();
				const r = await fixRecord(ws, batchId(id), key, payload, objects);
				console.log(`${r.sourceKey}: ${r.status}${r.reasons.length ? ` (${r.reasons.join('; ')})` : ''}`);
				if (r.status === 'invalid') process.exitCode = 1;
			})
		);

	cmd
		.command('acknowledge [batches...]')
		.description(
			'say you have reviewed what the map lost for batches (ids, or every draft batch when none are given); kept with who and when'
		)
		.option(...WS)
		.option('--by <name>', 'who acknowledges (kept in the audit log)', 'analyst')
		.action((ids: string[], o: { workspace: string; by: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const chosen = ids.length ? ids.map(batchId) : (await listBatches(ws)).filter((b) => b.status === 'draft').map((b) => b.id);
				for (const id of chosen) {
					const b = await acknowledgeLosses(ws, id, o.by);
					console.log(
						b.lost
							? `batch ${b.id} ${b.plural}: ${b.lost} lost, acknowledged by ${b.lossesAcknowledgedBy} at ${b.lossesAcknowledgedAt}`
							: `batch ${b.id} ${b.plural}: nothing lost, nothing to acknowledge`
					);
				}
			})
		);

	cmd
		.command('approve [batches...]')
		.description(
			'approve batches (ids, or every draft batch without invalid records when none are given); refused while what the map lost is not acknowledged'
		)
		.option(...WS)
		.option('--by <name>', 'who approves (kept in the audit log)', 'analyst')
		.option('--acknowledge-losses', 'acknowledge what the map lost for these batches (printed) as you approve')
		.action((ids: string[], o: { workspace: string; by: string; acknowledgeLosses?: boolean }) =>
			withWorkspace(o.workspace, async (ws) => {
				const chosen = ids.length ? ids.map(batchId) : (await listBatches(ws)).filter((b) => b.status === 'draft').map((b) => b.id);
				let refused = 0;
				for (const id of chosen) {
					try {
						const b = await approveBatch(ws, id, o.by, { acknowledgeLosses: o.acknowledgeLosses });
						console.log(line(b));
						await printLosses(ws, b);
					} catch (err) {
						refused++;
						console.error(`batch ${id}: ${(err as Error).message}`);
					}
				}
				if (refused) process.exitCode = 1;
			})
		);
}
