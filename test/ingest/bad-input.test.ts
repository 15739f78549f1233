// Every bad input the foundation issue names gets a named error or quarantined rows with
// reasons, never a crash and never a silent drop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importExport, type FileOutcome, type ImportResult } from '../../src/lib/server/ingest/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';

async function importFiles(files: Record<string, string | Buffer>) {
	const ws = await freshWorkspace('bad');
	const result = await importExport(ws, exportFolder(files));
	return { ws, result };
}

function file(r: ImportResult, name: string): FileOutcome {
	const f = r.files.find((x) => x.file === name);
	if (!f) throw new Error(`no outcome for ${name}`);
	return f;
}

/** The invariant: every row read was staged or rejected, file by file and in total. */
function expectAccounting(r: ImportResult) {
	for (const f of r.files) expect(f.rowsRead, f.file).toBe(f.rowsStaged + f.rowsRejected);
	expect(r.rowsRead).toBe(r.rowsStaged + r.rowsRejected);
}

const HEADER = 'Patient ID,First Name,Last Name,Email\n';

describe('bad input: named errors', () => {
	it('an empty file is refused by name, the rest of the export still imports', async () => {
		const { result } = await importFiles({ 'empty.csv': '', 'patients.csv': HEADER + '1,Ann,Lee,a@x.com\n' });
		expect(file(result, 'empty.csv')).toMatchObject({ status: 'rejected', error: 'empty.csv is empty (0 bytes)' });
		expect(file(result, 'patients.csv')).toMatchObject({ status: 'staged', rowsStaged: 1 });
	});

	it('a file of blank lines is refused as empty', async () => {
		const { result } = await importFiles({ 'blank.csv': '\n\n\r\n' });
		expect(file(result, 'blank.csv').error).toMatch(/is empty/);
	});

	it('a header with no rows makes an empty table and says so', async () => {
		const { ws, result } = await importFiles({ 'patients.csv': HEADER });
		expect(file(result, 'patients.csv')).toMatchObject({ status: 'staged', rowsStaged: 0, rowsRejected: 0 });
		expect(file(result, 'patients.csv').warnings).toContain('header only: the file has no data rows');
		expect(await ws.all(`select column_name from duckdb_columns() where schema_name = 'raw' and table_name = 'patients'`)).toHaveLength(4);
	});

	it('a binary file named .csv is refused, naming what it is', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
		const { result } = await importFiles({ 'patients.csv': png, 'noise.csv': Buffer.alloc(5000, 0) });
		expect(file(result, 'patients.csv').error).toBe('patients.csv is binary: its content is a PNG image, not text');
		expect(file(result, 'noise.csv').error).toMatch(/noise.csv is binary: it holds many NUL bytes/);
	});

	it('an unsupported file type is refused with the types Ferry reads', async () => {
		const { result } = await importFiles({ 'report.pdf': '%PDF-1.4', 'old.xls': 'x', 'patients.csv': HEADER });
		expect(file(result, 'report.pdf')).toMatchObject({ status: 'rejected' });
		expect(file(result, 'report.pdf').error).toMatch(/unsupported file type '\.pdf'/);
		expect(file(result, 'old.xls').error).toMatch(/legacy Excel 97 \.xls/);
	});

	it('invalid JSON is refused with the parser message', async () => {
		const { result } = await importFiles({ 'automations.json': '{"workflows": [' });
		expect(file(result, 'automations.json').error).toMatch(/is not valid JSON/);
	});

	it('a path that does not exist is a named error', async () => {
		const ws = await freshWorkspace('bad');
		await expect(importExport(ws, '/nonexistent/export')).rejects.toThrow(
			"nothing to import at '/nonexistent/export': no such file or folder"
		);
	});
});

