// Issue 18, item 4: one import at a time per workspace. The probe imported the same export twice
// at once (two snapshots with one hash, raw views on a dropped schema, later answers 500); and
// kill -9 mid-import left a hidden partial snapshot and files in tmp/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { generateExport } from '../../src/lib/server/generate/index.js';
import { openWorkspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';
import { ferryBin } from '../support/cli.js';

const PATIENTS = 'Patient ID,First Name\n' + Array.from({ length: 500 }, (_, i) => `${i + 1},P${i + 1}`).join('\n') + '\n';

async function leftovers(name: string) {
	const ws = await openWorkspace(name);
	const snaps = await ws.all<{ id: number }>(`select id from ferry.snapshots order by id`);
	const schemas = (
		await ws.all<{ s: string }>(`select schema_name as s from duckdb_schemas() where schema_name like 'snap_%' order by 1`)
	).map((r) => r.s);
	const files = await ws.one<{ n: bigint }>(
		`select count(*) as n from ferry.snapshot_files where snapshot_id not in (select id from ferry.snapshots)`
	);
	return {
		ws,
		snaps: snaps.map((r) => Number(r.id)),
		schemas,
		strayFileRows: Number(files!.n),
		tmp: fs.readdirSync(path.join(ws.dir, 'tmp')).filter((e) => e !== 'duckdb-read')
	};
}

describe('one import at a time', () => {
	it('the same bytes three times at once make one snapshot; the others are recognised', async () => {
		const ws = await freshWorkspace('same');
		const dir = exportFolder({ 'patients.csv': PATIENTS, 'staff.csv': 'Staff ID,Name\n1,A\n' });
		const results = await Promise.all([importExport(ws, dir), importExport(ws, dir), importExport(ws, dir)]);
		expect(results.map((r) => r.reused).sort()).toEqual([false, true, true]);
		expect(new Set(results.map((r) => r.snapshotId)).size).toBe(1);
		expect(await ws.all(`select id from ferry.snapshots`)).toHaveLength(1);
		expect(await ws.one(`select count(*)::int as n from raw.patients`)).toEqual({ n: 500 });
	});

	it('two different exports at once make two whole snapshots, and raw points at the last', async () => {
		const ws = await freshWorkspace('two');
		const a = exportFolder({ 'patients.csv': PATIENTS });
		const b = exportFolder({ 'patients.csv': PATIENTS + '501,P501\n' });
		const [ra, rb] = await Promise.all([importExport(ws, a), importExport(ws, b)]);
		expect(ra.snapshotId).not.toBe(rb.snapshotId);
		expect(await ws.one(`select count(*)::int as n from raw.patients`)).toEqual({ n: 501 });
		const l = await leftovers(ws.name);
		expect(l.schemas).toEqual(l.snaps.map((id) => `snap_${id}`));
	});
});

describe('a single workbook given by path', () => {
	it('is read as a workbook, not opened as a zip (an .xlsx is a zip inside)', async () => {
		const ExcelJS = (await import('exceljs')).default;
		const wb = new ExcelJS.Workbook();
		const sheet = wb.addWorksheet('Patients');
		sheet.addRow(['Patient ID', 'First Name']);
		sheet.addRow(['1', 'Ann']);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-xlsx-')), 'patients.xlsx');
		fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
		const ws = await freshWorkspace('xlsx');
		const r = await importExport(ws, file);
		expect(r.files).toHaveLength(1);
		expect(r.files[0]).toMatchObject({ file: 'patients.xlsx', sheet: 'Patients', status: 'staged', rowsStaged: 1 });
	});
});

describe('a killed import leaves nothing behind', () => {
	it('leftovers of an unfinished import (schema, file rows, documents, tmp) are swept when the workspace opens', async () => {
		const ws = await freshWorkspace('swept');
		await importExport(ws, exportFolder({ 'patients.csv': PATIENTS }));
		// What kill -9 between the first table and the snapshots row leaves:
		await ws.run(`create schema snap_77`);
		await ws.run(`create table snap_77.patients as select 1 as id`);
		await ws.run(`insert into ferry.snapshot_files select * replace (77 as snapshot_id) from ferry.snapshot_files limit 1`);
		fs.mkdirSync(path.join(ws.dir, 'snapshots', '77', 'docs'), { recursive: true });
		fs.mkdirSync(path.join(ws.dir, 'tmp', 'zip-abc'), { recursive: true });
		fs.writeFileSync(path.join(ws.dir, 'tmp', 'upload-1.zip'), 'partial');
		fs.writeFileSync(path.join(ws.readDir, 'x.csv'), 'a\n1\n');
		ws.close();
		const l = await leftovers(ws.name);
		expect(l.snaps).toHaveLength(1);
		expect(l.schemas).toEqual([`snap_${l.snaps[0]}`]);
		expect(l.strayFileRows).toBe(0);
		expect(l.tmp).toEqual([]);
		expect(fs.readdirSync(l.ws.readDir)).toEqual([]);
		expect(fs.existsSync(path.join(l.ws.dir, 'snapshots', '77'))).toBe(false);
		expect(await l.ws.one(`select count(*)::int as n from raw.patients`)).toEqual({ n: 500 });
	});

	it('a real `ferry import` killed with SIGKILL while DuckDB reads a file: the partial snapshot is swept at open, and a re-import works', async () => {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-kill-'));
		const exp = path.join(tmp, 'export');
		await generateExport({ out: exp, patients: 3000, seed: 5, clean: true });
		const name = `killed-${process.pid}`;
		const wsDir = path.join(process.env.FERRY_DATA!, 'workspaces', name);
		const child = spawn(process.execPath, [ferryBin(), 'import', exp, '-w', name], { env: process.env, stdio: 'ignore' });
		const exited = new Promise((r) => child.on('exit', r));
		// The moment a file is linked into the read folder, DuckDB is loading a table of snapshot 1.
		for (let i = 0; i < 12_000 && child.exitCode === null; i++) {
			if (fs.existsSync(path.join(wsDir, 'tmp', 'duckdb-read')) && fs.readdirSync(path.join(wsDir, 'tmp', 'duckdb-read')).length) break;
			await new Promise((r) => setTimeout(r, 5));
		}
		child.kill('SIGKILL');
		await exited;
		// What the kill left, seen read-only before Ferry opens (and sweeps) the workspace:
		const peek = await DuckDBInstance.create(path.join(wsDir, 'workspace.duckdb'), { access_mode: 'READ_ONLY' });
		const pc = await peek.connect();
		const before = (
			await pc.runAndReadAll(
				`select (select count(*) from duckdb_schemas() where schema_name like 'snap_%')::int as schemas, (select count(*) from ferry.snapshots)::int as snaps`
			)
		).getRowObjectsJS()[0];
		pc.closeSync();
		peek.closeSync();
		expect(before, 'the kill came while a snapshot was half made').toEqual({ schemas: 1, snaps: 0 });
		const l = await leftovers(name);
		expect(l.snaps).toEqual([]);
		expect(l.schemas).toEqual([]);
		expect(l.strayFileRows).toBe(0);
		expect(l.tmp).toEqual([]);
		expect(fs.readdirSync(l.ws.readDir)).toEqual([]);
		const again = await importExport(l.ws, exp);
		expect(again).toMatchObject({ reused: false, rowsRejected: 0 });
		expect((await leftovers(name)).schemas).toEqual([`snap_${again.snapshotId}`]);
	}, 180_000);
});
