import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { generateExport, GroundTruthSchema, HEADERS, LAYOUT, TABLE_FILES, type GroundTruth } from '../../src/lib/server/generate/index.js';
import { hashTree, readTable, sha256 } from './csv.js';
import { ferryBin } from '../support/cli.js';

const run = promisify(execFile);
let tmp: string;
let a: GroundTruth;
const dirA = () => path.join(tmp, 'a');

beforeAll(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-gen-'));
	a = await generateExport({ out: dirA(), patients: 300, seed: 5 });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('generateExport', () => {
	it('writes the same bytes for the same seed, and other bytes for another', async () => {
		await generateExport({ out: path.join(tmp, 'b'), patients: 300, seed: 5 });
		const ha = hashTree(dirA());
		const hb = hashTree(path.join(tmp, 'b'));
		expect(Object.keys(ha).length).toBeGreaterThan(TABLE_FILES.length + 50);
		expect(hb).toEqual(ha);
		expect(sha256(path.join(tmp, 'b.truth.json'))).toBe(sha256(path.join(tmp, 'a.truth.json')));

		await generateExport({ out: path.join(tmp, 'c'), patients: 300, seed: 6 });
		expect(hashTree(path.join(tmp, 'c'))['patients.csv']).not.toBe(ha['patients.csv']);
	});

	it('writes every entry of the reference layout, with the reference headers', () => {
		for (const entry of LAYOUT) expect(fs.existsSync(path.join(dirA(), entry)), entry).toBe(true);
		expect(fs.readdirSync(path.join(dirA(), 'files')).length).toBeGreaterThan(10);
		for (const file of TABLE_FILES) expect(readTable(dirA(), file, a).header).toEqual([...HEADERS[file]]);
		const json = JSON.parse(fs.readFileSync(path.join(dirA(), 'automations.json'), 'utf8'));
		expect(json.reminderRules.length).toBeGreaterThan(0);
		expect(json.workflows[0].steps.length).toBeGreaterThan(0);
		expect(json.emailTemplates.length).toBeGreaterThan(0);
	});

	it('puts truth beside the export, valid against its schema', () => {
		const onDisk = GroundTruthSchema.parse(JSON.parse(fs.readFileSync(path.join(tmp, 'a.truth.json'), 'utf8')));
		expect(onDisk).toEqual(a);
		expect(a.files['patients.csv'].rows).toBe(300);
		expect(a.totalRows).toBe(Object.values(a.files).reduce((n, f) => n + f.rows, 0));
	});

	it('counts exactly the records a strict CSV reader finds, and lists the malformed ones by line', () => {
		const found: Array<{ file: string; line: number; record: number; kind: string }> = [];
		for (const file of TABLE_FILES) {
			const { header, rows } = readTable(dirA(), file, a);
			expect(rows.length, file).toBe(a.files[file].rows);
			for (const [k, r] of rows.entries()) {
				const at = { file, line: r.line, record: k + 1 };
				if (r.error === 'stray_quote') found.push({ ...at, kind: 'stray_quote' });
				else if (r.fields.length > header.length) found.push({ ...at, kind: 'ragged_extra' });
				else if (r.fields.length < header.length) found.push({ ...at, kind: 'ragged_short' });
				expect(r.error, `${file}:${r.line}`).not.toBe('unterminated');
			}
		}
		const expected = a.malformedRows.map(({ file, line, record, kind }) => ({ file, line, record, kind }));
		const key = (x: { file: string; line: number }) => `${x.file}:${x.line}`;
		expect(found.sort((x, y) => key(x).localeCompare(key(y)))).toEqual(expected.sort((x, y) => key(x).localeCompare(key(y))));
		expect(new Set(expected.map((m) => m.kind))).toEqual(new Set(['ragged_extra', 'ragged_short', 'stray_quote']));
	});

	it('makes a clean baseline with no dirt at all', async () => {
		const t = await generateExport({ out: path.join(tmp, 'clean'), patients: 200, seed: 2, clean: true });
		for (const [file, meta] of Object.entries(t.files)) {
			expect(meta.damaged, file).toEqual({});
			expect(meta.malformed).toBe(0);
			expect(meta).toMatchObject({ encoding: 'utf-8', delimiter: ',', lineEnding: 'LF' });
		}
		expect(t.duplicateGroups).toEqual([]);
		expect(t.twinPairs).toEqual([]);
		expect(t.orphans).toEqual({});
		expect(t.attachments).toMatchObject({ missing: [], empty: [], oversize: [] });
		expect(t.circularLocations).toEqual([]);
		expect(t.longNotes).toEqual([]);
		expect(t.patients.persons).toBe(200);
	});

	it('writes one workbook with a sheet per entity for --format xlsx', async () => {
		const out = path.join(tmp, 'x');
		const t = await generateExport({ out, patients: 60, seed: 3, format: 'xlsx' });
		expect(fs.existsSync(path.join(out, 'export.xlsx'))).toBe(true);
		expect(fs.existsSync(path.join(out, 'automations.json'))).toBe(true);
		expect(fs.readdirSync(path.join(out, 'files')).length).toBeGreaterThan(0);
		expect(fs.readdirSync(out).filter((f) => f.endsWith('.csv') || f.startsWith('.spool'))).toEqual([]);
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile(path.join(out, 'export.xlsx'));
		expect(book.worksheets.map((w) => w.name)).toEqual(TABLE_FILES.map((f) => f.replace('.csv', '')));
		for (const file of TABLE_FILES) {
			const sheet = book.getWorksheet(file.replace('.csv', ''))!;
			expect(sheet.actualRowCount, file).toBe(t.files[file].rows + 1);
			expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...HEADERS[file]]);
		}
		expect(t.malformedRows).toEqual([]);
		await generateExport({ out: path.join(tmp, 'x2'), patients: 60, seed: 3, format: 'xlsx' });
		expect(hashTree(path.join(tmp, 'x2'))).toEqual(hashTree(out));
	});

	it('replaces an earlier export but refuses a directory holding something else', async () => {
		const other = path.join(tmp, 'other');
		fs.mkdirSync(other);
		fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
		await expect(generateExport({ out: other, patients: 10 })).rejects.toThrow(/not empty/);
		await generateExport({ out: dirA(), patients: 300, seed: 5 });
		expect(hashTree(dirA())['patients.csv']).toBe(hashTree(path.join(tmp, 'b'))['patients.csv']);
	});
});