describe('bad input: rows quarantined with reasons', () => {
	it('ragged rows are quarantined with their line and raw text', async () => {
		const { ws, result } = await importFiles({
			'patients.csv': HEADER + '1,Ann,Lee,a@x.com\n2,Bo,Ng\n3,Cy,Li,c@x.com,extra\n4,Di,Wu,d@x.com\n'
		});
		const f = file(result, 'patients.csv');
		expect(f).toMatchObject({ rowsRead: 4, rowsStaged: 2, rowsRejected: 2 });
		const rejects = await ws.all<{ line: bigint; reason: string; raw: string }>(
			`select line, reason, raw from ferry.rejects order by line`
		);
		expect(rejects.map((r) => [Number(r.line), r.raw])).toEqual([
			[3, '2,Bo,Ng'],
			[4, '3,Cy,Li,c@x.com,extra']
		]);
		expect(rejects.map((r) => r.reason)).toEqual(['expected 4 fields, found 3', 'expected 4 fields, found 5']);
	});

	it('an unclosed quote costs one row, not the rest of the file', async () => {
		const body = '1,Ann,Lee,a@x.com\n2,"Bo,Ng,b@x.com\n3,Cy,Li,c@x.com\n4,"Di\nDi",Wu,d@x.com\n5,Ed,Ko,e@x.com\n';
		const { ws, result } = await importFiles({ 'patients.csv': HEADER + body });
		expect(file(result, 'patients.csv')).toMatchObject({ rowsRead: 5, rowsStaged: 4, rowsRejected: 1 });
		const [reject] = await ws.all<{ line: bigint; reason: string; raw: string }>(`select * from ferry.rejects`);
		expect(Number(reject.line)).toBe(3);
		expect(reject.raw).toBe('2,"Bo,Ng,b@x.com');
		expect(await ws.all(`select patient_id, first_name from raw.patients order by 1`)).toEqual([
			{ patient_id: '1', first_name: 'Ann' },
			{ patient_id: '3', first_name: 'Cy' },
			{ patient_id: '4', first_name: 'Di\nDi' },
			{ patient_id: '5', first_name: 'Ed' }
		]);
	});

	it('an unclosed quote on the last row is quarantined too', async () => {
		const { result } = await importFiles({ 'patients.csv': HEADER + '1,Ann,Lee,a@x.com\n2,"Bo,Ng,b@x.com\n' });
		expect(file(result, 'patients.csv')).toMatchObject({ rowsRead: 2, rowsStaged: 1, rowsRejected: 1 });
	});

	it('mixed line ends are read whole and noted', async () => {
		const { result } = await importFiles({ 'patients.csv': 'Patient ID,First Name\r\n1,Ann\n2,Bo\r\n3,"Cy\r\nCy"\n' });
		const f = file(result, 'patients.csv');
		expect(f).toMatchObject({ rowsStaged: 3, rowsRejected: 0 });
		expect(f.warnings).toContain('line endings are mixed (CRLF and LF)');
	});

	it('duplicate header names are kept apart and reported', async () => {
		const { ws, result } = await importFiles({ 'patients.csv': 'Patient ID,Email,Email,\n1,a@x.com,b@x.com,z\n' });
		expect(file(result, 'patients.csv').warnings).toEqual([
			"header 'Email' repeats (column 3); named email_2",
			'column 4 has no header; named column_4'
		]);
		const cols = await ws.all<{ name: string; original_name: string }>(
			`select name, original_name from ferry.snapshot_columns order by position`
		);
		expect(cols).toEqual([
			{ name: 'patient_id', original_name: 'Patient ID' },
			{ name: 'email', original_name: 'Email' },
			{ name: 'email_2', original_name: 'Email' },
			{ name: 'column_4', original_name: '' }
		]);
	});

	it('a 50 MB single cell is quarantined with a reason, the file around it imports', async () => {
		const huge = `1,Ann,Lee,${'x'.repeat(50 * 1024 * 1024)}\n`;
		const { ws, result } = await importFiles({ 'patients.csv': HEADER + huge + '2,Bo,Ng,b@x.com\n' });
		expect(file(result, 'patients.csv')).toMatchObject({ rowsRead: 2, rowsStaged: 1, rowsRejected: 1 });
		const [r] = await ws.all<{ reason: string; raw: string; line: bigint }>(`select reason, raw, line from ferry.rejects`);
		expect(Number(r.line)).toBe(2);
		expect(r.reason).toBe('record longer than 16777216 bytes');
		expect(r.raw.length).toBeLessThan(70 * 1024); // kept, but clipped, and it says so
	});

	it('a preamble above the header is quarantined, the header found below it', async () => {
		const { ws, result } = await importFiles({ 'patients.csv': 'Patient list printed 01/07/2026\n\n' + HEADER + '1,Ann,Lee,a@x.com\n' });
		expect(file(result, 'patients.csv')).toMatchObject({ rowsStaged: 1, rowsRejected: 1 });
		expect(await ws.all(`select first_name from raw.patients`)).toEqual([{ first_name: 'Ann' }]);
	});

	it('every row is accounted for across a file with many kinds of damage', async () => {
		const body = ['1,Ann,Lee,a@x.com', '2,Bo', '3,"Cy,Li,c@x.com', '4,"D""i",Wu,d@x.com', '5,"E"d,Ko,e@x.com', '6,Fa,Ma,f@x.com,,'].join(
			'\r\n'
		);
		const { result } = await importFiles({ 'patients.csv': HEADER + body + '\n' });
		expectAccounting(result);
		expect(file(result, 'patients.csv')).toMatchObject({ rowsRead: 6, rowsStaged: 2 });
	});
});

