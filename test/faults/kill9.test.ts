// kill -9 of the loader at random points: `ferry push` child processes against a separate
// `ferry sandbox` process, each SIGKILLed after a seeded random delay (while starting, opening
// the workspace, reconciling, or in the middle of chunks), then `ferry push --resume` until one
// finishes. Afterwards: exact counts, no duplicate, the ledger matches Twenty, and a rollback
// (another process) leaves Twenty empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllWorkspaces, openWorkspace } from '../../src/lib/server/db/index.js';
import { listRuns, runCounts } from '../../src/lib/server/loader/index.js';
import { freshWorkspace } from '../helpers.js';
import { expectTwentyEmpty, expectTwentyMatchesLedger } from './check.js';
import { ferry, seeded, startSandboxProcess, type SandboxProcess } from './procs.js';
import { readyForPush } from './realistic.js';

const SEED = Number(process.env.FERRY_KILL_SEED ?? 9);
const KILLS = Number(process.env.FERRY_KILLS ?? 12);

let sb: SandboxProcess;
beforeAll(async () => {
	// Latency makes each request take a while, so a kill lands mid-run rather than after it.
	sb = await startSandboxProcess({ args: ['--latency', '40'] });
});
afterAll(() => sb?.stop());

describe('kill -9 of the loader', () => {
	it(`${KILLS} SIGKILLs at random moments, then a resume to the end: exact, no duplicate, ledger = Twenty, rollback empties Twenty`, async () => {
		let ws = await freshWorkspace('kill9');
		const name = ws.name;
		const planned = await readyForPush(ws, sb, { patients: 40, seed: 3 });
		await closeAllWorkspaces(); // the children open the DuckDB file; one process at a time

		const random = seeded(SEED);
		// Paced to 8 requests a second, the run's ~170 create calls take ~20 s: longer than the kills can
		// take from it (9 of them mid-push, at most 1.5 s each), so every kill lands in an unfinished run.
		const push = ['push', '-w', name, '--batch-size', '10', '--concurrency', '2', '--budget', '8', '--window-ms', '1000'];
		const kills: Array<{ delayMs: number; early: boolean; resumed: boolean }> = [];
		let started = false;
		for (let attempt = 0; kills.length < KILLS; attempt++) {
			expect(attempt, `too many attempts ended by themselves (${kills.length} kills)`).toBeLessThan(KILLS + 4);
			// A quarter of the kills land while the process starts (opening the workspace, creating or
			// reconciling the run); the rest while it pushes, counted from its 'run N: pushing' line.
			const early = random() < 0.25;
			const delayMs = Math.round(early ? 200 + random() * 3000 : random() * 1500);
			const child = ferry(started ? [...push, '--resume'] : push);
			let timer: NodeJS.Timeout | undefined;
			const arm = () => (timer ??= setTimeout(() => child.child.kill('SIGKILL'), delayMs));
			if (early) arm();
			else child.child.stderr!.on('data', () => /run \d+: (pushing|resuming)/.test(child.output()) && arm());
			const end = await child.done;
			clearTimeout(timer);
			if (end.signal === 'SIGKILL') {
				kills.push({ delayMs, early, resumed: started });
				started = true; // from now on resume, as a person would after a crash
				continue;
			}
			// It ended before its kill: only a refusal that says which command to use instead is allowed.
			expect(end.output, `push ended by itself (code ${end.code}) before its kill at ${delayMs} ms`).toMatch(
				/no unfinished run to resume|is interrupted: resume it/
			);
			started = /is interrupted/.test(end.output);
		}
		const lastAt = Date.now();
		let end = await ferry([...push, ...(started ? ['--resume'] : [])]).done;
		if (/no unfinished run to resume/.test(end.output)) end = await ferry(push).done; // the last kill came before the run existed
		console.log(
			`kill -9 at ${kills.map((k) => `${k.early ? 'starting' : 'pushing'} +${k.delayMs} ms`).join(', ')}; the last push took ${Date.now() - lastAt} ms`
		);
		expect(end.code, end.output).toBe(0);
		expect(end.output).toMatch(/run 1: done/);

		ws = await openWorkspace(name); // the workspace always reopens after kill -9
		const runs = await listRuns(ws);
		expect(
			runs.map((r) => r.status),
			'one run, resumed each time, done'
		).toEqual(['done']);
		const counts = await runCounts(ws, runs[0].id);
		// Every approved record created once; the only ones not pushed point at a record a person excluded.
		for (const c of counts) {
			expect({ plural: c.plural, total: c.total, created: c.created, updated: c.updated, failed: c.failed }).toEqual({
				plural: c.plural,
				total: planned[c.plural],
				created: c.total - c.skipped,
				updated: 0,
				failed: 0
			});
		}
		const expected = Object.fromEntries(counts.map((c) => [c.plural, c.total - c.skipped]));
		await expectTwentyMatchesLedger(ws, sb, { expected });
		await closeAllWorkspaces();

		// The push's budget: the sandbox process has no rate limit, and Twenty's default pacing only waits.
		const rollback = await ferry(['rollback', String(runs[0].id), '-w', name, '--budget', '100000']).done;
		expect(rollback.code, rollback.output).toBe(0);
		ws = await openWorkspace(name);
		expect((await listRuns(ws))[0].status).toBe('rolled-back');
		await expectTwentyEmpty(ws, sb);
		expect(kills.length).toBeGreaterThanOrEqual(10);
	}, 300_000); // ~140 s alone; under a loaded CI worker it needs the headroom
});
