// The committed sample (data/sample, 500 patients, seed 1) carries every kind of
// dirt EXPORT.md lists, and is exactly what the generator writes today.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateExport, GroundTruthSchema, OVERSIZE_BYTES, PICKLISTS, type GroundTruth } from '../../src/lib/server/generate/index.js';
import { hashTree, objects, readTable, sha256 } from './csv.js';

const dir = path.resolve('data/sample');
const truthFile = path.resolve('data/sample.truth.json');
let truth: GroundTruth;
let patients: Array<Record<string, string>>;
let tmp: string;

beforeAll(() => {
	truth = GroundTruthSchema.parse(JSON.parse(fs.readFileSync(truthFile, 'utf8')));
	patients = objects(dir, 'patients.csv', truth);
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-sample-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const all = (file: string) => objects(dir, file, truth);
const column = (file: string, name: string) => all(file).map((r) => r[name]);

describe('data/sample', () => {
	it('is what `ferry generate --patients 500 --seed 1` writes today', async () => {
		await generateExport({ out: path.join(tmp, 'sample'), patients: 500, seed: 1 });
		expect(hashTree(path.join(tmp, 'sample'))).toEqual(hashTree(dir));
		expect(sha256(path.join(tmp, 'sample.truth.json'))).toBe(sha256(truthFile));
	});

	it('spreads encodings, line ends and delimiters over its files', () => {
		const f = truth.files;
		expect(new Set(Object.values(f).map((m) => m.delimiter))).toEqual(new Set([',', ';', '\t', '|']));
		expect(f['patients.csv']).toMatchObject({ encoding: 'utf-8-bom', lineEnding: 'CRLF' });
		expect(f['staff.csv']).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
		expect(f['appointments.csv']).toMatchObject({ encoding: 'utf-8', lineEnding: 'LF' });
		const patientsBytes = readTable(dir, 'patients.csv', truth).bytes;
		expect([...patientsBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(patientsBytes.includes('\r\n')).toBe(true);
		// Windows-1252: accented letters are single bytes, which UTF-8 cannot read back.
		const staff = readTable(dir, 'staff.csv', truth).bytes;
		expect(staff.some((b) => b >= 0xc0)).toBe(true);
		expect(staff.toString('utf8')).toContain('\ufffd');
	});

	it('has duplicate patients of every kind, and twins that are not duplicates', () => {
		const byId = new Map(patients.map((p) => [p['Patient ID'], p]));
		expect(truth.duplicateGroups.length).toBeGreaterThan(20);
		const share = truth.patients.duplicateRecords / truth.patients.records;
		expect(share).toBeGreaterThan(0.07);
		expect(share).toBeLessThan(0.11);
		for (const kind of ['typo_first', 'typo_last', 'swapped_names', 'nickname', 'married_surname', 'email_changed', 'email_missing'])
			expect(truth.patients.duplicateVariants[kind] ?? 0, kind).toBeGreaterThan(0);
		for (const group of truth.duplicateGroups) for (const id of group) expect(byId.has(id)).toBe(true);
		expect(truth.twinPairs.length).toBeGreaterThan(0);
		for (const [x, y] of truth.twinPairs) {
			const [p, q] = [byId.get(x)!, byId.get(y)!];
			expect(q['Last Name'].replace(/^ZZ /, '')).toBe(p['Last Name'].replace(/^ZZ /, ''));
			// Same home, though either record may carry address dirt (a line break, a unit moved up).
			const street = (r: Record<string, string>) => r['Address Line 1'].split('\n').find((l) => /^\d/.test(l));
			expect(street(q)).toBe(street(p));
			expect(q.City).toBe(p.City);
			expect(q['First Name']).not.toBe(p['First Name']);
			expect(truth.duplicateGroups.flat()).not.toContain(y);
		}
	});

	it('has missing, invalid and formula emails, and phones in several formats', () => {
		const emails = column('patients.csv', 'Email');
		const valid = /^[^\s@,]+@[^\s@,]+\.[a-z]{2,}$/i;
		const missing = emails.filter((e) => !e).length / emails.length;
		expect(missing).toBeGreaterThan(0.05);
		expect(emails.filter((e) => e && !valid.test(e.trim()) && !e.startsWith('=')).length).toBeGreaterThan(5);
		const mobiles = column('patients.csv', 'Mobile Phone').filter(Boolean);
		for (const re of [/^\+61 4\d\d \d{3} \d{3}$/, /^04\d\d \d{3} \d{3}$/, /^04\d\d-\d{3}-\d{3}$/, /^\+614\d{8}$/])
			expect(
				mobiles.some((m) => re.test(m)),
				String(re)
			).toBe(true);
		const homes = column('patients.csv', 'Home Phone').filter(Boolean);
		expect(homes.some((h) => /^\(0\d\) \d{4} \d{4}/.test(h))).toBe(true);
		expect(homes.some((h) => /(ext\.?|x) ?\d+$/i.test(h))).toBe(true);
	});

	it('mixes date formats, Excel serials and future birth dates', () => {
		const dobs = column('patients.csv', 'Date of Birth');
		expect(dobs.some((d) => /^\d{2}\/\d{2}\/\d{4}$/.test(d))).toBe(true);
		expect(dobs.some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
		expect(dobs.some((d) => /^\d{5}$/.test(d))).toBe(true);
		expect(dobs.some((d) => /^\d{2}\/\d{2}\/\d{4}$/.test(d) && Number(d.slice(-4)) > 2026)).toBe(true);
		const starts = column('appointments.csv', 'Starts At');
		expect(starts.some((s) => /[+-]\d\d:\d\d$/.test(s))).toBe(true);
		expect(starts.some((s) => /Z$/.test(s))).toBe(true);
		expect(starts.some((s) => /^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(s))).toBe(true);
		expect(truth.files['appointments.csv'].damaged.utc_day_shift).toBeGreaterThan(0);
		expect(column('invoices.csv', 'Issue Date').some((d) => /^\d{5}$/.test(d))).toBe(true);
	});

	it('carries Excel damage: lost leading zeros and long ids in scientific notation', () => {
		const nt = patients.filter((p) => p.State.trim().toUpperCase() === 'NT');
		expect(nt.some((p) => /^\d{3}$/.test(p.Postcode))).toBe(true);
		expect(nt.some((p) => /^0\d{3}$/.test(p.Postcode))).toBe(true);
		expect(column('patients.csv', 'External Ref').some((r) => /^\d\.\d+E\+17$/.test(r))).toBe(true);
		expect(column('patients.csv', 'External Ref').some((r) => /^\d{18}$/.test(r))).toBe(true);
		expect(column('invoices.csv', 'Appointment ID').some((r) => /^5\.14811E\+17$/.test(r))).toBe(true);
		expect(column('appointments.csv', 'Appointment ID').every((r) => /^\d{18}$/.test(r))).toBe(true);
	});

	it('has mojibake, embedded line breaks and formula-looking cells', () => {
		const text = (file: string) => all(file).flatMap((r) => Object.values(r));
		expect(text('patients.csv').some((v) => /Ã[\u0080-\u00ff]/.test(v))).toBe(true);
		for (const [file, col] of [
			['patients.csv', 'Address Line 1'],
			['invoices.csv', 'Description'],
			['insurance_providers.csv', 'Address Line 1']
		])
			expect(
				column(file, col).some((v) => v.includes('\n')),
				`${file} ${col}`
			).toBe(true);
		expect(column('patients.csv', 'Email').some((v) => v.startsWith('=HYPERLINK('))).toBe(true);
		expect(column('patients.csv', 'Preferred Name').some((v) => v.startsWith('@'))).toBe(true);
		expect(column('patients.csv', 'Mobile Phone').some((v) => v.startsWith('+61'))).toBe(true);
		expect(column('insurance_providers.csv', 'Website').some((v) => v.startsWith('=HYPERLINK('))).toBe(true);
	});

	it('has pick-list values with stray case, retired values and values missing from picklists.csv', () => {
		const lists = all('picklists.csv');
		const listed = new Set(lists.map((r) => `${r.Field}|${r.Value}`));
		expect(lists.some((r) => r.Active === 'No')).toBe(true);
		const statuses = column('appointments.csv', 'Status');
		const types = column('appointments.csv', 'Appointment Type');
		expect(types.some((t) => t !== t.trim() || (t && t === t.toLowerCase()))).toBe(true);
		expect(statuses).toContain('Late Cancellation');
		expect(listed.has('Appointment Status|Late Cancellation')).toBe(true);
		expect(statuses).toContain('No Show');
		expect(listed.has('Appointment Status|No Show')).toBe(false);
		expect(PICKLISTS['Appointment Type'].active.slice(0, 5)).toEqual([
			'New Patient',
			'Follow-up',
			'Procedure',
			'Telehealth',
			'Urgent Care'
		]);
	});

	it('spreads appointment state over flags in some rows', () => {
		const rows = all('appointments.csv');
		expect(rows.some((r) => r.Status === '' && r.Arrived === 'Yes')).toBe(true);
		expect(rows.some((r) => r.Status === '' && r['Did Not Arrive'] === 'Yes')).toBe(true);
		expect(rows.some((r) => r['Cancelled At'] !== '')).toBe(true);
	});

	it('has note bodies in plain text, HTML and RTF, one over 100 KB', () => {
		const bodies = column('clinical_notes.csv', 'Body');
		expect(bodies.some((b) => b.startsWith('<div'))).toBe(true);
		expect(bodies.some((b) => b.startsWith('{\\rtf1'))).toBe(true);
		expect(bodies.some((b) => b.startsWith('S: '))).toBe(true);
		const notes = all('clinical_notes.csv');
		const long = notes.filter((n) => Buffer.byteLength(n.Body) >= 100 * 1024).map((n) => n['Note ID']);
		expect(long).toEqual(truth.longNotes);
	});

	it('has orphans exactly where the truth says', () => {
		const ids = new Set(patients.map((p) => p['Patient ID']));
		const key: Record<string, string> = {
			'appointments.csv': 'Appointment ID',
			'clinical_notes.csv': 'Note ID',
			'invoices.csv': 'Invoice ID'
		};
		for (const [file, idCol] of Object.entries(key)) {
			const { header, rows } = readTable(dir, file, truth);
			const pid = header.indexOf('Patient ID');
			const id = header.indexOf(idCol);
			const orphans = rows.filter((r) => !ids.has(r.fields[pid])).map((r) => r.fields[id]);
			expect(orphans.length, file).toBeGreaterThan(0);
			expect(orphans, file).toEqual(truth.orphans[file]);
		}
		for (const id of truth.missingPatientIds) expect(ids.has(id)).toBe(false);
	});

	it('has a circular location chain, staff without email, and archived patients flagged or not', () => {
		const parent = new Map(all('locations.csv').map((l) => [l['Location ID'], l['Parent Location ID']]));
		const cyclic = [...parent.keys()].filter((start) => {
			let at = parent.get(start);
			for (let i = 0; i < parent.size && at; i++) {
				if (at === start) return true;
				at = parent.get(at);
			}
			return false;
		});
		expect(cyclic.sort()).toEqual([...truth.circularLocations].sort());
		const staff = all('staff.csv');
		expect(staff.filter((s) => !s.Email).map((s) => s['Staff ID'])).toEqual(truth.staffWithoutEmail);
		expect(staff.some((s) => /[^\x00-\x7f]/.test(s['First Name'] + s['Last Name']))).toBe(true);
		const byId = new Map(patients.map((p) => [p['Patient ID'], p]));
		expect(truth.archived.flagged.length).toBeGreaterThan(0);
		expect(truth.archived.unflagged.length).toBeGreaterThan(0);
		for (const id of truth.archived.unflagged) expect(['No', '']).toContain(byId.get(id)!.Archived);
		for (const id of truth.archived.deleted) expect(byId.get(id)!.Archived).toBe('Deleted');
	});

	it('has attachments whose file is missing, empty, or exactly one over 25 MB', () => {
		const rows = new Map(all('attachments.csv').map((r) => [r['Attachment ID'], r]));
		const file = (id: string) => path.join(dir, rows.get(id)!.Path);
		expect(truth.attachments.missing.length).toBeGreaterThan(0);
		for (const id of truth.attachments.missing) expect(fs.existsSync(file(id))).toBe(false);
		expect(truth.attachments.empty.length).toBeGreaterThan(0);
		for (const id of truth.attachments.empty) expect(fs.statSync(file(id)).size).toBe(0);
		expect(truth.attachments.oversize).toHaveLength(1);
		expect(fs.statSync(file(truth.attachments.oversize[0])).size).toBe(OVERSIZE_BYTES);
		expect(OVERSIZE_BYTES).toBeGreaterThan(25 * 1024 * 1024);
		const ok = [...rows.values()].filter((r) => fs.existsSync(path.join(dir, r.Path)) && r['Size Bytes'] !== '0');
		for (const r of ok) expect(fs.statSync(path.join(dir, r.Path)).size).toBe(Number(r['Size Bytes']));
		const head = (r: Record<string, string>) => fs.readFileSync(path.join(dir, r.Path)).subarray(0, 8);
		expect(ok.some((r) => head(r).toString('latin1').startsWith('%PDF-'))).toBe(true);
		expect(ok.some((r) => head(r).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))).toBe(true);
		expect(ok.some((r) => r['Content Type'] === 'text/plain')).toBe(true);
	});

	it('has one malformed row of each kind, listed with its line', () => {
		expect(truth.malformedRows.map((m) => m.kind).sort()).toEqual(['ragged_extra', 'ragged_short', 'stray_quote']);
	});
});
