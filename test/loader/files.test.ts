// Attachment files: uploaded into the attachment's FILES field; missing, empty or too large
// files fail their record with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { approveBatch, freezeBatches, runCounts, runFailures, startRun } from '../../src/lib/server/loader/index.js';
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

describe('attachment files', () => {
	it('uploads present files and reports missing, empty and oversized ones', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-files-'));
		fs.mkdirSync(path.join(dir, 'files'));
		fs.writeFileSync(path.join(dir, 'files', 'a.pdf'), '%PDF-1.4 referral');
		fs.writeFileSync(path.join(dir, 'files', 'empty.pdf'), '');
		fs.writeFileSync(path.join(dir, 'files', 'big.pdf'), 'x'.repeat(5000));
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
		for (const b of await freezeBatches(ws, await t.client.metadata.listObjects())) await approveBatch(ws, b.id);
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
});
