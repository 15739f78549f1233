// Delta detection against the later export's ground truth: exactly the new, changed and vanished
// records move, in the tables that changed and nowhere else; records are browsable with their
// values before and after; vanished ones are reported, not deleted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExport } from '../../src/lib/server/generate/index.js';
import { FerryError } from '../../src/lib/server/errors.js';
import { generateLater, type LaterTruth } from '../../src/lib/server/generate/later.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { deltaRecords, deltaSummary, detectDelta } from '../../src/lib/server/delta/index.js';
import { createApi } from '../../src/lib/server/api/index.js';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { freshWorkspace } from '../helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-delta-'));
const earlier = path.join(tmp, 'earlier');
const later = path.join(tmp, 'later');
let truth: LaterTruth;
let ws: Workspace;

beforeAll(async () => {
	await generateExport({ out: earlier, patients: 80, seed: 11 });
	truth = generateLater({ from: earlier, out: later, seed: 5 });
	ws = await freshWorkspace('delta');
	await importExport(ws, earlier);
});

const sorted = (xs: string[]) => [...xs].sort();

describe('later export', () => {
	it('is deterministic and leaves untouched files byte for byte', () => {
		const again = path.join(tmp, 'again');
		expect(generateLater({ from: earlier, out: again, seed: 5 })).toEqual(truth);
		for (const f of ['patients.csv', 'appointments.csv', 'invoices.csv', 'staff.csv'])
			expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(later, f)))).toBe(true);
		for (const f of ['invoices.csv', 'clinical_notes.csv', 'staff.csv', 'automations.json'])
			expect(fs.readFileSync(path.join(later, f)).equals(fs.readFileSync(path.join(earlier, f)))).toBe(true);
		expect(truth.changes['patients.csv'].new.length).toBe(3);
		expect(truth.changes['appointments.csv'].new.length).toBe(20);
	});

	it('refuses an export without ground truth or the same folder, naming the problem', () => {
		expect(() => generateLater({ from: earlier, out: earlier })).toThrow(/--out must differ/);
		expect(() => generateLater({ from: tmp, out: path.join(tmp, 'x') })).toThrow(/no patients.csv/);
	});
});

describe('delta detection', () => {
	it('needs two snapshots and says so', async () => {
		await expect(detectDelta(ws)).rejects.toThrow(FerryError);
		await expect(detectDelta(ws)).rejects.toThrow(/has 1 snapshot: import a later export/);
	});

	it('finds exactly the new, changed and vanished records of the ground truth', async () => {
		await importExport(ws, later);
		const d = await detectDelta(ws);
		expect([d.from, d.to]).toEqual([1, 2]);
		const byTable = Object.fromEntries(d.tables.map((t) => [t.table, t]));
		for (const [file, want] of Object.entries(truth.changes)) {
			const table = file.replace(/\.csv$/, '');
			for (const change of ['new', 'changed', 'vanished'] as const) {
				const got = await ws.all<{ source_id: string }>(`select source_id from delta.records where table_name = $1 and change = $2`, [
					table,
					change
				]);
				expect(sorted(got.map((r) => r.source_id)), `${table} ${change}`).toEqual(sorted(want[change]));
			}
		}
		expect(byTable.patients.keyColumns).toEqual(['patient_id']);
		expect(byTable.patient_insurance.keyColumns).toEqual(['patient_id', 'insurer_id']);
		const untouched = d.tables.filter((t) => !['patients', 'appointments'].includes(t.table));
		for (const t of untouched) expect([t.table, t.new + t.changed + t.vanished]).toEqual([t.table, 0]);
		expect(byTable.picklists.note).toMatch(/no id column/);
		// nothing deleted: the earlier snapshot still holds the vanished patient
		const gone = truth.changes['patients.csv'].vanished[0];
		expect((await ws.one<{ n: number }>(`select count(*)::int n from snap_1.patients where patient_id = $1`, [gone]))!.n).toBe(1);
	});

	it('shows records with their values before and after and the columns that differ', async () => {
		const changed = await deltaRecords(ws, { table: 'patients', change: 'changed', limit: 5 });
		expect(changed.total).toBe(truth.changes['patients.csv'].changed.length);
		expect(changed.records).toHaveLength(5);
		for (const r of changed.records) {
			expect(sorted(r.differs)).toEqual(['email', 'mobile_phone']);
			expect(r.after!.email).toMatch(/@later\.example$/);
			expect(r.before!.email).not.toBe(r.after!.email);
		}
		const vanished = await deltaRecords(ws, { table: 'appointments', change: 'vanished' });
		expect(vanished.records.map((r) => r.after)).toEqual([null, null]);
		expect(vanished.records.every((r) => r.before?.appointment_id === r.sourceId)).toBe(true);
		const summary = await deltaSummary(ws);
		expect(summary.totals.new).toBe(23);
		await expect(deltaRecords(ws, { table: 'nope' })).rejects.toThrow(/no table 'nope'/);
	});

	it('answers over the API with counts per table and pages of records', async () => {
		const api = createApi({ token: 'delta-token-1' });
		const get = (p: string) =>
			api.request(`http://127.0.0.1/api/workspaces/${ws.name}${p}`, { headers: { authorization: 'Bearer delta-token-1' } });
		const s = await (await get('/delta')).json();
		expect(s.totals).toEqual({ new: 23, changed: 17, vanished: 3 });
		const page = await (await get('/delta/appointments?change=new&limit=3')).json();
		expect(page.total).toBe(20);
		expect(page.records).toHaveLength(3);
		const bad = await get('/delta/appointments?change=gone');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/change/);
	});
});