describe('encodings and dialects', () => {
	it('reads UTF-8 with BOM, Windows-1252, UTF-16 LE with BOM, and semicolon/tab/pipe delimiters', async () => {
		const latin = iconv.encode('Name;City\r\nJosé;München\r\n', 'win1252');
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Name\tCity\nZoë\tSão Paulo\n', 'utf-16le')]);
		const { ws, result } = await importFiles({
			'bom.csv': '\uFEFFName,City\nAnn,Perth\n',
			'latin.csv': latin,
			'wide.txt': utf16,
			'pipe.csv': 'Name|City\nBo|Hobart\n'
		});
		expect(file(result, 'bom.csv')).toMatchObject({ encoding: 'utf-8-bom', delimiter: ',' });
		expect(file(result, 'latin.csv')).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
		expect(file(result, 'wide.txt')).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
		expect(file(result, 'pipe.csv')).toMatchObject({ delimiter: '|' });
		expect(await ws.all(`select * from raw.bom`)).toEqual([{ name: 'Ann', city: 'Perth' }]);
		expect(await ws.all(`select * from raw.latin`)).toEqual([{ name: 'José', city: 'München' }]);
		expect(await ws.all(`select * from raw.wide`)).toEqual([{ name: 'Zoë', city: 'São Paulo' }]);
	});

	it('keeps ids as text: long ids, leading zeros and scientific notation survive untouched', async () => {
		const { ws } = await importFiles({
			'patients.csv': 'Patient ID,Postcode,Legacy Ref\n000123,0800,5.14811E+17\n514811234567890123,2000,514811234567890123\n'
		});
		expect(await ws.all(`select * from raw.patients`)).toEqual([
			{ patient_id: '000123', postcode: '0800', legacy_ref: '5.14811E+17' },
			{ patient_id: '514811234567890123', postcode: '2000', legacy_ref: '514811234567890123' }
		]);
	});
});

