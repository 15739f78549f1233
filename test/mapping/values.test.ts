// Issue 14: values in every common form, read the same whatever the export's layout.
import { describe, expect, it } from 'vitest';
import { canonical, dateSql, datetimeSql, emailLookup, moneyMicrosSql } from '../../src/lib/server/mapping/index.js';
import { dateOrderEvidence } from '../../src/lib/server/mapping/propose.js';
import { placeZoneSql } from '../../src/lib/server/mapping/zones.js';
import { freshWorkspace } from '../helpers.js';

const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;

describe('values in every common form', () => {
	it('dates: ISO, day or month first, YYYYMMDD, Excel serials, two-digit years, 12- and 24-hour times', async () => {
		const ws = await freshWorkspace('values');
		const one = async (sql: string) => Object.values((await ws.one<Record<string, unknown>>(`select ${sql} as v`))!)[0];
		expect(await one(dateSql(lit('26/07/2023'), 'DMY'))).toBe('2023-07-26');
		expect(await one(dateSql(lit('07/26/2023'), 'MDY'))).toBe('2023-07-26');
		expect(await one(dateSql(lit('20230726'), 'DMY'))).toBe('2023-07-26');
		expect(await one(dateSql(lit('45133'), 'DMY'))).toBe('2023-07-26');
		expect(await one(dateSql(lit('04/07/65'), 'DMY'))).toBe('1965-07-04');
		expect(await one(dateSql(lit('04/07/21'), 'DMY'))).toBe('2021-07-04');
		expect(await one(dateSql(lit('01/01/2012 4:08 PM'), 'DMY'))).toBe('2012-01-01');
		expect(await one(dateSql(lit('31/02/2023'), 'DMY'))).toBeNull();
		// Wall-clock times in Sydney (AEST, +10 in July).
		expect(await one(datetimeSql(lit('26/07/2023 4:15 PM'), 'DMY', 'Australia/Sydney'))).toBe('2023-07-26T06:15:00.000Z');
		expect(await one(datetimeSql(lit('07/26/2023 12:05 AM'), 'MDY', 'Australia/Sydney'))).toBe('2023-07-25T14:05:00.000Z');
		expect(await one(datetimeSql(lit('26/07/2023 12:30 pm'), 'DMY', 'Australia/Sydney'))).toBe('2023-07-26T02:30:00.000Z');
		expect(await one(datetimeSql(lit('20230726 14:30'), 'DMY', 'Australia/Sydney'))).toBe('2023-07-26T04:30:00.000Z');
		expect(await one(datetimeSql(lit('2023-07-26T16:15:00+09:30'), 'DMY', 'Australia/Sydney'))).toBe('2023-07-26T06:45:00.000Z');
		// A site's own zone wins over the map's: 9:00 in Perth is 01:00 UTC.
		expect(await one(datetimeSql(lit('26/07/2023 9:00 AM'), 'DMY', 'Australia/Sydney', `'Australia/Perth'`))).toBe(
			'2023-07-26T01:00:00.000Z'
		);
	});

	it('each site its zone from its state, else its postcode', async () => {
		const ws = await freshWorkspace('zones');
		const zone = async (state: string, postcode: string) =>
			(await ws.one<{ z: string | null }>(`select ${placeZoneSql(lit(state), lit(postcode))} as z`))!.z;
		expect(await zone('WA', '6000')).toBe('Australia/Perth');
		expect(await zone('Northern Territory', '')).toBe('Australia/Darwin');
		expect(await zone(' sa ', '')).toBe('Australia/Adelaide');
		expect(await zone('', '800')).toBe('Australia/Darwin');
		expect(await zone('', '4000')).toBe('Australia/Brisbane');
		expect(await zone('', '')).toBeNull();
	});

	it('money with symbols, codes, thousands separators and parenthesised negatives', async () => {
		const ws = await freshWorkspace('money');
		const micros = async (v: string) => (await ws.one<{ v: bigint | null }>(`select ${moneyMicrosSql(lit(v))} as v`))!.v;
		expect(await micros('$1,234.50')).toBe(1_234_500_000n);
		expect(await micros('($12.00)')).toBe(-12_000_000n);
		expect(await micros('AUD 1,234.50')).toBe(1_234_500_000n);
		expect(await micros('-$5.25')).toBe(-5_250_000n);
		expect(await micros('n/a')).toBeNull();
	});

	it('internationalised emails are kept, broken ones are not', () => {
		expect(emailLookup('Renée.Dupont@Example.com')).toBe('renée.dupont@example.com');
		expect(emailLookup('josé@correo.es')).toBe('josé@correo.es');
		expect(emailLookup('two@@signs.com')).toBeNull();
		expect(emailLookup('no spaces@x.com')).toBeNull();
	});

	it('the order of numeric dates is read from the column itself, and said', () => {
		expect(dateOrderEvidence(['03/04/2020', '25/12/2021', '01/02/2003'])).toMatchObject({
			order: 'DMY',
			reason: expect.stringMatching(/day first: 1 of 3/)
		});
		expect(dateOrderEvidence(['03/04/2020', '12/25/2021'])).toMatchObject({ order: 'MDY' });
		expect(dateOrderEvidence(['03/04/2020', '01/02/2003'])).toBeNull();
		expect(canonical('D.O.B.')).toBe('date of birth');
		expect(canonical('Booking Ref')).toBe('appointment id');
	});
});
