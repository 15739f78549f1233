// The dedupe API: zod and domain errors name the problem; the review flow over HTTP.
import path from 'node:path';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { dedupeApi } from '../../src/lib/server/api/dedupe.js';
import { query } from '../../src/lib/server/api/query.js';
import { onError } from '../../src/lib/server/api/errors.js';
import { openWorkspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { freshWorkspace } from '../helpers.js';
import { jsonCaller } from '../support/api.js';

const api = new Hono().basePath('/api');
api.onError(onError);
api.route('/workspaces', dedupeApi);
api.route('/workspaces', query);

const call = jsonCaller(api, { prefix: '/api/workspaces' });

describe('dedupe API', () => {
	let ws: string;
	beforeAll(async () => {
		const w = await freshWorkspace('dapi');
		await importExport(w, path.resolve('data/sample'));
		ws = w.name;
	});

	it('answers 409 before the first run, also when the first calls of a page race', async () => {
		const [settings, r] = await Promise.all([call(`/${ws}/dedupe/settings`), call(`/${ws}/dedupe/queue`)]);
		expect(settings.status).toBe(200);
		expect(r.status).toBe(409);
		expect(r.body.error).toMatch(/has not run/);
	});

	it('validates settings: roles against the table, rules, thresholds', async () => {
		const { body } = await call(`/${ws}/dedupe/settings`);
		expect(body.columns).toContain('date_of_birth');
		const bad = structuredClone(body.settings);
		bad.roles.email = 'e_mail';
		let r = await call(`/${ws}/dedupe/settings`, 'PUT', bad);
		expect(r.status).toBe(400);
		expect(r.body.error).toMatch(/role email: column 'e_mail' is not in raw.patients/);
		r = await call(`/${ws}/dedupe/settings`, 'PUT', { ...body.settings, autoMergeThreshold: 1 });
		expect(r.body.error).toMatch(/autoMergeThreshold/);
		r = await call(`/${ws}/dedupe/settings`, 'PUT', { ...body.settings, rules: [{ name: 'x', key: 'dob; drop table x' }] });
		expect(r.body.error).toMatch(/rules.0.key/);
		// settings saved before a role existed, with the hand-set weights of old, still load: the role unset, the weights dropped (now estimated)
		const w = await openWorkspace(ws);
		const old = structuredClone(body.settings);
		delete old.roles.identifier;
		old.weights = { dob_close: 1.5 };
		await w.run(`insert or replace into dedupe.settings values ('settings', $1)`, [JSON.stringify(old)]);
		const loaded = (await call(`/${ws}/dedupe/settings`)).body.settings;
		expect(loaded.roles.identifier).toBeNull();
		expect(loaded.weights).toBeUndefined();
		r = await call(`/${ws}/dedupe/counts`, 'POST', { settings: { ...body.settings, rules: [{ name: 'nope', key: 'nope + 1' }] } });
		expect(r.status).toBe(400);
		expect(r.body.error).toMatch(/blocking rule 'nope'/);
	});

	it('runs, serves the queue and a cluster, takes a decision and undoes it', async () => {
		const counts = await call(`/${ws}/dedupe/counts`, 'POST', {});
		expect(counts.body.rules.length).toBeGreaterThan(3);
		const run = await call(`/${ws}/dedupe/run`, 'POST');
		const settings = (await call(`/${ws}/dedupe/settings`)).body.settings;
		const typo = await call(`/${ws}/dedupe/settings`, 'PUT', {
			...settings,
			rules: [...settings.rules, { name: 'typo', key: 'emial', enabled: true }]
		});
		expect(typo.status).toBe(400);
		expect(typo.body.error).toMatch(/blocking rule 'typo'.*emial/);
		expect(run.body.clusters).toBeGreaterThan(20);
		const q = await call(`/${ws}/dedupe/queue?limit=5`);
		expect(q.body.clusters).toHaveLength(5);
		const first = q.body.clusters[0];
		expect(first.min_score).toBeLessThanOrEqual(q.body.clusters[4].min_score); // most uncertain first
		const detail = await call(`/${ws}/dedupe/clusters/${first.cluster_id}`);
		expect(detail.body.records).toHaveLength(first.size);
		expect(detail.body.pairs[0].why).toMatch(/[+-]\d/);
		expect(Object.keys(detail.body.children[first.members[0]])).toEqual(
			expect.arrayContaining(['appointments', 'notes', 'invoices', 'attachments'])
		);
		expect((await call(`/${ws}/dedupe/clusters/0`)).status).toBe(400);
		expect((await call(`/${ws}/dedupe/clusters/99999`)).body.error).toMatch(/cluster 99999 does not exist/);
		let r = await call(`/${ws}/dedupe/decisions`, 'POST', { kind: 'merge', members: first.members });
		expect(r.status).toBe(400);
		expect(r.body.error).toMatch(/survivorId/);
		r = await call(`/${ws}/dedupe/decisions`, 'POST', { kind: 'explode', members: first.members });
		expect(r.body.error).toMatch(/^kind:/);
		r = await call(`/${ws}/dedupe/decisions`, 'POST', { kind: 'merge', members: first.members, survivorId: detail.body.survivor });
		expect(r.status).toBe(201);
		expect((await call(`/${ws}/dedupe/queue?filter=decided`)).body.clusters).toHaveLength(1);
		r = await call(`/${ws}/dedupe/undo`, 'POST', {});
		expect(r.body.id).toBe(1);
		expect((await call(`/${ws}/dedupe/undo`, 'POST', {})).status).toBe(409);
		expect((await call(`/${ws}/dedupe/auto-merge?threshold=500`)).status).toBe(400);
		const preview = await call(`/${ws}/dedupe/auto-merge`);
		expect(preview.body.clusters).toBeGreaterThan(0);
		const recipe = await call(`/${ws}/dedupe/recipe`);
		expect(recipe.body.decisions).toEqual([]);
		const bad = await call(`/${ws}/dedupe/recipe/replay`, 'POST', { ...recipe.body, decisions: [{ kind: 'merge' }] });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatch(/decisions.0.members/);
	});

	it('lets SQL read candidates, scores, clusters and decisions like any table', async () => {
		const sql = `select p.left_id, p.right_id, p.score, p.why, c.cluster_id from dedupe.pairs p
			join dedupe.cluster_members c on c.patient_id = p.left_id where p.score >= 8 order by p.score`;
		const res = await api.request(`http://127.0.0.1/api/workspaces/${ws}/query`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ sql, limit: 10 })
		});
		expect(res.status).toBe(200);
		const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
		expect(table.numRows).toBe(10);
		expect(String(table.getChild('why')!.get(0))).toMatch(/birth date|mobile|email/);
		expect(Number(res.headers.get('x-total-rows'))).toBeGreaterThan(20);
	});
});
