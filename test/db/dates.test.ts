// Date text → dates and UTC instants in plain SQL (no try_strptime, which crashed DuckDB under
// parallel reads): both day orders, two-digit years as Excel reads them, zones, and dates that
// do not exist (null, never rolled into the next month).
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateSql, datetimeSql } from '../../src/lib/server/mapping/transforms.js';
import type { DuckDBConnection } from '@duckdb/node-api';

let c: DuckDBConnection;
beforeAll(async () => {
	c = await (await DuckDBInstance.create(':memory:')).connect();
});

async function eval_(sql: string, inputs: string[]): Promise<Array<string | null>> {
	const rows = (
		await c.runAndReadAll(
			`select ${sql} as v from (select unnest($1::varchar[]) as x, generate_subscripts($1::varchar[], 1) as i) order by i`,
			[listValue(inputs)]
		)
	).getRowObjectsJS();
	return rows.map((r) => r.v as string | null);
}

describe('dates in the declared order', () => {
	const inputs = [
		'2024-03-01',
		'2024-3-1',
		'01/03/2024',
		'1/3/2024',
		'01-03-2024',
		'01.03.2024',
		'01/03/24 10:05',
		'04/07/65',
		'04/07/29',
		'04/07/30',
		'2024-03-01T23:30:00+10:00',
		'45000',
		'31/02/2024',
		'13/13/2024',
		'not known',
		''
	];
	it('DMY', async () => {
		expect(await eval_(dateSql('x', 'DMY'), inputs)).toEqual([
			'2024-03-01',
			'2024-03-01',
			'2024-03-01',
			'2024-03-01',
			'2024-03-01',
			'2024-03-01',
			'2024-03-01',
			'1965-07-04',
			'2029-07-04',
			'1930-07-04',
			'2024-03-01',
			'2023-03-15',
			null,
			null,
			null,
			null
		]);
	});
	it('MDY', async () => {
		expect(await eval_(dateSql('x', 'MDY'), inputs)).toEqual([
			'2024-03-01',
			'2024-03-01',
			'2024-01-03',
			'2024-01-03',
			'2024-01-03',
			'2024-01-03',
			'2024-01-03',
			'1965-04-07',
			'2029-04-07',
			'1930-04-07',
			'2024-03-01',
			'2023-03-15',
			null,
			null,
			null,
			null
		]);
	});
});

describe('date-times as UTC instants', () => {
	it('offsets are honoured; times without one are the clinic zone; impossible times are null', async () => {
		const inputs = [
			'2024-03-01T10:00:00Z',
			'2024-03-01T10:00:00+10:00',
			'2024-3-1 10:00:00-0530',
			'2024-03-01T10:00:00.123+11',
			'2024-03-01 20:00',
			'01/03/2024 20:00',
			'45000.5',
			'2024-02-30T10:00:00Z',
			'2024-03-01T25:00:00Z',
			'soon'
		];
		expect(await eval_(datetimeSql('x', 'DMY', 'Australia/Sydney'), inputs)).toEqual([
			'2024-03-01T10:00:00.000Z',
			'2024-03-01T00:00:00.000Z',
			'2024-03-01T15:30:00.000Z',
			'2024-02-29T23:00:00.000Z',
			'2024-03-01T09:00:00.000Z',
			'2024-03-01T09:00:00.000Z',
			'2023-03-15T01:00:00.000Z',
			null,
			null,
			null
		]);
	});
});
