// Quarantined rows settled where they are shown: fixed and admitted into the raw table, or dropped
// with a reason; counted so rows read = staged + rejected still holds, and audited by line only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { parseFixedRow } from '../../src/lib/server/snapshots/index.js';
import { jsonCaller } from '../support/api.js';
import { freshWorkspace } from '../helpers.js';

const TOKEN = 'test-token-quarantine';
let ws: Workspace;
const call = jsonCaller(createApi({ token: TOKEN }), { token: TOKEN, prefix: () => `/api/workspaces/${ws.name}` });

beforeAll(async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-quarantine-'));
	fs.writeFileSync(
		path.join(dir, 'staff.csv'),
		[
			'staff_id,name,role',
			'1,Ann Lee,GP',
			'2,Bo Chen,Nurse,extra', // line 3: one field too many
			'3,Cy Dale,Physio',
			'4,"Di Eve,Admin', // line 5: a quote that never closes
			'5,Ed Fox,GP',
			''
		].join('\n')
	);
	ws = await freshWorkspace('quarantine');
	await importExport(ws, dir);
}, 60_000);

const counts = async () => {
	const [s] = await ws.all<{ read: number; staged: number; rejected: number }>(
		`select rows_read::int as read, rows_staged::int as staged, rows_rejected::int as rejected from ferry.snapshots`
	);
	return s;
};

describe('quarantined rows', () => {
	it('a person fixes one (admitted, counted, audited) and drops another with a reason; bad requests say why', async () => {
		const before = await counts();
		expect(before.rejected).toBe(2);
		const list = await call('/snapshots/1/rejects');
		expect(list.body.rows.map((r: { line: number; resolution: null }) => [r.line, r.resolution])).toEqual([
			[3, null],
			[5, null]
		]);

		// Still wrong: refused with the reader's own reason, nothing changes.
		const still = await call('/snapshots/1/rejects/fix', 'POST', { file: 'staff.csv', line: 3, raw: '2,Bo Chen,Nurse,extra' });
		expect(still).toMatchObject({
			status: 400,
			body: { error: expect.stringMatching(/still not a row of this table: expected 3 fields/) }
		});
		const fixed = await call('/snapshots/1/rejects/fix', 'POST', { file: 'staff.csv', line: 3, raw: '2,"Bo Chen, RN",Nurse' });
		expect(fixed).toMatchObject({
			status: 200,
			body: { resolution: 'fixed', table: 'staff', rowsStaged: before.staged + 1, rowsRejected: 1 }
		});
		expect(await ws.all(`select name, role from raw.staff where staff_id = '2'`)).toEqual([{ name: 'Bo Chen, RN', role: 'Nurse' }]);
		const after = await counts();
		expect(after.read).toBe(after.staged + after.rejected);

		expect((await call('/snapshots/1/rejects/drop', 'POST', { file: 'staff.csv', line: 5, reason: ' ' })).status).toBe(400);
		const dropped = await call('/snapshots/1/rejects/drop', 'POST', { file: 'staff.csv', line: 5, reason: 'left the practice in 2019' });
		expect(dropped).toMatchObject({ status: 200, body: { resolution: 'dropped', rowsRejected: 1 } });
		expect((await call('/snapshots/1/rejects/drop', 'POST', { file: 'staff.csv', line: 5, reason: 'again' })).status).toBe(409);
		expect((await call('/snapshots/1/rejects/fix', 'POST', { file: 'staff.csv', line: 4, raw: 'x' })).status).toBe(404);

		const settled = (await call('/snapshots/1/rejects')).body.rows;
		expect(settled.map((r: Record<string, unknown>) => [r.line, r.resolution, r.resolutionReason])).toEqual([
			[5, 'dropped', 'left the practice in 2019'],
			[3, 'fixed', null]
		]);
		const audit = await ws.all<{ action: string; detail: string }>(
			`select action, detail::varchar as detail from ferry.audit_log where action like 'import.reject_%' order by id`
		);
		expect(audit.map((a) => a.action)).toEqual(['import.reject_fixed', 'import.reject_dropped']);
		expect(audit.map((a) => a.detail).join(' ')).not.toMatch(/Bo Chen|practice/); // line numbers, never the row
	});

	it('the fixed text must read as exactly one row', () => {
		expect(parseFixedRow('a,"b\nc",d\n', ',', 3)).toEqual(['a', 'b\nc', 'd']);
		expect(parseFixedRow('a,,d', ',', 3)).toEqual(['a', null, 'd']);
		expect(() => parseFixedRow('a,b,c\nd,e,f', ',', 3)).toThrow(/reads as 2 rows/);
		expect(() => parseFixedRow('abc… [12 more characters not kept]', ',', 1)).toThrow(/too long to keep whole/);
	});
});