describe('ferry generate (CLI)', () => {
	// The first case runs bin/ferry itself (tsx over the sources), the rest the bundle of the same sources.
	const ferry = ferryBin();
	it('writes an export and prints a one-line summary', async () => {
		const out = path.join(tmp, 'cli');
		const { stdout } = await run(process.execPath, [
			path.resolve('bin/ferry'),
			'generate',
			'--patients',
			'40',
			'--seed',
			'9',
			'--out',
			out
		]);
		expect(stdout).toMatch(/^generated [\d,]+ rows .*40 patients/);
		expect(stdout.trim().split('\n')).toHaveLength(1);
		expect(fs.existsSync(`${out}.truth.json`)).toBe(true);
	});

	it('fails with a clear message and exit 1 on bad options', async () => {
		for (const args of [
			['generate', '--patients', '10'],
			['generate', '--patients', 'lots', '--out', path.join(tmp, 'bad')],
			['generate', '--format', 'pdf', '--out', path.join(tmp, 'bad')]
		]) {
			const err = await run(process.execPath, [ferry, ...args]).then(
				() => null,
				(e: { code: number; stderr: string }) => e
			);
			expect(err?.code, args.join(' ')).toBe(1);
			expect(err?.stderr).toMatch(/--out|whole number|csv or xlsx/);
		}
	});
});
