// The Ferry server restarting mid-run: a real `ferry serve` pushes through the API (as the Load
// page does) into a separate `ferry sandbox` process; it is stopped with SIGTERM mid-push,
// started again on the same data, resumed through the API, stopped with SIGKILL mid-resume,
// started again and resumed to the end. After each restart the run reads 'interrupted' and that
// is true: nothing is pushing (Twenty sees no request, the ledger does not move) until a resume.
// Then: exact counts, no duplicate, ledger = Twenty, and a rollback through the API empties Twenty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllWorkspaces, openWorkspace } from '../../src/lib/server/db/index.js';
import { freshWorkspace } from '../helpers.js';
import { startFerry, type FerryServer } from '../support/server.js';
import { expectTwentyEmpty, expectTwentyMatchesLedger } from './check.js';
import { startSandboxProcess, type SandboxProcess } from './procs.js';
import { readyForPush } from './realistic.js';

interface Counts {
	plural: string;
	total: number;
	created: number;
	updated: number;
	failed: number;
	skipped: number;
	pending: number;
	inFlight: number;
}
interface RunView {
	run: { id: number; status: string; error: string | null };
	counts: Counts[];
	failures?: Array<{ plural: string; reason: string }>;
	live: { status: string; objects: Counts[] } | null;
}

let sb: SandboxProcess;
let server: FerryServer | null = null;
beforeAll(async () => {
	sb = await startSandboxProcess({ args: ['--latency', '40'] });
});
afterAll(async () => {
	await server?.stop('SIGKILL');
	await sb?.stop();
});

async function json<T>(res: Response): Promise<T> {
	const text = await res.text();
	if (!res.ok) throw new Error(`${res.status}: ${text}`);
	return JSON.parse(text) as T;
}

const settledOf = (cs: Counts[]) => cs.reduce((n, c) => n + c.created + c.updated, 0);

async function twentyRequests(): Promise<number> {
	const s = await json<{ requests: { total: number } }>(
		await fetch(`${sb.url}/__sandbox/state`, { headers: { authorization: `Bearer ${sb.apiKey}` } })
	);
	return s.requests.total;
}

describe('the Ferry server restarts mid-run', () => {
	it('SIGTERM mid-push and SIGKILL mid-resume: interrupted, resumed through the API, exact in the end', async () => {
		const ws = await freshWorkspace('server-restart');
		const name = ws.name;
		await readyForPush(ws, sb, { patients: 40, seed: 11 });
		await closeAllWorkspaces(); // the server opens the workspace; one process at a time
		const data = process.env.FERRY_DATA!;
		const runs = `/api/workspaces/${name}/loader/runs`;
		const view = async (id: number) => json<RunView>(await server!.api(`${runs}/${id}`));

		/** Waits until the live run has settled `n` records, then stops the server with `signal`. */
		async function interruptAt(id: number, n: number, signal: NodeJS.Signals) {
			for (;;) {
				const v = await view(id);
				expect(v.live, `run ${id} ended before ${n} records settled (${v.run.status})`).not.toBeNull();
				if (settledOf(v.live!.objects) >= n) break;
				await new Promise((r) => setTimeout(r, 50));
			}
			await server!.stop(signal);
			server = null;
		}

		/** After a restart: the run says interrupted, and it is — nothing moves until someone resumes it. */
		async function expectInterrupted(id: number) {
			server = await startFerry({ data, args: ['--no-sample'] });
			const list = await json<Array<{ id: number; status: string }>>(await server.api(runs));
			expect(list.find((r) => r.id === id)?.status).toBe('interrupted');
			const before = await view(id);
			expect(before.run.status).toBe('interrupted');
			expect(before.live).toBeNull();
			const requests = await twentyRequests();
			await new Promise((r) => setTimeout(r, 1000));
			expect(await twentyRequests(), 'an interrupted run sends nothing').toBe(requests);
			expect(settledOf((await view(id)).counts), 'an interrupted run settles nothing').toBe(settledOf(before.counts));
			// A new push is refused while this one is unfinished; the message says what to do.
			const again = await server.api(runs, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			expect(again.status).toBe(409);
			expect(await again.text()).toMatch(new RegExp(`run ${id} is interrupted: resume it`));
		}

		server = await startFerry({ data, args: ['--no-sample'] });
		const settings = { batchSize: 10, concurrency: 2, budget: 100_000 };
		const { runId } = await json<{ runId: number }>(
			await server.api(runs, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings }) })
		);
		await interruptAt(runId, 300, 'SIGTERM');
		await expectInterrupted(runId);
		const resume = () =>
			server!.api(`${runs}/${runId}/resume`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ settings })
			});
		expect((await resume()).status).toBe(200);
		await interruptAt(runId, 800, 'SIGKILL');
		await expectInterrupted(runId);
		expect((await resume()).status).toBe(200);
		let end: RunView;
		for (;;) {
			end = await view(runId);
			if (!end.live) break;
			await new Promise((r) => setTimeout(r, 200));
		}
		expect(end.run).toMatchObject({ status: 'done', error: null });
		for (const c of end.counts)
			expect({ plural: c.plural, created: c.created, failed: c.failed, updated: c.updated }, JSON.stringify(end.failures)).toEqual({
				plural: c.plural,
				created: c.total - c.skipped,
				failed: 0,
				updated: 0
			});

		// The server holds the DuckDB file: stop it to compare the ledger with Twenty here, then roll back through the API.
		await server!.stop('SIGTERM');
		server = null;
		let reopened = await openWorkspace(name);
		await expectTwentyMatchesLedger(reopened, sb, { expected: Object.fromEntries(end.counts.map((c) => [c.plural, c.total - c.skipped])) });
		await closeAllWorkspaces();
		server = await startFerry({ data, args: ['--no-sample'] });
		const { jobId } = await json<{ jobId: string }>(
			// The push's budget: the sandbox process has no rate limit, and Twenty's default pacing only waits.
			await server.api(`${runs}/${runId}/rollback`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ settings: { budget: settings.budget } })
			})
		);
		let job: { status: string; error: string | null };
		do {
			await new Promise((r) => setTimeout(r, 200));
			job = await json(await server.api(`/api/jobs/${jobId}`));
		} while (job.status === 'running');
		expect(job).toMatchObject({ status: 'done', error: null });
		expect((await view(runId)).run.status).toBe('rolled-back');
		await server.stop('SIGTERM');
		server = null;
		reopened = await openWorkspace(name);
		await expectTwentyEmpty(reopened, sb);
	}, 170_000);
});
