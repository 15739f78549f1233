// The proposer on headers it has never seen: synonyms, other order, extra columns.
import { describe, expect, it } from 'vitest';
import { importExport } from '../../src/lib/server/ingest/index.js';
import {
	canonical,
	loadMapping,
	mappingCsv,
	nameScore,
	previewSource,
	proposeMapping,
	validateMapping
} from '../../src/lib/server/mapping/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';

const PATIENTS = [
	'Surname,Legacy Code,Given Name,DOB,E-mail Address,Cell,Client Number,Gender,Account Status,Balance Owing',
	...Array.from({ length: 40 }, (_, i) =>
		[
			`Lee${i}`,
			`L${i * 7}`,
			`Ann${i}`,
			`0${(i % 9) + 1}/03/19${50 + i}`,
			`ann${i}@example.com`,
			`04${String(12345678 + i * 1111).slice(0, 8)}`,
			`${100 + i}`,
			i % 2 ? 'Female' : 'Male',
			['Paid', 'Pending', 'Overdue'][i % 3],
			`${i}.50`
		].join(',')
	)
].join('\n');

describe('proposer', () => {
	it('folds synonyms onto the reference wording', () => {
		expect(canonical('DOB')).toBe('date of birth');
		expect(canonical('E-mail Address')).toBe('email');
		expect(nameScore('last name', 'Surname')).toBe(1);
		expect(nameScore('last name', 'Legacy Code')).toBeLessThan(0.5);
	});

	it('proposes renamed, reordered columns with confidence and reason, and leaves extras out', async () => {
		const ws = await freshWorkspace('prop');
		await importExport(ws, exportFolder({ 'patients.csv': PATIENTS }));
		const { mapping, columns } = await proposeMapping(ws);
		const p = mapping.sources.find((s) => s.id === 'patients')!;
		const col = (target: string) => p.fields.find((f) => f.target === target)!;
		expect(p.keyColumn).toBe('client_number');
		expect(col('name.lastName').column).toBe('surname');
		expect(col('name.firstName').column).toBe('given_name');
		expect(col('dateOfBirth')).toMatchObject({ column: 'dob', confirmed: false });
		expect(col('dateOfBirth').reason).toMatch(/header 'dob' means 'date_of_birth'; 100% of sampled values look like date/);
		expect(col('emails.primaryEmail').column).toBe('e_mail_address');
		expect(col('phones.primary').column).toBe('cell');
		expect(col('billingStatus').column).toBe('account_status');
		expect(col('outstandingBalance.amountMicros').column).toBe('balance_owing');
		expect(col('emails.primaryEmail').confidence).toBeGreaterThan(0.9);
		expect(p.leftOut.find((l) => l.column === 'legacy_code')?.why).toMatch(/unknown column/);
		expect(columns.find((c) => c.reference === 'home_phone')?.column).toBeNull();
	});
});

describe('an export with less than the reference layout', () => {
	it('proposes a map that validates for what is there: fields and joins it cannot feed are set aside with why', async () => {
		const ws = await freshWorkspace('prop-less');
		await importExport(ws, exportFolder({ 'patients.csv': PATIENTS }));
		const { mapping } = await proposeMapping(ws);
		const p = mapping.sources.find((s) => s.id === 'patients')!;
		// No patient_insurance table: its join and the plan fields go; no address columns: the address goes.
		expect(p.joins.map((j) => j.alias)).not.toContain('ins');
		expect(p.notInExport).toEqual(
			expect.arrayContaining([
				{ target: 'homeAddress.addressStreet1', why: "no column of patients looks like 'address_line_1'" },
				expect.objectContaining({
					target: 'insurancePlanName',
					why: expect.stringMatching(/^join ins cannot be read: .*patient_insurance/)
				})
			])
		);
		const v = await validateMapping(ws, mapping);
		expect(v.errors.filter((e) => e.source === 'patients')).toEqual([]);
		const preview = await previewSource(ws, mapping, 'patients', 5);
		expect(preview).toHaveLength(5);
		expect(JSON.parse(preview[0].payload)).toMatchObject({ name: { lastName: expect.stringMatching(/^Lee/) } });
		// The field-level document says it too.
		expect(mappingCsv(mapping)).toMatch(
			/homeAddress\.addressStreet1,.*not in this export: no column of patients looks like 'address_line_1'/
		);
	});

	it('the default map on such an export: one error per join it cannot read (not one per field), and the preview names it', async () => {
		const ws = await freshWorkspace('prop-join');
		await importExport(ws, exportFolder({ 'patients.csv': PATIENTS }));
		const m = await loadMapping(ws);
		const v = await validateMapping(ws, m);
		const own = v.errors.filter((e) => e.source === 'patients');
		expect(own.filter((e) => e.code === 'broken_join')).toEqual([
			expect.objectContaining({ message: expect.stringMatching(/^patients: join ins cannot be read: .*patient_insurance/) })
		]);
		expect(own.filter((e) => e.code === 'sql_error')).toEqual([]);
		await expect(previewSource(ws, m, 'patients')).rejects.toMatchObject({
			status: 400,
			message: expect.stringMatching(/join ins cannot be read/)
		});
	});
});
