// Bad input: each validation error, merged duplicates' children, unconfirmed fields blocking
// (module and API), exports that never let a spreadsheet evaluate a cell.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { openWorkspace, type Workspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import {
	compileMapping,
	confirmFields,
	fillLookups,
	loadMapping,
	makeOptions,
	mappingCsv,
	mappingXlsx,
	planSchema,
	saveMapping,
	validateMapping,
	type Mapping
} from '../../src/lib/server/mapping/index.js';
import { sourceSelect } from '../../src/lib/server/mapping/compile.js';
import type { ObjectMetadata } from '../../src/lib/server/twenty/index.js';
import { apiCaller } from '../support/api.js';

const TOKEN = 'test-token-mapping';
const api = createApi({ token: TOKEN });
let ws: Workspace;
let base: Mapping;

const call = apiCaller(api, { token: TOKEN, prefix: () => `/api/workspaces/${ws.name}` });

beforeAll(async () => {
	ws = await openWorkspace(`mapval-${process.pid}`, { create: true });
	await importExport(ws, path.resolve('data/sample'));
	base = await loadMapping(ws);
}, 30_000);

const copy = (): Mapping => structuredClone(base);
const field = (m: Mapping, source: string, target: string) =>
	m.sources.find((s) => s.id === source)!.fields.find((f) => f.target === target)!;
const codes = async (m: Mapping, meta?: ObjectMetadata[]) => (await validateMapping(ws, m, meta)).errors.map((e) => e.code);

describe('validation', () => {
	it('the default map has no errors on the sample', async () => {
		expect((await validateMapping(ws, base)).errors).toEqual([]);
	});

	it('missing source column', async () => {
		const m = copy();
		field(m, 'patients', 'dateOfBirth').column = 'birth_date';
		const v = await validateMapping(ws, m);
		expect(v.errors[0]).toMatchObject({ code: 'missing_column', target: 'dateOfBirth' });
		expect(v.errors[0].message).toMatch(/source column birth_date is not in patients/);
	});

	it('two sources for one target field', async () => {
		const m = copy();
		m.sources.find((s) => s.id === 'patients')!.fields.push({ ...field(m, 'patients', 'name.firstName'), column: 'preferred_name' });
		expect(await codes(m)).toContain('duplicate_target');
	});

	it('select value outside the options, with offending values and counts', async () => {
		const m = copy();
		const f = field(m, 'patients', 'billingStatus');
		f.options = f.options!.filter((o) => o.value !== 'OVERDUE');
		const e = (await validateMapping(ws, m)).errors.find((x) => x.code === 'select_value')!;
		expect(e.values).toEqual([{ value: expect.stringMatching(/overdue/i), count: 29 }]);
	});

	it('type mismatch with an existing Twenty field, and a relation to an object that does not exist yet', async () => {
		const meta: ObjectMetadata[] = ['person', 'company', 'task', 'note', 'taskTarget', 'noteTarget', 'attachment', 'workspaceMember'].map(
			(o) => ({
				id: o,
				nameSingular: o,
				namePlural: `${o}s`,
				labelSingular: o,
				labelPlural: o,
				fields: o === 'person' ? [{ id: 'f', name: 'dateOfBirth', label: 'DOB', type: 'TEXT' }] : []
			})
		);
		const m = copy();
		field(m, 'patients', 'clinicLocationId').relation!.object = 'clinicSite';
		const c = await codes(m, meta);
		expect(c).toContain('type_mismatch');
		expect(c).toContain('missing_relation_object');
		expect(planSchema(m, meta).conflicts.find((x) => x.field === 'dateOfBirth')?.message).toMatch(/TEXT, the mapping writes DATE/);
	});

	it('a broken SQL override names the field', async () => {
		const m = copy();
		field(m, 'patients', 'salutation').sql = 'upper(s.no_such_column)';
		const e = (await validateMapping(ws, m)).errors[0];
		expect(e).toMatchObject({ code: 'sql_error', target: 'salutation' });
	});
});

