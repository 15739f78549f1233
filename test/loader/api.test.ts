// The loader API: approval is enforced here too, errors name the problem, a run streams progress,
// rollback runs as a job, and neither the API key nor payload values reach the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { getJob } from '../../src/lib/server/jobs/index.js';
import { activeRun } from '../../src/lib/server/loader/index.js';
import { setTarget } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';
import {
	confirmHandBuiltStage,
	countsOf,
	createPayments,
	expectedCounts,
	FAST,
	SMALL,
	stageFixture,
	startTarget,
	twentyIds,
	type Target
} from './fixture.js';
import { apiCaller } from '../support/api.js';

const api = createApi({ token: 't0ken' });
const call = apiCaller(api, { token: 't0ken' });
const post = (p: string, json: unknown = {}) => call(p, { method: 'POST', json });

let t: Target;
let ws: Workspace;
let base: string;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('lapi');
	base = `/workspaces/${ws.name}/loader`;
	await setTarget(ws, t.url, t.sb.apiKey);
	await createPayments(t.client);
	await stageFixture(ws);
});
afterEach(() => t.close());

describe('loader API', () => {
	it('refuses to push unapproved batches, then pushes, streams progress and rolls back', async () => {
		const frozen = await post(`${base}/batches`);
		expect(frozen.status).toBe(201);
		const batches = (await frozen.json()) as Array<{ id: number; plural: string; status: string }>;
		expect(batches.map((b) => b.plural)).toEqual(['companies', 'people', 'tasks', 'notes', 'noteTargets', 'taskTargets', 'payments']);
		const refused = await post(`${base}/runs`, { batchIds: [batches[0].id], settings: FAST });
		expect(refused.status).toBe(409);
		expect((await refused.json()).error).toMatch(/batch \d+ \(companies\) is not approved/);
		const none = await post(`${base}/runs`, { settings: FAST });
		expect((await none.json()).error).toMatch(/no batch to push/);
		expect(t.sb.state().objects.company.live).toBe(0);

		for (const b of batches) expect((await post(`${base}/batches/${b.id}/approve`)).status).toBe(200);
		// No map confirmed this hand-built stage: its batches carry no confirmed map's stamp.
		const guarded = await post(`${base}/runs`, { settings: FAST });
		expect(guarded.status).toBe(409);
		expect((await guarded.json()).error).toMatch(/mapping/);
		// From here on the loader alone is under test: the test declares its hand-made stage confirmed.
		await confirmHandBuiltStage(ws);
		const started = await post(`${base}/runs`, { settings: FAST });
		expect(started.status).toBe(201);
		const { runId } = await started.json();
		const events = await (await call(`${base}/runs/${runId}/events`)).text();
		expect(events).toMatch(/event: progress/);
		await activeRun(ws, runId)?.done;
		const detail = await (await call(`${base}/runs/${runId}`)).json();
		expect(detail.run.status).toBe('done');
		expect(countsOf(twentyIds(t))).toEqual(expectedCounts(SMALL));
		// The push ran as a job like other long work: listed with the workspace's jobs, its last progress the run's.
		const { jobs } = await (await call(`/workspaces/${ws.name}/jobs`)).json();
		const push = jobs.find((j: { kind: string }) => j.kind === 'push');
		expect(push).toMatchObject({ status: 'done', result: { runId, status: 'done' } });
		expect(push.progress.runId).toBe(runId);

		const rd = await (await post(`${base}/readback`, { settings: FAST })).json();
		while (getJob(rd.jobId)?.status === 'running') await new Promise((r) => setTimeout(r, 20));
		expect(getJob(rd.jobId)?.status).toBe('done');
		const csv = await (await call(`${base}/report?format=csv`)).text();
		expect(csv).toMatch(/counts,people,present,40\r\n/);
		expect(await (await call(`${base}/report?format=html`)).text()).toMatch(/<svg/);
		expect((await (await call(`${base}/diff`)).json()).differences).toBe(0);

		// Pacing is the rollback's own setting (as for push and readback); a bad one is refused before anything moves.
		const badPace = await post(`${base}/runs/${runId}/rollback`, { settings: { budget: 0 } });
		expect(badPace.status).toBe(400);
		expect(await badPace.text()).toMatch(/budget/);
		const rb = await post(`${base}/runs/${runId}/rollback`);
		expect(rb.status).toBe(202);
		const { jobId } = await rb.json();
		while (getJob(jobId)?.status === 'running') await new Promise((r) => setTimeout(r, 20));
		expect(getJob(jobId)?.status).toBe('done');
		expect(Object.values(countsOf(twentyIds(t))).every((n) => n === 0)).toBe(true);

		const audit = JSON.stringify(await ws.all(`select action, subject, detail::varchar as d from ferry.audit_log`));
		expect(audit).toMatch(/loader.approve/);
		expect(audit).toMatch(/loader.push/);
		expect(audit).toMatch(/loader.rollback/);
		expect(audit).not.toContain(t.sb.apiKey);
		expect(audit).not.toContain('@example.org');
	}, 20_000);

	it('bad input gets an error naming the problem', async () => {
		expect((await (await post(`${base}/batches/abc/approve`)).json()).error).toMatch(/id: give a positive integer/);
		expect((await (await post(`${base}/batches/999/approve`)).json()).error).toMatch(/batch 999 does not exist/);
		const [b] = await (await post(`${base}/batches`, { plurals: ['people'] })).json();
		expect((await (await post(`${base}/batches/${b.id}/exclude`, { sourceKeys: [] })).json()).error).toMatch(
			/sourceKeys: name at least one record/
		);
		expect((await (await post(`${base}/batches/${b.id}/exclude`, { sourceKeys: ['patient:1'], reason: 'x' })).json()).error).toMatch(
			/has no record patient:1/
		);
		expect((await (await post(`${base}/runs`, { settings: { budget: 0 } })).json()).error).toMatch(/settings.budget/);
		expect((await (await post(`${base}/batches`, { plurals: ['widgets'] })).json()).error).toMatch(/'widgets' is not in stage.plan/);
	});
});
