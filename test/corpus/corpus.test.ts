// The bad-input corpus (issue 9): each broken or hostile export is imported through the API into
// a fresh workspace and must end as its item says — a named error for the whole import (and no
// snapshot), or per file: staged, refused with a named error, or rows quarantined with reasons.
// Every file is accounted for (rows read = staged + quarantined, the raw table holds the staged
// ones) and no file the item does not name appears. Then the whole corpus goes through one real
// `ferry serve`, which must answer every import (201 or a named 400) and still be up at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { importLimits } from '../../src/lib/server/config.js';
import { ident, openWorkspace } from '../../src/lib/server/db/index.js';
import type { FileOutcome, ImportResult } from '../../src/lib/server/ingest/index.js';
import { startFerry, type FerryServer } from '../support/server.js';
import { corpus, type CorpusItem, type FileExpect } from './corpus.js';
import { apiCaller } from '../support/api.js';

const TOKEN = 'corpus-token';
const api = createApi({ token: TOKEN });
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-corpus-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const call = apiCaller(api, { token: TOKEN });

/** Each item's export, built once (the real-server pass imports the same bytes). */
const built = new Map<string, string>();
async function build(item: CorpusItem): Promise<string> {
	if (!built.has(item.name)) {
		const dir = path.join(root, `item-${built.size}`);
		fs.mkdirSync(dir);
		built.set(item.name, await item.build(dir));
	}
	return built.get(item.name)!;
}

async function withLimits<T>(item: CorpusItem, run: () => Promise<T>): Promise<T> {
	const saved = { ...importLimits };
	Object.assign(importLimits, item.limits ?? {});
	try {
		return await run();
	} finally {
		Object.assign(importLimits, saved);
	}
}

const key = (file: string, sheet = '') => `${file}\u0000${sheet}`;

async function checkFile(wsName: string, r: ImportResult, f: FileOutcome, want: FileExpect) {
	const what = `${f.file}${f.sheet ? ` [${f.sheet}]` : ''}`;
	expect(f.status, `${what}: status (error: ${f.error})`).toBe(want.status);
	if (want.error) expect(f.error, `${what}: error`).toMatch(want.error);
	else expect(f.error, `${what}: no error`).toBeNull();
	expect(f.rowsRead, `${what}: rows read = staged + quarantined`).toBe(f.rowsStaged + f.rowsRejected);
	if (want.rows !== undefined) expect(f.rowsRead, `${what}: every data row read`).toBe(want.rows);
	expect(f.rowsRejected, `${what}: quarantined`).toBe(want.quarantined ?? 0);
	if (want.encoding) expect(f.encoding, `${what}: encoding`).toBe(want.encoding);
	for (const w of want.warnings ?? []) expect(f.warnings, `${what}: warnings`).toEqual(expect.arrayContaining([expect.stringMatching(w)]));
	const ws = await openWorkspace(wsName);
	const reasons = await ws.all<{ reason: string }>(
		`select reason from ferry.rejects where snapshot_id = $1 and file = $2 and sheet = $3 order by line`,
		[r.snapshotId, f.file, f.sheet ?? '']
	);
	expect(reasons.length, `${what}: each quarantined row kept with its reason`).toBe(f.rowsRejected);
	(want.reasons ?? []).forEach((re, i) => expect(reasons[i]?.reason, `${what}: reason of quarantined row ${i + 1}`).toMatch(re));
	if (want.table) {
		expect(f.table, `${what}: table`).toBe(want.table);
		const [{ n }] = await ws.all<{ n: number }>(`select count(*)::integer as n from raw.${ident(want.table)}`);
		expect(n, `${what}: raw.${want.table} holds the staged rows`).toBe(f.rowsStaged);
	}
}

describe('the bad-input corpus', () => {
	it('holds at least 30 broken or hostile exports, each named once', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(30);
		expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
	});

	for (const [i, item] of corpus.entries())
		it(`${item.name}: ${item.about}`, { timeout: 120_000 }, async () => {
			const source = await build(item);
			const wsName = `corpus-${process.pid}-${i}`;
			expect((await call('/workspaces', { method: 'POST', json: { name: wsName } })).status).toBe(201);
			const res = await withLimits(item, () => call(`/workspaces/${wsName}/imports?wait=true`, { method: 'POST', json: { path: source } }));
			const body = await res.json();
			const ws = await openWorkspace(wsName);
			if ('error' in item.expect) {
				expect(res.status, JSON.stringify(body).slice(0, 400)).toBe(400);
				expect(body.error).toMatch(item.expect.error);
				expect(await ws.all(`select id from ferry.snapshots`), 'a refused import leaves no snapshot').toEqual([]);
				return;
			}
			expect(res.status, JSON.stringify(body).slice(0, 400)).toBe(201);
			const r = body as ImportResult;
			expect(r.rowsRead).toBe(r.rowsStaged + r.rowsRejected);
			const wanted = new Map(item.expect.files.map((f) => [key(f.file, f.sheet), f]));
			expect(r.files.map((f) => key(f.file, f.sheet)).sort(), 'every file of the export is accounted for, and only those').toEqual(
				[...wanted.keys()].sort()
			);
			for (const f of r.files) await checkFile(wsName, r, f, wanted.get(key(f.file, f.sheet))!);
			await item.check?.({ ws, call, wsName, snapshotId: r.snapshotId });
		});
});

describe('a real server under the whole corpus', () => {
	let server: FerryServer;
	beforeAll(async () => {
		server = await startFerry({ args: ['--no-sample'] });
	}, 300_000);
	afterAll(() => server?.stop());

	it('answers every import with a result or a named error, and is still up', { timeout: 600_000 }, async () => {
		const answers: string[] = [];
		for (const [i, item] of corpus.entries()) {
			const source = await build(item);
			const name = `real-${i}`;
			const post = (p: string, json: unknown) =>
				server.api(`/api/workspaces${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
			expect((await post('', { name })).status).toBe(201);
			const res = await post(`/${name}/imports?wait=true`, { path: source });
			const body = (await res.json()) as { error?: string };
			answers.push(`${res.status} ${item.name}`);
			expect([201, 400], `${item.name}: ${JSON.stringify(body).slice(0, 300)}`).toContain(res.status);
			if (res.status === 400) expect(body.error, item.name).toMatch(/\w/);
			if (res.status === 400 && !item.limits) expect('error' in item.expect, `${item.name} refused: ${body.error}`).toBe(true);
		}
		expect(server.child.exitCode, 'the server process is alive').toBeNull();
		expect((await server.api('/api/workspaces')).status).toBe(200);
		expect(answers).toHaveLength(corpus.length);
		// Nothing a file held reached the server's output (values are never logged).
		expect(server.output()).not.toMatch(/drop table ferry\.audit|onerror|Ærøskøbing/);
	});
});