describe('merged duplicates', () => {
	it("children of a merged-away patient point at the survivor's id; golden values win", async () => {
		await ws.run(`insert or replace into ferry.patient_survivors values ('100002', '100001'), ('100001', '100001')`);
		await ws.run(`insert or replace into ferry.golden_values values ('100001', 'email', 'chosen@example.com')`);
		const m = copy();
		for (const s of m.sources) for (const f of s.fields) f.confirmed = true;
		field(m, 'patients', 'insuranceCarrierId').unresolved = 'send-without'; // issue 13: compile hands the choice to the loader
		await compileMapping(ws, m);
		expect(await ws.all(`select plural, field from stage.optional_links`)).toEqual([{ plural: 'people', field: 'insuranceCarrierId' }]);
		const ids = await ws.all<{ source_key: string; id: string }>(
			`select source_key, id from stage.people where source_key in ('patient:100001', 'patient:100002')`
		);
		expect(ids.map((r) => r.source_key)).toEqual(['patient:100001']);
		const targets = await ws.all<{
			t: string;
		}>(`select distinct json_extract_string(payload, '$.targetPersonId') as t from stage."taskTargets" tt
			join raw.appointments a on tt.source_key = 'taskTarget:' || trim(a.appointment_id) where trim(a.patient_id) = '100002'`);
		expect(targets.length).toBeGreaterThan(0);
		expect(targets.map((r) => r.t)).toEqual([ids[0].id]);
		await ws.run(`delete from ferry.patient_survivors; delete from ferry.golden_values`);
	}, 20_000);
});

describe('API', () => {
	it('an optional relation is held back or sent without its record, as a person chooses; nothing else can be', async () => {
		await saveMapping(ws, base);
		const patch = (json: unknown) => call('/mapping/field', { method: 'PATCH', json });
		const ok = await patch({ source: 'patients', target: 'insuranceCarrierId', unresolved: 'send-without' });
		expect(ok.status).toBe(200);
		expect(field((await ok.json()) as Mapping, 'patients', 'insuranceCarrierId')).toMatchObject({
			unresolved: 'send-without',
			confirmed: false
		});
		const required = await patch({ source: 'appointmentTargets', target: 'taskId', unresolved: 'send-without' });
		expect([required.status, (await required.json()).error]).toEqual([
			400,
			expect.stringMatching(/taskId is required: a record cannot be sent without it/)
		]);
		const text = await patch({ source: 'patients', target: 'emergencyContactName', unresolved: 'send-without' });
		expect([text.status, (await text.json()).error]).toEqual([
			400,
			expect.stringMatching(/only a relation can be sent without its record/)
		]);
		const bad = await call('/mapping/fields/set', { method: 'POST', json: { field: 'patients.clinicLocationId', unresolved: 'maybe' } });
		expect([bad.status, (await bad.json()).error]).toEqual([
			400,
			expect.stringMatching(/unresolved 'maybe' is not one of: hold, send-without/)
		]);
		const back = await call('/mapping/fields/set', { method: 'POST', json: { field: 'patients.insuranceCarrierId', unresolved: 'hold' } });
		expect(back.status).toBe(200);
		expect(field(await loadMapping(ws), 'patients', 'insuranceCarrierId').unresolved).toBeUndefined();
		await saveMapping(ws, base);
	});

	it("a role's column named by a person is checked against the role and the table (PUT /mapping/tables/:table)", async () => {
		const put = (json: unknown) => call('/mapping/tables/staff', { method: 'PUT', json });
		const col = await put({ role: 'staff', columns: { email: 'pager' } });
		expect([col.status, (await col.json()).error]).toEqual([
			400,
			expect.stringMatching(/'pager' \(for email\) is not a column of staff: staff_id, /)
		]);
		const ref = await put({ role: 'staff', columns: { shoe_size: 'email' } });
		expect([ref.status, (await ref.json()).error]).toEqual([
			400,
			expect.stringMatching(/'shoe_size' is not a column of the staff role: name one of first_name, last_name, email/)
		]);
	});

	it('refuses while fields are unconfirmed (409) and names them', async () => {
		await saveMapping(ws, base);
		const res = await call('/mapping/ready');
		expect(res.status).toBe(409);
		expect((await res.json()).error).toMatch(/not confirmed: \d+ field\(s\) unconfirmed \(companies\.name/);
		expect((await call('/mapping/confirm', { method: 'POST', json: { object: 'companies', confirmed: 'yes' } })).status).toBe(400);
		await confirmFields(ws, { confirmed: true });
		expect((await call('/mapping/ready')).status).toBe(200);
	});

	it('validation, preview of 20 records, override, exports', async () => {
		const v = await (await call('/mapping/validation')).json();
		expect(v.errors).toEqual([]);
		const p = await (await call('/mapping/preview?source=patients')).json();
		expect(p).toHaveLength(20);
		expect(JSON.parse(p[0].payload).name.firstName).toBeTruthy();
		const o = await call('/mapping/field', { method: 'PATCH', json: { source: 'patients', target: 'salutation', sql: '+1' } });
		expect(o.status).toBe(200);
		expect((await call('/mapping/ready')).status).toBe(409); // the override needs confirming again
		const csv = await (await call('/mapping/export.csv')).text();
		expect(csv).toContain(`,'+1,`);
		expect(csv.split('\r\n')[0]).toMatch(/^object,stage view,source/);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await (await call('/mapping/export.xlsx')).arrayBuffer()) as ArrayBuffer);
		const cells = book.worksheets[0].getSheetValues().flat().map(String);
		expect(cells).toContain("'+1");
		expect(cells.some((c) => /^[=+@]/.test(c))).toBe(false);
		expect(mappingCsv(base)).not.toMatch(/(^|,)[=+@]/m);
		expect((await mappingXlsx(base)).length).toBeGreaterThan(1000);
	});
});

