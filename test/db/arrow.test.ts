// The Arrow paging API without a browser: types survive, pages are exact, totals are right.
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { queryArrow } from '../../src/lib/server/db/index.js';
import { freshWorkspace } from '../helpers.js';

describe('queryArrow', () => {
	it('pages a million-row result without materialising it', async () => {
		const ws = await freshWorkspace('arrow');
		const page = await ws.withConnection((c) =>
			queryArrow(c, 'select range as n, range % 7 = 0 as sevens from range(1000000)', { offset: 999_990, limit: 100 })
		);
		expect(page).toMatchObject({ total: 1_000_000, offset: 999_990, rows: 10 });
		const t = tableFromIPC(page.ipc);
		expect(t.getChild('n')?.get(0)).toBe(999_990n);
		expect(t.getChild('sevens')?.toArray()).toHaveLength(10);
	});

	it('maps DuckDB types to Arrow types and keeps nulls', async () => {
		const ws = await freshWorkspace('arrow');
		const sql = `select 1::integer as i, 2.5::double as d, 12.34::decimal(10,2) as m, date '2026-06-30' as day,
			timestamp '2026-06-30 09:30:00' as ts, 'text' as s, null::varchar as empty, [1,2] as list, {'a': 1} as rec, true as b`;
		const t = tableFromIPC((await ws.withConnection((c) => queryArrow(c, sql))).ipc);
		const row = t.get(0)!.toJSON();
		expect(row).toMatchObject({ i: 1, d: 2.5, m: 12.34, s: 'text', empty: null, list: '[1,2]', rec: '{"a":1}', b: true });
		expect(new Date(row.day as number).toISOString()).toBe('2026-06-30T00:00:00.000Z');
		expect(new Date(row.ts as number).toISOString()).toBe('2026-06-30T09:30:00.000Z');
	});
});
