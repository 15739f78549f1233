// db/duckdb-strings.ts reads DuckDB's private string_t layout through a pointer. This test is the
// tripwire for a DuckDB upgrade: the fast path must be on for the pinned @duckdb/node-api and
// give byte-for-byte what the safe path (the node-api's own getItem) gives, on every length
// class — empty, inline (≤ 12 bytes), the 12/13 boundary, long, multi-byte characters split
// across it — with nulls, across chunks. If the layout changes, this fails before a user sees
// garbled text; then check the layout and move PINNED_NODE_API.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksToArrow } from '../../src/lib/server/db/arrow.js';
import { fastPathState, PINNED_NODE_API, readSlots } from '../../src/lib/server/db/duckdb-strings.js';

const CLASSES = [
	'',
	'a',
	'twelve bytes',
	'thirteen byte',
	'eleven char' + 'é', // 13 bytes: a 2-byte character across the inline boundary
	'ten chars.' + '€', // 13 bytes: a 3-byte character ending past the boundary
	'Zoë',
	'🙂',
	'x'.repeat(16),
	'Ärger — Did Not Arrive 🙂 '.repeat(3),
	'y'.repeat(4096),
	'long ünïcødé '.repeat(400)
];

let db: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
	db = await DuckDBInstance.create(':memory:');
	conn = await db.connect();
	await conn.run(`create table t(i int, s varchar)`);
	const app = await conn.createAppender('t');
	// 5000 rows: several DuckDB chunks; every class at every position, a null every 7th row.
	for (let i = 0; i < 5000; i++) {
		app.appendInteger(i);
		if (i % 7 === 3) app.appendNull();
		else app.appendVarchar(CLASSES[i % CLASSES.length]);
		app.endRow();
	}
	app.closeSync();
});
afterAll(() => {
	conn.closeSync();
	db.closeSync();
});

async function both(sql: string) {
	const result = await conn.run(sql);
	const names = result.deduplicatedColumnNames();
	const typeIds = names.map((_, i) => result.columnTypeId(i));
	const chunks = await result.fetchAllChunks();
	return { fast: chunksToArrow(chunks, names, typeIds), safe: chunksToArrow(chunks, names, typeIds, { safe: true }) };
}

/** Same Arrow type, null count and buffers (Arrow numbers each dictionary, so IPC bytes differ). */
function same(a: Table, b: Table): boolean {
	const [x, y] = [a.getChild('s')!.data[0], b.getChild('s')!.data[0]];
	const bytes = (u?: ArrayLike<number>) => Buffer.from(u ? Uint8Array.from(u) : []);
	return (
		String(x.type) === String(y.type) &&
		x.nullCount === y.nullCount &&
		bytes(x.values).equals(bytes(y.values)) &&
		bytes(x.valueOffsets).equals(bytes(y.valueOffsets)) &&
		bytes(x.dictionary?.data[0].values).equals(bytes(y.dictionary?.data[0].values))
	);
}

describe('the DuckDB string fast path', () => {
	it(`is on for the pinned @duckdb/node-api ${PINNED_NODE_API} (a new version: check the string_t layout, then move the pin)`, async () => {
		const state = fastPathState();
		expect(state.reason, 'fast path is off').toBeUndefined();
		expect(state).toEqual({ active: true, installed: PINNED_NODE_API });
		// …and a VARCHAR vector still has the shape it reads (else it would fall back silently).
		const chunk = (await (await conn.run(`select s from t`)).fetchChunk())!;
		expect(
			readSlots(
				chunk.getColumnVector(0),
				chunk.rowCount,
				() => {},
				() => {}
			),
			'the VARCHAR vector no longer exposes dataView/validity'
		).toBe(true);
	});

	it('gives exactly what the safe path gives, for every length class, nulls and unicode', async () => {
		const { fast, safe } = await both(`select s from t order by i`);
		const expected = Array.from({ length: 5000 }, (_, i) => (i % 7 === 3 ? null : CLASSES[i % CLASSES.length]));
		for (const [path, table] of Object.entries({ fast, safe })) {
			const got = [...(table.getChild('s')!.toArray() as unknown[])];
			expect(got.length, path).toBe(5000);
			for (let i = 0; i < got.length; i++)
				if (got[i] !== expected[i])
					expect.fail(
						`${path} path, row ${i}: ${JSON.stringify(String(got[i]).slice(0, 40))} instead of ${JSON.stringify(String(expected[i]).slice(0, 40))}`
					);
		}
		expect(same(fast, safe)).toBe(true);
	});

	it('agrees on dictionary-encoded pages too (few distinct values, inline and not)', async () => {
		const { fast, safe } = await both(
			`select case when i % 5 = 0 then null else ['ok', 'thirteen byte', 'Ärger ünïcødé long value'][i % 3 + 1] end as s from range(3000) r(i)`
		);
		expect(fast.schema.fields[0].type.toString()).toMatch(/^Dictionary/);
		expect([...(fast.getChild('s')!.toArray() as unknown[])]).toEqual([...(safe.getChild('s')!.toArray() as unknown[])]);
		expect(same(fast, safe)).toBe(true);
	});
});