describe('unused pick-list values', () => {
	it('appointment types and billing statuses defined but never used are flagged for admin review (module and API)', async () => {
		// The sample uses its pick-lists' appointment types and billing statuses (Consult and Open credit too,
		// though inactive); only the Sex pick-list's "Not stated" is used by no patient.
		const flagged = (await validateMapping(ws, base)).warnings.filter((w) => w.code === 'unused_option');
		expect(flagged.map((w) => [w.target, w.values!.map((x) => x.value)])).toEqual([['sex', ['Not stated']]]);
		expect(
			Number(
				(await ws.one<{ n: bigint }>(`select count(*) as n from raw.patients where lower(trim(sex)) in ('not stated', 'not_stated')`))!.n
			)
		).toBe(0);
		const m = copy();
		const billing = field(m, 'patients', 'billingStatus');
		billing.options = [...billing.options!, ...makeOptions(['Written Off'])];
		const type = field(m, 'appointments', 'appointmentType');
		type.options = [...type.options!, ...makeOptions(['Hydrotherapy', 'Group Class'])];
		const v = await validateMapping(ws, m);
		const unused = v.warnings.filter((w) => w.code === 'unused_option');
		expect(Object.fromEntries(unused.map((u) => [u.target, u.values!.map((x) => x.value)]))).toEqual({
			sex: ['Not stated'],
			billingStatus: ['Written Off'],
			appointmentType: ['Hydrotherapy']
		});
		expect(unused.find((u) => u.target === 'billingStatus')!.message).toBe(
			'person.billingStatus: pick-list value(s) defined but never used, for admin review: Written Off'
		);
		expect(v.errors).toEqual([]); // a review note, not a blocker
		// Once a record uses it, it is no longer flagged.
		billing.sql = `case when trim(s.patient_id) = '100001' then 'Written Off' else s.billing_status end`;
		expect((await validateMapping(ws, m)).warnings.find((w) => w.code === 'unused_option' && w.target === 'billingStatus')).toBeUndefined();
		billing.sql = undefined;
		await saveMapping(ws, m);
		const api = await (await call('/mapping/validation')).json();
		expect(
			api.warnings
				.filter((w: { code: string }) => w.code === 'unused_option')
				.map((w: { target: string; values: unknown }) => [w.target, w.values])
		).toEqual([
			['sex', [{ value: 'Not stated', count: 0 }]],
			['billingStatus', [{ value: 'Written Off', count: 0 }]],
			['appointmentType', [{ value: 'Hydrotherapy', count: 0 }]]
		]);
		await saveMapping(ws, base);
	});
});

