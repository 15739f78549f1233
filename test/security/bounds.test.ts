// Issue 18, item 5: bounds on hostile shapes, each a named setting with a clear refusal. The
// probe's inputs: a zip of 100,001 tiny entries (refused only after 51 s of extraction), 100,000
// tiny CSVs (33,746 tables and 8 GB before it was stopped), and 100 rows × 2,000 columns
// (28 s, 5.4 GB to profile; the page could not stop it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { importLimits } from '../../src/lib/server/config.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { profileTable } from '../../src/lib/server/profile/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';

const saved = { ...importLimits };
afterEach(() => Object.assign(importLimits, saved));

function tinyZip(entries: number): string {
	const files: Record<string, Uint8Array> = {};
	for (let i = 0; i < entries; i++) files[`export/t${i}.csv`] = new TextEncoder().encode(`id\n${i}\n`);
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bounds-')), 'many.zip');
	fs.writeFileSync(file, zipSync(files, { level: 0 }));
	return file;
}

describe('zip entries are counted before extraction', () => {
	// 20,001 rather than the probe's 100,001: a plain (not zip64) directory counts entries in 16 bits.
	// A directory that lies about its count is still stopped at the bound while extracting.
	it('a 20,001-entry zip of tiny files is refused at once, naming the setting, and nothing is extracted', async () => {
		expect(importLimits.maxZipEntries).toBe(10_000);
		const ws = await freshWorkspace('zipcount');
		const file = tinyZip(20_001);
		const started = performance.now();
		await expect(importExport(ws, file)).rejects.toThrow(
			/the zip holds 20001 entries; Ferry reads at most 10000 \(the FERRY_MAX_ZIP_ENTRIES setting\): refusing it before extracting anything/
		);
		expect(performance.now() - started).toBeLessThan(10_000);
		expect(fs.readdirSync(path.join(ws.dir, 'tmp')).filter((e) => e.startsWith('zip-'))).toEqual([]);
		expect(await ws.all(`select id from ferry.snapshots`)).toEqual([]);
	}, 60_000);
});

describe('tables per export', () => {
	it('an export with more table files than FERRY_MAX_TABLES is refused whole, before any is read', async () => {
		importLimits.maxTables = 20;
		const ws = await freshWorkspace('tables');
		const files = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`t${i}.csv`, `id\n${i}\n`]));
		await expect(importExport(ws, exportFolder(files))).rejects.toThrow(
			/the export holds 21 table files; Ferry reads at most 20 in one export \(the FERRY_MAX_TABLES setting\): nothing was imported/
		);
		expect(await ws.all(`select id from ferry.snapshots`)).toEqual([]);
		expect(await ws.all(`select schema_name from duckdb_schemas() where schema_name like 'snap_%'`)).toEqual([]);
		// At the bound it is read.
		const ok = await importExport(ws, exportFolder(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}.csv`, `id\n${i}\n`]))));
		expect(ok.files.filter((f) => f.status === 'staged')).toHaveLength(20);
	});
});

describe('columns per table', () => {
	it('a file wider than FERRY_MAX_COLUMNS is refused with its width and the setting; the others are staged', async () => {
		importLimits.maxColumns = 100;
		const ws = await freshWorkspace('columns');
		const wide = (n: number) =>
			`${Array.from({ length: n }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: n }, (_, i) => i).join(',')}\n`;
		const r = await importExport(ws, exportFolder({ 'wide.csv': wide(101), 'fine.csv': wide(100) }));
		expect(r.files.find((f) => f.file === 'wide.csv')).toMatchObject({
			status: 'rejected',
			table: null,
			error: 'wide.csv has 101 columns; Ferry reads at most 100 per table (the FERRY_MAX_COLUMNS setting)'
		});
		expect(r.files.find((f) => f.file === 'fine.csv')).toMatchObject({ status: 'staged', rowsStaged: 1 });
	});
});

describe('wide tables are profiled in chunks, within a budget, and stop when the caller goes away', () => {
	const WIDTH = 2_000;
	async function wideWorkspace() {
		const ws = await freshWorkspace('wideprofile');
		const head = Array.from({ length: WIDTH }, (_, i) => `Field ${i}`).join(',');
		const rows = Array.from({ length: 100 }, (_, r) =>
			Array.from({ length: WIDTH }, (_, i) => (i % 3 ? `v${(r * i) % 7}` : `${r}@x.com`)).join(',')
		);
		await importExport(ws, exportFolder({ 'wide.csv': `${head}\n${rows.join('\n')}\n` }));
		return ws;
	}

	it("the probe's 100 × 2,000 table: every column profiled, in chunks of 100", async () => {
		const ws = await wideWorkspace();
		const before = process.memoryUsage().rss;
		const started = performance.now();
		// No time budget here (this test is about completeness and memory): a loaded machine must not cut it short.
		const p = await profileTable(ws, 'wide', { budgetMs: 600_000 });
		const ms = performance.now() - started;
		expect(p.columns).toHaveLength(WIDTH);
		expect(p.stopped).toBeUndefined();
		expect(p.columns[1]).toMatchObject({ name: 'field_1', kind: null, nulls: 0 });
		expect(p.columns[1999]).toMatchObject({ name: 'field_1999', kind: null, nulls: 0 });
		expect(p.columns[3]).toMatchObject({ name: 'field_3', kind: 'email' });
		expect(p.columns[3].classes[0]).toMatchObject({ label: 'valid email', count: 100 });
		console.log(
			`profile of 100 × ${WIDTH}: ${(ms / 1000).toFixed(1)} s, rss +${Math.round((process.memoryUsage().rss - before) / 2 ** 20)} MB`
		);
		expect(process.memoryUsage().rss - before).toBeLessThan(2 * 2 ** 30);
	}, 180_000);

	it('past its time budget the profile stops and says how many columns it did not read', async () => {
		const ws = await wideWorkspace();
		const p = await profileTable(ws, 'wide', { budgetMs: 1, chunkColumns: 100 });
		expect(p.columns).toHaveLength(100);
		expect(p.stopped).toEqual({
			columnsLeft: 1_900,
			reason: 'stopped after 0 s (the FERRY_PROFILE_BUDGET_MS setting): 1900 of 2000 columns not profiled'
		});
	}, 120_000);

	it('a caller that goes away stops the profile between chunks', async () => {
		const ws = await wideWorkspace();
		const gone = new AbortController();
		const started = performance.now();
		const run = profileTable(ws, 'wide', { signal: gone.signal, chunkColumns: 50 });
		setTimeout(() => gone.abort(), 300);
		await expect(run).rejects.toThrow(/profile of 'wide' cancelled: its caller went away/);
		const full = performance.now();
		await profileTable(ws, 'wide', { chunkColumns: 50 });
		expect(started + 300 < full).toBe(true);
		// Cancelled well before a whole run would have finished.
		expect(full - started).toBeLessThan(performance.now() - full);
	}, 180_000);
});