describe('XLSX and JSON', () => {
	it('an XLSX with several sheets makes a table per sheet; formulas stay text', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('Patients').addRows([
			['Patient ID', 'Name', 'Link'],
			['1', 'Ann', { formula: 'HYPERLINK("http://x")' }],
			['2', 'Bo', null]
		]);
		wb.addWorksheet('Appointments').addRows([
			['Appointment ID', 'Patient ID', 'Starts At'],
			['10', '1', new Date(Date.UTC(2026, 5, 30, 9, 30))]
		]);
		wb.addWorksheet('Empty');
		const { ws, result } = await importFiles({ 'export.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
		expect(result.files.map((f) => [f.sheet, f.table, f.status, f.rowsStaged])).toEqual([
			['Patients', 'patients', 'staged', 2],
			['Appointments', 'appointments', 'staged', 1],
			['Empty', null, 'rejected', 0]
		]);
		expect(result.files[2].error).toBe("export.xlsx sheet 'Empty' sheet is empty");
		expect(await ws.all(`select * from raw.patients order by 1`)).toEqual([
			{ patient_id: '1', name: 'Ann', link: '=HYPERLINK("http://x")' },
			{ patient_id: '2', name: 'Bo', link: null }
		]);
		expect(await ws.all(`select starts_at from raw.appointments`)).toEqual([{ starts_at: '2026-06-30T09:30:00.000Z' }]);
	});

	it('automations.json becomes a table per list, nested values as JSON text', async () => {
		const doc = {
			reminder_rules: [{ id: 'r1', offset_hours: 24, channels: ['sms', 'email'] }],
			workflows: [{ id: 'w1', steps: [{ a: 1 }] }, 'junk']
		};
		const { ws, result } = await importFiles({ 'automations.json': JSON.stringify(doc) });
		expect(result.files.map((f) => [f.table, f.rowsStaged, f.rowsRejected])).toEqual([
			['automations_reminder_rules', 1, 0],
			['automations_workflows', 1, 1]
		]);
		expect(await ws.all(`select * from raw.automations_reminder_rules`)).toEqual([
			{ id: 'r1', offset_hours: '24', channels: '["sms","email"]' }
		]);
	});
});

describe('zip archives', () => {
	function zipFile(entries: Record<string, Uint8Array>): string {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-zip-')), 'export.zip');
		fs.writeFileSync(file, zipSync(entries));
		return file;
	}
	const text = (s: string) => new TextEncoder().encode(s);

	it('imports a zip wrapped in one folder, documents kept under the workspace', async () => {
		const ws = await freshWorkspace('zip');
		const zip = zipFile({ 'export/patients.csv': text(HEADER + '1,Ann,Lee,a@x.com\n'), 'export/files/p1/card.txt': text('scan') });
		const r = await importExport(ws, zip);
		expect(r.files.map((f) => [f.file, f.rowsStaged])).toEqual([['patients.csv', 1]]);
		const [snap] = await ws.all<{ files_dir: string; attachment_files: number }>(`select files_dir, attachment_files from ferry.snapshots`);
		expect(snap.attachment_files).toBe(1);
		expect(fs.readFileSync(path.join(snap.files_dir, 'files/p1/card.txt'), 'utf8')).toBe('scan');
	});

	it('refuses an entry that escapes the folder, and creates nothing', async () => {
		const ws = await freshWorkspace('zip');
		const zip = zipFile({ 'patients.csv': text(HEADER), '../../evil.csv': text('x') });
		await expect(importExport(ws, zip)).rejects.toThrow(
			"zip entry '../../evil.csv' points outside the export folder; refusing the whole zip"
		);
		expect(await ws.all(`select * from ferry.snapshots`)).toEqual([]);
	});

	it('stops a zip bomb at the ratio limit', async () => {
		const ws = await freshWorkspace('zip');
		// Above the ratio floor (64 MB): smaller entries pass whatever their ratio (issue 16).
		const zip = zipFile({ 'patients.csv': new Uint8Array(80 * 1024 * 1024).fill(65) });
		await expect(importExport(ws, zip)).rejects.toThrow(/inflates more than 200× its compressed size: a zip bomb\?/);
	});

	it('a highly compressible attachment under the ratio floor is not a zip bomb (a generated export pads one to 25 MB)', async () => {
		const ws = await freshWorkspace('zip');
		const zip = zipFile({
			'patients.csv': text(HEADER + '1,Ann,Lee,a@x.com\n'),
			'files/scan-1.pdf': new Uint8Array(25 * 1024 * 1024).fill(0)
		});
		const r = await importExport(ws, zip);
		expect(r).toMatchObject({ reused: false, rowsStaged: 1 });
	});

	it('a file that is not a zip after all is a clear error', async () => {
		const ws = await freshWorkspace('zip');
		const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-zip-')), 'export.zip');
		fs.writeFileSync(bad, 'not a zip');
		await expect(importExport(ws, bad)).rejects.toThrow(/the zip file cannot be read/);
	});
});

describe('snapshots', () => {
	it('importing the same bytes again creates nothing new', async () => {
		const ws = await freshWorkspace('snap');
		const dir = exportFolder({ 'patients.csv': HEADER + '1,Ann,Lee,a@x.com\n' });
		const first = await importExport(ws, dir);
		const again = await importExport(ws, dir);
		expect(again).toMatchObject({ reused: true, snapshotId: first.snapshotId, rowsStaged: 1 });
		expect(await ws.all(`select id from ferry.snapshots`)).toHaveLength(1);
		expect(await ws.all(`select schema_name from duckdb_schemas() where schema_name like 'snap_%'`)).toHaveLength(1);
		fs.appendFileSync(path.join(dir, 'patients.csv'), '2,Bo,Ng,b@x.com\n');
		const changed = await importExport(ws, dir);
		expect(changed).toMatchObject({ reused: false, snapshotId: first.snapshotId + 1, rowsStaged: 2 });
		expect(await ws.all(`select count(*)::int as n from raw.patients`)).toEqual([{ n: 2 }]);
		const actions = await ws.all<{ action: string }>(`select action from ferry.audit_log order by id`);
		expect(actions.map((a) => a.action)).toEqual(['import', 'import.recognised', 'import']);
	});
});

describe('line endings that change deep in a file', () => {
	it('a CRLF file with an LF row appended far below the sniffed head imports whole', async () => {
		const rows = Array.from({ length: 20000 }, (_, i) => `${i + 1},P${i},L${i},p${i}@x.com`).join('\r\n');
		const { result } = await importFiles({ 'patients.csv': HEADER.replace('\n', '\r\n') + rows + '\r\n20001,Zed,Last,z@x.com\n' });
		expect(file(result, 'patients.csv')).toMatchObject({ rowsStaged: 20001, rowsRejected: 0, rowsRead: 20001 });
	});
});