describe('"map to…" for pick-list values outside the options', () => {
	it('maps a stray value to an existing option or a new one; compile and validation apply it; bad requests say why', async () => {
		const m = copy();
		const billing = field(m, 'patients', 'billingStatus');
		billing.options = billing.options!.filter((o) => o.value !== 'OVERDUE');
		await saveMapping(ws, m);
		const patients = m.sources.find((s) => s.id === 'patients')!;
		const staged = async (value: string) => {
			const map = await loadMapping(ws);
			await fillLookups(ws, map);
			const sql = sourceSelect(
				map.sources.find((s) => s.id === 'patients')!,
				map,
				{ includeUnconfirmed: true }
			);
			return Number((await ws.one<{ n: bigint }>(`select count(*) as n from (${sql}) where payload->>'billingStatus' = $1`, [value]))!.n);
		};
		const before = await staged(billing.options![0].value);

		const stray = await (await call(`/mapping/values?field=${patients.id}.billingStatus`)).json();
		expect(stray.values).toEqual([{ value: expect.stringMatching(/overdue/i), count: 29 }]);
		const to = stray.options[0].value;
		const mapped = await call('/mapping/values', {
			method: 'POST',
			json: { field: 'person.billingStatus', value: ` ${stray.values[0].value.toUpperCase()} `, to }
		});
		expect(mapped.status).toBe(200);
		expect((await mapped.json()).values).toEqual([]);
		expect(await staged(to)).toBe(before + 29);
		expect((await validateMapping(ws, await loadMapping(ws))).errors.filter((e) => e.code === 'select_value')).toEqual([]);

		// Changed mind: a new option of its own; the first option no longer claims it.
		const again = await (
			await call('/mapping/values', {
				method: 'POST',
				json: { field: 'patients.billingStatus', value: 'overdue', to: 'LATE_PAYER', label: 'Late payer' }
			})
		).json();
		expect(again.options.find((o: { value: string }) => o.value === 'LATE_PAYER')).toMatchObject({
			label: 'Late payer',
			aliases: ['overdue']
		});
		expect(again.options.find((o: { value: string }) => o.value === to).aliases).not.toContain('overdue');
		expect(await staged('LATE_PAYER')).toBe(29);
		expect(await staged(to)).toBe(before);

		const bad = async (json: unknown) => {
			const r = await call('/mapping/values', { method: 'POST', json });
			return [r.status, (await r.json()).error];
		};
		expect(await bad({ field: 'patients.dateOfBirth', value: 'x' })).toEqual([400, expect.stringMatching(/DATE field .*only pick-list/)]);
		expect(await bad({ field: 'patients.billingStatus', value: 'Overdue', to: 'not snake' })).toEqual([
			400,
			expect.stringMatching(/UPPER_SNAKE/)
		]);
		expect(await bad({ field: 'patients.billingStatus', value: '  ' })).toEqual([400, expect.stringMatching(/value/)]);
		expect((await call('/mapping/values?field=nope.x')).status).toBe(404);
		await saveMapping(ws, base);
	});
});
