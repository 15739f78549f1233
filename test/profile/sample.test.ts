// The profile's sampling: a large table gets exact rows, nulls, distincts and email validity
// from a full scan, and top values and phone/date formats from a sample, scaled to the table;
// a small table is its own sample, so every count is exact.
import { describe, expect, it } from 'vitest';
import { profileTable, SAMPLE_ROWS } from '../../src/lib/server/profile/columns.js';
import { freshWorkspace } from '../helpers.js';

const ROWS = 150_000;
const source = (rows: number) => `select 'A' || i as id,
	case when i % 10 < 6 then 'Booked' when i % 10 < 9 then 'Done' else 'Cancelled' end as status,
	case when i % 7 = 0 then null when i % 4 = 0 then '(02) 9' || lpad((i % 1000)::varchar, 3, '0') || ' 1234' else '04' || lpad((i % 100)::varchar, 2, '0') || ' 345 678' end as mobile_phone,
	case when i % 5 = 0 then 'someone' || i || '@' else 'p' || i || '@example.com' end as email,
	case when i % 3 = 0 then 'x' || i || '@example.org' else 'y' || i || '@example.org' end as contact
	from range(${rows}) t(i)`;

async function table(rows: number) {
	const ws = await freshWorkspace('profile-sample');
	await ws.run(`create schema if not exists raw`);
	await ws.run(`create table main.src_${rows} as ${source(rows)}`);
	await ws.run(`create view raw.visits as select * from main.src_${rows}`);
	return ws;
}

describe('profile sampling', () => {
	it('counts a large table exactly where it scans it all and estimates from a sample where it does not', async () => {
		expect(ROWS).toBeGreaterThan(SAMPLE_ROWS);
		const ws = await table(ROWS);
		const p = await profileTable(ws, 'visits');
		expect(p.rows).toBe(ROWS);
		expect(p.sampleRows).toBeLessThan(ROWS);
		expect(p.sampleRows).toBeGreaterThan(SAMPLE_ROWS / 2);
		const col = (n: string) => p.columns.find((c) => c.name === n)!;
		// Exact: nulls and email validity.
		const phoneNulls = Math.floor((ROWS - 1) / 7) + 1;
		expect(col('mobile_phone').nulls).toBe(phoneNulls);
		expect(col('email').classes).toEqual([
			{ label: 'valid email', count: ROWS - ROWS / 5, ok: true },
			{ label: 'invalid email', count: ROWS / 5, ok: false }
		]);
		// Estimated from the sample and scaled: within a few percent of the truth.
		const near = (got: number, want: number) => expect(Math.abs(got - want) / want).toBeLessThan(0.06);
		expect(col('status').top.map((t) => t.value)).toEqual(['Booked', 'Done', 'Cancelled']);
		near(col('status').top[0].count, ROWS * 0.6);
		near(col('status').top[2].count, ROWS * 0.1);
		const formats = col('mobile_phone').classes;
		expect(formats.map((f) => f.label)).toEqual(['9999 999 999', '(99) 9999 9999']);
		const nonNull = ROWS - phoneNulls;
		near(formats[1].count, nonNull / 4);
		// A column of emails found by its content: valid share from the sample.
		expect(col('contact').kind).toBe('email');
		near(col('contact').classes[0].count, ROWS);
		// No value of an id column is common: it is mostly unique and has no top values; the status has.
		expect({ unique: col('id').mostlyUnique, top: col('id').top }).toEqual({ unique: true, top: [] });
		expect(col('status').mostlyUnique).toBe(false);
	});

	it('samples a raw view that is not a plain select of one table too (through the view)', async () => {
		const ws = await freshWorkspace('profile-sample');
		await ws.run(`create schema if not exists raw`);
		await ws.run(`create table main.src as ${source(ROWS)}`);
		await ws.run(`create view raw.visits as select * from main.src where id <> 'A1'`);
		const p = await profileTable(ws, 'visits');
		expect(p.rows).toBe(ROWS - 1);
		expect(p.sampleRows).toBeLessThan(ROWS);
		expect(p.columns.find((c) => c.name === 'status')!.top.map((t) => t.value)).toEqual(['Booked', 'Done', 'Cancelled']);
	});

	it('a small table is its own sample: top values and formats are exact counts', async () => {
		const ws = await table(3_000);
		const p = await profileTable(ws, 'visits');
		expect(p.sampleRows).toBe(3_000);
		const col = (n: string) => p.columns.find((c) => c.name === n)!;
		expect(col('status').top).toEqual([
			{ value: 'Booked', count: 1_800 },
			{ value: 'Done', count: 900 },
			{ value: 'Cancelled', count: 300 }
		]);
		const truth = await ws.all<{ n: bigint }>(`select count(*) as n from raw.visits where mobile_phone like '(%'`);
		expect(col('mobile_phone').classes.find((f) => f.label === '(99) 9999 9999')!.count).toBe(Number(truth[0].n));
		expect(col('contact').classes).toEqual([
			{ label: 'valid email', count: 3_000, ok: true },
			{ label: 'invalid email', count: 0, ok: false }
		]);
	});
});
