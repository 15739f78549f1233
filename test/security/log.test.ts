// PHI in the server log (issue 9): a real `ferry serve --sandbox --verbose` at FERRY_LOG=trace
// runs the whole sample migration through the API — import on first start, profile, a query
// naming a patient, dedupe with three decisions (one choosing a golden email), mapping confirmed,
// schema synced, a sample run, the full push, read-back and validation, rollback — and then
// not one patient name, email, phone, birth date or note text is in what the server printed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerry, type FerryServer } from '../support/server.js';
import { findPhi, readDelimited, samplePhi } from './phi.js';

const W = '/api/workspaces/sample';
/** Pacing for a local sandbox whose rate limit is off; the loader's logic is unchanged. */
const FAST = { budget: 100_000, minBackoffMs: 5, maxBackoffMs: 200, requestTimeoutMs: 30_000 };

let s: FerryServer;
beforeAll(async () => {
	s = await startFerry({ args: ['--sandbox', '--verbose'], env: { FERRY_LOG: 'trace' } });
}, 300_000);
afterAll(() => s?.stop());

async function json<T = any>(pathname: string, method = 'GET', body?: unknown, expected?: number): Promise<T> {
	const res = await s.api(pathname, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	if (expected !== undefined) expect(res.status, `${method} ${pathname}: ${text.slice(0, 300)}`).toBe(expected);
	else expect(res.ok, `${method} ${pathname}: ${res.status} ${text.slice(0, 300)}`).toBe(true);
	return (text ? JSON.parse(text) : null) as T;
}

async function untilJobEnds(id: string): Promise<any> {
	for (;;) {
		const job = await json(`/api/jobs/${id}`);
		if (job.status !== 'running') return job;
		await new Promise((r) => setTimeout(r, 200));
	}
}

async function untilRunEnds(id: number): Promise<any> {
	for (;;) {
		const r = await json(`${W}/loader/runs/${id}`);
		if (r.run.status !== 'running' && !r.live) return r;
		await new Promise((r) => setTimeout(r, 250));
	}
}

type Batch = { id: number; plural: string; valid: number; invalid: number };

/** As a person does on the Load page: leave invalid records behind with a reason, approve, push. */
async function pushAll(batches: Batch[]): Promise<number> {
	for (const b of batches.filter((x) => x.invalid > 0)) {
		const { records } = await json(`${W}/loader/batches/${b.id}/records?status=invalid&limit=1000`);
		await json(`${W}/loader/batches/${b.id}/exclude`, 'POST', {
			sourceKeys: records.map((r: { sourceKey: string }) => r.sourceKey),
			reason: 'invalid for Twenty'
		});
	}
	for (const b of batches) if (b.valid > 0) await json(`${W}/loader/batches/${b.id}/approve`, 'POST', { acknowledgeLosses: true });
	const { runId } = await json(
		`${W}/loader/runs`,
		'POST',
		{ batchIds: batches.filter((b) => b.valid > 0).map((b) => b.id), settings: FAST },
		201
	);
	const done = await untilRunEnds(runId);
	expect(done.run.status, JSON.stringify(done.failures).slice(0, 500)).toBe('done');
	return runId;
}

describe('the server log at trace level', () => {
	it('carries no patient value through the whole sample migration', { timeout: 900_000 }, async () => {
		// The sandbox's own rate limit would only slow this down; its key sits 0600 beside the workspace.
		const target = await json(`${W}/target`);
		expect(target.sandbox).toBe(true);
		const key = fs.readFileSync(path.join(s.data, 'workspaces', 'sample', 'twenty-api-key'), 'utf8').trim();
		const off = await fetch(`${target.url}/__sandbox/rate-limit`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
			body: '{"enabled":false}'
		});
		expect(off.status).toBe(200);

		// Profile and notebook-style reads, and queries that quote patient values (one fails in DuckDB, which quotes the value back).
		const overview = await json(W);
		expect(overview.current.rowsStaged).toBeGreaterThan(10_000);
		await json(`${W}/profile/tables`);
		await json(`${W}/profile/checks`);
		const [first] = readDelimited('patients.csv', ',');
		const q = await s.api(`${W}/query`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ sql: `select * from raw.patients where last_name = '${first['Last Name']}' or email = '${first.Email}'` })
		});
		expect(q.status).toBe(200);
		const bad = await s.api(`${W}/query`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ sql: `select cast(first_name as integer) from raw.patients where first_name = '${first['First Name']}'` })
		});
		expect(bad.status).toBeGreaterThanOrEqual(400);

		// Dedupe: run, then decide three clusters, one with a golden email taken from another member.
		const run = await json(`${W}/dedupe/run`, 'POST');
		expect(run.clusters).toBeGreaterThan(3);
		const queue = await json(`${W}/dedupe/queue?limit=3`);
		for (const [i, c] of (queue.clusters as Array<{ cluster_id: number; members: string[] }>).entries()) {
			const detail = await json(`${W}/dedupe/clusters/${c.cluster_id}`);
			const other = (detail.records as Array<Record<string, unknown>>).find(
				(r) => String(r.patient_id) !== String(detail.survivor) && typeof r.email === 'string' && r.email.includes('@')
			);
			const values = i === 0 && other ? { email: String(other.email) } : {};
			await json(
				`${W}/dedupe/decisions`,
				'POST',
				{ kind: i === 2 ? 'distinct' : 'merge', members: c.members, ...(i === 2 ? {} : { survivorId: String(detail.survivor) }), values },
				201
			);
		}

		// Mapping: confirm everything, sync the schema to the sandbox, resolve staff, compile.
		await json(`${W}/mapping`);
		await json(`${W}/mapping/preview?source=${encodeURIComponent((await json(`${W}/mapping`)).sources[0].id)}`);
		await json(`${W}/mapping/confirm`, 'POST', {});
		await json(`${W}/mapping/ready`);
		await json(`${W}/mapping/schema`);
		await json(`${W}/mapping/schema/apply`, 'POST', { confirm: true });
		await json(`${W}/mapping/staff`, 'POST', {});
		const compiled = await json(`${W}/mapping/compile`, 'POST', {});
		expect(compiled.views.length).toBeGreaterThan(3);

		// The sample migration: freeze a few patients, read a batch, push, read back and diff.
		const sample = await json<Batch[]>(`${W}/loader/batches`, 'POST', { sample: { patients: 8 } }, 201);
		await json(`${W}/loader/batches/${sample.find((b) => b.plural === 'people')!.id}/records?limit=20`);
		const sampleRun = await pushAll(sample);
		let job = await untilJobEnds((await json(`${W}/loader/readback`, 'POST', { settings: FAST }, 202)).jobId);
		expect(job.status).toBe('done');
		expect((await json(`${W}/loader/diff`)).compared).toBeGreaterThan(0);

		// The whole migration, validated.
		const all = await json<Batch[]>(`${W}/loader/batches`, 'POST', {}, 201);
		const fullRun = await pushAll(all);
		job = await untilJobEnds((await json(`${W}/loader/readback`, 'POST', { settings: FAST }, 202)).jobId);
		expect(job.status).toBe('done');
		const report = await json(`${W}/loader/report`);
		expect(report).toBeTruthy();
		await (await s.api(`${W}/loader/report?format=csv`)).text();
		await (await s.api(`${W}/audit?format=csv`)).text();

		// Roll both runs back: Twenty is empty again. Paced like the push (the sandbox's limit is off): at
		// Twenty's default 100 calls a minute, the ~180 destroy and verify calls were a third of this test.
		for (const id of [fullRun, sampleRun]) {
			const rb = await untilJobEnds((await json(`${W}/loader/runs/${id}/rollback`, 'POST', { settings: FAST }, 202)).jobId);
			expect(rb.status, rb.error ?? '').toBe('done');
		}
		const state = await (await fetch(`${target.url}/__sandbox/state`, { headers: { authorization: `Bearer ${key}` } })).json();
		for (const [name, counts] of Object.entries(state.objects as Record<string, { live: number }>))
			if (['person', 'company', 'task', 'note'].includes(name)) expect(counts.live, name).toBe(0);

		// What the server printed: it logged the journey (so the scan means something) and no patient value.
		const out = s.output();
		for (const event of ['import.file', 'api.request', 'audit', 'job.start', 'job.done', 'twenty.request', 'loader.chunk'])
			expect(out, `the log has ${event} lines`).toMatch(new RegExp(` (debug|trace|info) ${event.replace('.', '\\.')} `));
		expect(out).toMatch(/ api\.request method=POST route=\/api\/workspaces\/:ws\/query status=200 /);
		expect(out).toMatch(/ action=dedupe\.merge /);
		expect(out).toMatch(/ action=loader\.run\.done /);
		const lines = out.split('\n').length;
		expect(lines).toBeGreaterThan(300);
		expect(findPhi(out, samplePhi())).toEqual([]);
	});

	it('the scan finds a value the moment one is logged', () => {
		// Proof that the check above can fail: the same scan over one line that leaks each kind.
		const phi = samplePhi();
		const [p] = readDelimited('patients.csv', ',');
		const [n] = readDelimited('clinical_notes.csv', ',');
		const leaks = [
			`x debug api.request who=${p['First Name']}`,
			`x debug x email=${p.Email.toUpperCase()}`,
			`x debug x phone=+61 ${p['Mobile Phone'].replace(/^0/, '')}`,
			`x debug x dob=${p['Date of Birth']}`,
			`x debug x note="${n.Body.slice(30, 80)}"`
		];
		for (const line of leaks) expect(findPhi(`${s.output()}\n${line}\n`, phi), line).not.toEqual([]);
		// A birth date exported as an Excel serial is found as a value, not as a request's duration or size.
		const serial = [...phi.dates].find((d) => /^\d{5}$/.test(d))!;
		expect(findPhi(`x debug x dob=${serial}\n`, phi)).toEqual([`birth date ${serial}`]);
		expect(findPhi(`x debug job.done ms=${serial}\nx trace twenty.request bytes=${serial} ms=1${serial}\n`, phi)).toEqual([]);
	});
});
