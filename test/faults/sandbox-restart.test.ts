// The Twenty sandbox restarting mid-run: a `ferry sandbox` process with a state file is stopped
// (SIGTERM, it saves its state) while a push is under way and started again on the same port
// from the same state. With patient retries the run rides it out; with impatient ones it stops
// cleanly, 'failed' with the reason, and a resume finishes it. Either way: exact counts, no
// duplicate, ledger = Twenty, and the rollback leaves Twenty empty.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { getRun, resumeRun, rollbackRun, runCounts, startRun, type LoaderRun } from '../../src/lib/server/loader/index.js';
import { createTwentyClient } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';
import { expectedCounts, FAST, readyWorkspace, type Sizes } from '../loader/fixture.js';
import { expectTwentyEmpty, expectTwentyMatchesLedger } from './check.js';
import { startSandboxProcess, type SandboxProcess } from './procs.js';

const SIZES: Sizes = { locations: 3, patients: 120, appointments: 90, notes: 60, invoices: 30 };

let sb: SandboxProcess;
let ws: Workspace;
beforeAll(async () => {
	sb = await startSandboxProcess({ args: ['--latency', '15'] });
});
afterAll(() => sb?.stop());
beforeEach(async () => {
	const reset = await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST', headers: { authorization: `Bearer ${sb.apiKey}` } });
	expect(reset.status).toBe(200);
	ws = await freshWorkspace('sandbox-restart');
	await readyWorkspace(ws, { url: sb.url, apiKey: sb.apiKey, client: createTwentyClient({ url: sb.url, apiKey: sb.apiKey }) }, SIZES);
});

/** Restarts the sandbox once the run has settled `after` records; resolves when it is back. */
async function restartDuring(run: LoaderRun, after: number): Promise<void> {
	const settled = () => run.progress().objects.reduce((n, c) => n + c.created + c.updated, 0);
	while (settled() < after) {
		expect(['running', 'reconciling'], 'the run ended before the restart').toContain(run.status);
		await new Promise((r) => setTimeout(r, 10));
	}
	const port = sb.port;
	sb = await sb.restart();
	expect(sb.port).toBe(port);
}

describe('the sandbox restarts mid-run', () => {
	it('patient retries ride the restart out', async () => {
		const run = await startRun(ws, undefined, {
			settings: { ...FAST, batchSize: 5, retries: 10, minBackoffMs: 250, maxBackoffMs: 2000, requestTimeoutMs: 2000 }
		});
		await restartDuring(run, 120);
		const p = await run.done;
		expect(p.status).toBe('done');
		expect(p.retries).toBeGreaterThan(0);
		await expectTwentyMatchesLedger(ws, sb, { expected: expectedCounts(SIZES) });
		await rollbackRun(ws, run.runId, { settings: FAST });
		await expectTwentyEmpty(ws, sb);
	}, 60_000);

	it('impatient retries stop the run cleanly with the reason; a resume finishes it', async () => {
		const run = await startRun(ws, undefined, { settings: { ...FAST, batchSize: 5, retries: 3 } });
		const stopped = restartDuring(run, 120);
		const p = await run.done;
		await stopped;
		expect(p.status).toBe('failed');
		const failed = await getRun(ws, run.runId);
		expect(failed.status).toBe('failed');
		expect(failed.error).toMatch(
			/^Twenty did not answer for \w+ after 3 retries \(network: .*\): the run stopped; resume it once Twenty is reachable$/
		);
		const before = await runCounts(ws, run.runId);
		expect(
			before.reduce((n, c) => n + c.failed, 0),
			'no record is called failed for an outage'
		).toBe(0);
		expect(before.reduce((n, c) => n + c.pending + c.inFlight, 0)).toBeGreaterThan(0);
		const resumed = await (await resumeRun(ws, run.runId, { settings: { ...FAST, batchSize: 5 } })).done;
		expect(resumed.status).toBe('done');
		expect((await getRun(ws, run.runId)).status).toBe('done');
		await expectTwentyMatchesLedger(ws, sb, { expected: expectedCounts(SIZES) });
		await rollbackRun(ws, run.runId, { settings: FAST });
		await expectTwentyEmpty(ws, sb);
	}, 60_000);
});
