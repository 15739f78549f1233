// Text columns go from DuckDB's chunks to Arrow as bytes: dictionary-encoded when a page has
// few distinct values, plain Utf8 otherwise. Both must give back exactly what DuckDB holds.
import { tableFromIPC, Type } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { queryArrow } from '../../src/lib/server/db/index.js';
import { freshWorkspace } from '../helpers.js';

// 5000 rows span several DuckDB chunks (2048 rows each); values mix inline (≤ 12 bytes) and
// out-of-line strings, non-ASCII text and nulls.
const SQL = `select i,
	case when i % 11 = 0 then null else ['Booked', 'Did Not Arrive — Ärger', 'Completed', 'x'][i % 4 + 1] end as status,
	case when i % 13 = 0 then null else 'appointment-' || i || '-ünïcødé-' || repeat('z', i % 30) end as unique_text,
	'P' || (i % 700) as patient,
	case when i % 2 = 0 then '' else null end as empties
	from range(5000) t(i) order by i`;

describe('queryArrow text columns', () => {
	it('round-trips low- and high-cardinality text exactly, across chunks, with nulls', async () => {
		const ws = await freshWorkspace('arrow');
		const expected = await ws.all<Record<string, unknown>>(SQL);
		const page = await ws.withConnection((c) => queryArrow(c, SQL, { offset: 0, limit: 5000 }));
		const t = tableFromIPC(page.ipc);
		expect(t.numRows).toBe(5000);
		for (const col of ['status', 'unique_text', 'patient', 'empties']) {
			const got = t.getChild(col)!.toArray() as unknown[];
			expect([...got], col).toEqual(expected.map((r) => r[col]));
		}
	});

	it('dictionary-encodes repeated values and keeps unique ones plain, chosen from the page', async () => {
		const ws = await freshWorkspace('arrow');
		const t = tableFromIPC((await ws.withConnection((c) => queryArrow(c, SQL, { offset: 0, limit: 5000 }))).ipc);
		expect(t.schema.fields.find((f) => f.name === 'status')!.type.typeId).toBe(Type.Dictionary);
		expect(t.schema.fields.find((f) => f.name === 'patient')!.type.typeId).toBe(Type.Dictionary);
		expect(t.schema.fields.find((f) => f.name === 'unique_text')!.type.typeId).toBe(Type.Utf8);
		// A ten-row page of the same query: every value distinct there, so plain text.
		const small = tableFromIPC((await ws.withConnection((c) => queryArrow(c, `select 'P' || i as patient from range(10) t(i)`))).ipc);
		expect(small.getChild('patient')!.toArray()).toEqual(Array.from({ length: 10 }, (_, i) => `P${i}`));
	});

	it('is much smaller than the same rows as JSON when values repeat', async () => {
		const ws = await freshWorkspace('arrow');
		const sql = `select ['Booked', 'Completed', 'Cancelled'][i % 3 + 1] as status, 'LOC0' || (i % 9) as location from range(20000) t(i)`;
		const page = await ws.withConnection((c) => queryArrow(c, sql, { offset: 0, limit: 20000 }));
		const json = JSON.stringify(await ws.all(sql));
		expect(page.ipc.byteLength * 5).toBeLessThan(Buffer.byteLength(json));
	});
});
