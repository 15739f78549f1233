// The logger's rule: ids, codes, numbers and route patterns pass; anything that could be a
// patient value (a name, an email, a phone, a date, free text, a raw URL) is never written.
import { afterEach, describe, expect, it } from 'vitest';
import { counts, errorKind, formatLine, log, parseLevel, REDACTED, safeString, setSink } from '../../src/lib/server/log/index.js';

const saved = process.env.FERRY_LOG;
afterEach(() => {
	if (saved === undefined) delete process.env.FERRY_LOG;
	else process.env.FERRY_LOG = saved;
});

describe('log', () => {
	it('keeps ids, codes, numbers and route patterns', () => {
		for (const s of [
			'patient:100123',
			'location:LOC02',
			'appointment:514811000000001172',
			'0b3c9a3e-1111-4222-8333-444455556666',
			'GET',
			'people',
			'taskTargets',
			'snap_3',
			'patients.csv',
			'raw.patients',
			'loader.push',
			'TypeError',
			'Error',
			'/api/workspaces/:ws/loader/runs/:id',
			'/rest/people/0b3c9a3e-1111-4222-8333-444455556666',
			'/w/:ws/load',
			'sample'
		])
			expect(safeString(s), s).toBe(true);
	});

	it('refuses names, emails, phones, dates, free text and raw URLs', () => {
		for (const s of [
			'Matilda',
			'Désirée',
			'Matilda Wallace',
			'matilda.wallace@gmail.com',
			'0487 999 204',
			'0289484794',
			'+61487999204',
			'(02) 4072 6319',
			'16/08/1975',
			'1975-08-16',
			'19750816',
			'S: Pt presents with low mood',
			'/api/workspaces/sample/query?sql=select',
			'name:Smith',
			'/w/sample/Matilda Wallace',
			'x'.repeat(65),
			'Patients.csv',
			"o'brien",
			'a<b>'
		])
			expect(safeString(s), s).toBe(false);
	});

	it('writes one line per event with only safe fields, at the level chosen', () => {
		const lines: string[] = [];
		const prev = setSink((l) => lines.push(l));
		try {
			process.env.FERRY_LOG = 'debug';
			log.debug('api.request', {
				method: 'GET',
				route: '/api/workspaces/:ws',
				status: 200,
				ms: 3,
				who: 'Matilda Wallace',
				'bad key': 1,
				skipped: undefined
			});
			log.trace('twenty.request', { method: 'POST' });
			log.info('Not an event name', {});
			process.env.FERRY_LOG = 'trace';
			log.trace('twenty.request', { method: 'POST', path: '/rest/people', status: 201 });
		} finally {
			setSink(prev);
		}
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(
			/^\d{4}-\d\d-\d\dT[\d:.]+Z debug api\.request method=GET route=\/api\/workspaces\/:ws status=200 ms=3 who=\[redacted\] \[redacted\]=1$/
		);
		expect(lines[1]).toMatch(/ trace twenty\.request method=POST path=\/rest\/people status=201$/);
		expect(lines.join('\n')).not.toMatch(/Matilda/);
	});

	it('gives error kinds, not messages; arrays as counts; levels named clearly', () => {
		expect(errorKind(new TypeError('Matilda Wallace'))).toBe('TypeError');
		expect(errorKind(Object.assign(new Error('x'), { name: 'Matilda Wallace' }))).toBe('Error');
		expect(errorKind('boom')).toBe('NonError');
		expect(counts({ batches: [1, 2, 3], records: 4, nested: { a: 1 }, key: 'patient:1' })).toEqual({
			batches: 3,
			records: 4,
			key: 'patient:1'
		});
		expect(formatLine('info', 'x', { v: { a: 1 } as never })).toMatch(new RegExp(`v=\\${REDACTED.slice(0, -1)}\\]$`));
		expect(parseLevel('TRACE')).toBe('trace');
		expect(() => parseLevel('loud')).toThrow(/FERRY_LOG='loud' is not a log level: use one of error, warn, info, debug, trace/);
	});
});
