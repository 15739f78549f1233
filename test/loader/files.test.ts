// Attachment files: uploaded into the attachment's FILES field; missing, empty or too large
// files are invalid at freeze, and fail their record with the reason if they break after it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import {
	approveBatch,
	batchRecords,
	excludeRecords,
	freezeBatches,
	runCounts,
	runFailures,
	startRun
} from '../../src/lib/server/loader/index.js';
import { setTarget } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';
import { confirmHandBuiltStage, createPayments, FAST, stageFixture, startTarget, type Target } from './fixture.js';

let t: Target;
let ws: Workspace;
beforeEach(async () => {
	t = await startTarget();
	ws = await freshWorkspace('files');
});
afterEach(() => t.close());

/** An export folder with four attachment files (null: not written), staged as the map stages them. */
async function stageFiles(files: Record<'a' | 'gone' | 'empty' | 'big', string | null>): Promise<string> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-files-'));
	fs.mkdirSync(path.join(dir, 'files'));
	for (const [name, body] of Object.entries(files)) if (body !== null) fs.writeFileSync(path.join(dir, 'files', `${name}.pdf`), body);
	await setTarget(ws, t.url, t.sb.apiKey);
	await createPayments(t.client);
	await stageFixture(ws);
	await ws.run(
		`insert into ferry.snapshots (id, created_at, source, source_kind, content_hash, file_count, rows_read, rows_staged, rows_rejected, files_dir)
		values (1, now(), $1, 'folder', 'h', 1, 4, 4, 0, $1)`,
		[dir]
	);
	await ws.run(`create or replace view raw.attachments as select * from (values
		('ATT1', 'Referral letter.pdf', 'files/a.pdf', 'application/pdf'), ('ATT2', 'Gone.pdf', 'files/gone.pdf', 'application/pdf'),
		('ATT3', 'Empty.pdf', 'files/empty.pdf', 'application/pdf'), ('ATT4', 'Big.pdf', 'files/big.pdf', 'application/pdf')) t(attachment_id, file_name, path, content_type)`);
	// As the map stages it (issue 14): the file's path and type ride beside the payload, whatever the export calls the table.
	await ws.run(`create or replace view stage.attachments as select 'attachment:' || attachment_id as source_key, ferry.source_id('attachment:' || attachment_id) as id,
		json_object('name', file_name, 'targetNoteId', ferry.source_id('note:1')) as payload, path as file_path, content_type from raw.attachments`);
	await ws.run(
		`create or replace view stage.plan as select * from (values ('notes', 4, 'note'), ('attachments', 7, 'attachment')) t(plural, step, object)`
	);
	await confirmHandBuiltStage(ws);
	return dir;
}

describe('attachment files', () => {
	it('uploads present files and fails files that broke after the freeze, with the reason', async () => {
		// Issue 13: broken files are invalid at freeze (below); here they were whole when frozen and broke before the push.
		const dir = await stageFiles({ a: '%PDF-1.4 referral', gone: '%PDF-1.4 gone', empty: '%PDF-1.4 emptied', big: 'x'.repeat(5000) });
		for (const b of await freezeBatches(ws, await t.client.metadata.listObjects())) await approveBatch(ws, b.id);
		fs.rmSync(path.join(dir, 'files', 'gone.pdf'));
		fs.writeFileSync(path.join(dir, 'files', 'empty.pdf'), '');
		const run = await startRun(ws, undefined, { settings: { ...FAST, maxFileBytes: 1000 } });
		await run.done;
		const att = (await runCounts(ws, run.runId)).find((c) => c.plural === 'attachments')!;
		expect(att).toMatchObject({ total: 4, created: 1, failed: 3 });
		const reasons = Object.fromEntries((await runFailures(ws, run.runId)).map((f) => [f.sourceKey, f.reason]));
		expect(reasons).toEqual({
			'attachment:ATT2': 'file missing from the export: gone.pdf',
			'attachment:ATT3': 'file is empty: empty.pdf',
			'attachment:ATT4': "file is 5000 bytes, over the target's limit of 1000 bytes: big.pdf"
		});
		const [created] = [...t.sb.store.table('attachment').rows.values()];
		expect((created.file as Array<{ label: string }>)[0].label).toBe('Referral letter.pdf');
		expect(t.sb.state().files).toBe(1);
	});

	it('finds missing, empty and oversized files at freeze: invalid records with the reason, counted, never sent', async () => {
		await stageFiles({ a: '%PDF-1.4 referral', gone: null, empty: '', big: 'x'.repeat(5000) });
		const batches = await freezeBatches(ws, await t.client.metadata.listObjects(), undefined, undefined, { maxFileBytes: 1000 });
		const b = batches.find((x) => x.plural === 'attachments')!;
		expect([b.records, b.valid, b.invalid]).toEqual([4, 1, 3]);
		const invalid = await batchRecords(ws, b.id, { status: 'invalid' });
		expect(Object.fromEntries(invalid.records.map((r) => [r.sourceKey, r.reasons]))).toEqual({
			'attachment:ATT2': ['file missing from the export: gone.pdf'],
			'attachment:ATT3': ['file is empty: empty.pdf'],
			'attachment:ATT4': ["file is 5000 bytes, over the target's limit of 1000 bytes: big.pdf"]
		});
		// The notes batch is untouched; the attachments batch cannot be approved until a person decides.
		expect(batches.find((x) => x.plural === 'notes')!.invalid).toBe(0);
		await expect(approveBatch(ws, b.id)).rejects.toThrow(/3 invalid record\(s\)/);
		await excludeRecords(
			ws,
			b.id,
			invalid.records.map((r) => r.sourceKey),
			'file unusable in the export'
		);
		for (const x of batches) await approveBatch(ws, x.id);
		const run = await startRun(ws, undefined, { settings: { ...FAST, maxFileBytes: 1000 } });
		await run.done;
		expect((await runCounts(ws, run.runId)).find((c) => c.plural === 'attachments')).toMatchObject({ total: 1, created: 1, failed: 0 });
		expect(await runFailures(ws, run.runId)).toEqual([]);
		expect(t.sb.state().files).toBe(1);
	});
});
