// The REST filter and order_by grammar [TWENTY.md §1.2], parsed without a server.
import { describe, expect, it } from 'vitest';
import { parseRestOrderBy } from '../../src/lib/server/sandbox/query/order.js';
import { parseRestFilter } from '../../src/lib/server/sandbox/query/rest-filter.js';

describe('REST filter grammar', () => {
	it('[TWENTY.md §1.2] field[op]:value', () => {
		expect(parseRestFilter('jobTitle[eq]:Nurse')).toEqual({ kind: 'cmp', path: ['jobTitle'], op: 'eq', value: 'Nurse' });
	});
	it('[TWENTY.md §1.2] a bare comma list is and(...) (add-default-conjunction.util.ts)', () => {
		expect(parseRestFilter('a[eq]:1,b[eq]:2')).toMatchObject({ kind: 'and', items: [{ path: ['a'] }, { path: ['b'] }] });
	});
	it('[TWENTY.md §1.2] nested and/or/not; not takes exactly one child', () => {
		const f = parseRestFilter('or(a[eq]:1,and(b[gt]:2,not(c[is]:NULL)))');
		expect(f).toMatchObject({
			kind: 'or',
			items: [{ kind: 'cmp' }, { kind: 'and', items: [{ op: 'gt' }, { kind: 'not', item: { op: 'is', value: 'NULL' } }] }]
		});
		expect(() => parseRestFilter('not(a[eq]:1,b[eq]:2)')).toThrow(/'filter' invalid/);
	});
	it('[TWENTY.md §1.2] quoted values keep commas and parentheses; quotes are stripped', () => {
		expect(parseRestFilter('name.firstName[ilike]:"%a,(b)%"')).toMatchObject({ path: ['name', 'firstName'], value: '%a,(b)%' });
	});
	it('[TWENTY.md §1.2] in and containsAny take [a,b]', () => {
		expect(parseRestFilter('id[in]:["x",y]')).toMatchObject({ op: 'in', value: ['x', 'y'] });
		expect(() => parseRestFilter('id[in]:x')).toThrow(/'filter' invalid for 'id\[in\]:x'/);
	});
	it('[TWENTY.md §1.2] unknown comparators and unbalanced parentheses are 400s', () => {
		expect(() => parseRestFilter('a[like2]:x')).toThrow(/'filter' invalid/);
		expect(() => parseRestFilter('and(a[eq]:1')).toThrow(/'filter' invalid/);
	});
	it('[TWENTY.md §1.2] order_by: field[Dir] list; default AscNullsFirst', () => {
		expect(parseRestOrderBy('name.firstName[DescNullsLast],createdAt')).toEqual([
			{ path: ['name', 'firstName'], direction: 'DescNullsLast' },
			{ path: ['createdAt'], direction: 'AscNullsFirst' }
		]);
		expect(() => parseRestOrderBy('a[Up]')).toThrow(/direction 'Up' invalid/);
	});
});
