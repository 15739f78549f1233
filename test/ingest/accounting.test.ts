// The foundation's promise on real-looking exports: every row the generator wrote is
// either staged or quarantined, and the quarantined ones are exactly the broken ones.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateExport, GroundTruthSchema, type GroundTruth } from '../../src/lib/server/generate/index.js';
import { importExport, type ImportResult } from '../../src/lib/server/ingest/index.js';
import { freshWorkspace } from '../helpers.js';

function expectMatchesTruth(result: ImportResult, truth: GroundTruth) {
	for (const [file, t] of Object.entries(truth.files)) {
		const got = result.files.filter((f) => (t.sheet ? f.sheet === t.sheet : f.file === file));
		expect(got, file).toHaveLength(1);
		expect({ file, read: got[0].rowsRead, rejected: got[0].rowsRejected }).toEqual({ file, read: t.rows, rejected: t.malformed });
	}
	expect(result.rowsRead).toBe(result.rowsStaged + result.rowsRejected);
}

describe('accounting against ground truth', () => {
	it('the committed sample: rows read = staged + rejected, file by file, and the rejects are the broken rows', async () => {
		const truth = GroundTruthSchema.parse(JSON.parse(fs.readFileSync('data/sample.truth.json', 'utf8')));
		const ws = await freshWorkspace('sample');
		const result = await importExport(ws, 'data/sample');
		expectMatchesTruth(result, truth);
		const rejects = await ws.all<{ file: string; line: bigint }>(`select file, line from ferry.rejects order by file, line`);
		const expected = truth.malformedRows
			.map((m) => ({ file: m.file, line: m.line }))
			.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
		expect(rejects.map((r) => ({ file: r.file, line: Number(r.line) }))).toEqual(expected);
		const [snap] = await ws.all<{ attachment_files: number }>(`select attachment_files from ferry.snapshots`);
		expect(snap.attachment_files).toBe(truth.attachmentFiles);
		// Encodings and dialects as the generator wrote them.
		for (const f of result.files.filter((x) => x.format === 'delimited')) {
			const t = truth.files[f.file];
			expect({ f: f.file, enc: f.encoding, delim: f.delimiter }).toEqual({
				f: f.file,
				enc: t.encoding === 'utf-8-bom' ? 'utf-8-bom' : t.encoding,
				delim: t.delimiter
			});
		}
	});

	it('a freshly generated export of another seed, in CSV and as one XLSX workbook', async () => {
		for (const format of ['csv', 'xlsx'] as const) {
			const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-gen-')), 'export');
			const truth = await generateExport({ out, patients: 300, seed: 42, format });
			const ws = await freshWorkspace(`gen-${format}`);
			expectMatchesTruth(await importExport(ws, out), truth);
		}
	});
});
