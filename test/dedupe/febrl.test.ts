// The public FEBRL benchmark's dataset1, imported from its own file (headers rec_id,
// given_name, surname, … soc_sec_id; birth dates YYYYMMDD) and deduplicated with the
// defaults: roles found, weights estimated, and the pairwise quality floor held.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as dedupe from '../../src/lib/server/dedupe/index.js';
import { generateLayout } from '../../src/lib/server/generate/layouts.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';

const FEBRL = path.resolve('../shared/benchmarks/febrl');

/** FEBRL's file with only its ", " separator made ","; duplicate groups from rec-<N>-org / rec-<N>-dup-<k>. */
function febrl(name: string): { dir: string; groups: string[][] } {
	const text = fs.readFileSync(path.join(FEBRL, `${name}.csv`), 'utf8').replaceAll(', ', ',');
	const byPerson = new Map<string, string[]>();
	for (const line of text.trimEnd().split('\n').slice(1)) {
		const id = line.split(',')[0];
		const person = id.split('-')[1];
		byPerson.set(person, [...(byPerson.get(person) ?? []), id]);
	}
	return { dir: exportFolder({ 'patients.csv': text }), groups: [...byPerson.values()].filter((g) => g.length > 1) };
}

describe('FEBRL dataset1 with the default settings', () => {
	it('finds the roles from its headers and values and reaches the quality floor', async () => {
		const { dir, groups } = febrl('dataset1');
		const ws = await freshWorkspace('febrl');
		await importExport(ws, dir);
		const s = await dedupe.loadSettings(ws);
		expect(s.roles).toMatchObject({
			patient_id: 'rec_id',
			first_name: 'given_name',
			last_name: 'surname',
			date_of_birth: 'date_of_birth',
			street_number: 'street_number',
			address: 'address_1',
			address_2: 'address_2',
			suburb: 'suburb',
			postcode: 'postcode',
			state: 'state',
			identifier: 'soc_sec_id',
			email: null
		});
		const run = await dedupe.runDedupe(ws);
		expect(run.warnings).toEqual([]);
		const norm = await ws.one<{ dob: number }>(`select count(dob)::integer as dob from dedupe.records`);
		expect(norm!.dob).toBeGreaterThan(950); // YYYYMMDD read; a few of FEBRL's dates are invalid
		const q = await dedupe.pairwiseQuality(ws, groups);
		expect(q.truePairs).toBe(500);
		expect(q.precision).toBeGreaterThanOrEqual(0.98);
		expect(q.recall).toBeGreaterThanOrEqual(0.97);
		// The estimated model: agreement on a surname is evidence for, disagreement against.
		const w = await ws.all<{ name: string; weight: number }>(
			`select name, weight from dedupe.model where comparison = 'last' and name in ('exact', 'other') order by name`
		);
		expect(w[0].weight).toBeGreaterThan(3);
		expect(w[1].weight).toBeLessThan(-1);
		// Every pair keeps its per-field weights, and the score is the prior plus their sum.
		const p = await ws.one<{ off: number }>(
			`select max(abs(score - ${run.model.prior} - list_sum(list_transform(parts, x -> x.weight))))::double as off from dedupe.pairs`
		);
		expect(p!.off).toBeLessThan(0.1);
	});

	it('warns about a role with no usable values and a run with no candidates', async () => {
		const ws = await freshWorkspace('febrl-warn');
		await importExport(
			ws,
			exportFolder({ 'patients.csv': 'rec_id,given_name,surname,date_of_birth\nr1,ann,lee,unknown\nr2,bo,ng,unknown\nr3,cy,ho,unknown\n' })
		);
		const s = await dedupe.loadSettings(ws);
		await dedupe.saveSettings(ws, { ...s, roles: { ...s.roles, date_of_birth: 'date_of_birth' } });
		const run = await dedupe.runDedupe(ws);
		expect(run.pairs).toBe(0);
		expect(run.warnings).toContainEqual(expect.stringMatching(/role date_of_birth: none of the 3 values of 'date_of_birth' could be read/));
		expect(run.warnings).toContainEqual(expect.stringMatching(/^0 candidate pairs/));
	});

	it('finds the patients table and its roles on a layout with other names (and does not take visit dates for phones)', async () => {
		const ws = await freshWorkspace('layout');
		await importExport(
			ws,
			exportFolder({
				'clients.csv':
					'Client No,Given,Family,Born,Gender,Medicare No,Contact,Notes,Visit\nC1,Ann,Lee,19800201,F,2123456781,0412 345 678,hello,2024-01-01\nC2,Anne,Lee,1980-02-01,F,2123456781,0412345678,x,2024-02-01\nC3,Bo,Ng,03/04/1975,M,3123456789,0298765432,y,2024-03-01\n',
				'visits.csv': 'Visit ID,Client No,Date\nV1,C1,2024-01-01\n'
			})
		);
		expect(await dedupe.patientSource(ws)).toMatchObject({ table: 'clients' });
		const s = await dedupe.loadSettings(ws);
		expect(s.table).toBe('clients');
		expect(Object.fromEntries(Object.entries(s.roles).filter(([, v]) => v))).toEqual({
			patient_id: 'client_no',
			first_name: 'given',
			last_name: 'family',
			date_of_birth: 'born',
			sex: 'gender',
			mobile_phone: 'contact',
			identifier: 'medicare_no'
		});
		const run = await dedupe.runDedupe(ws);
		expect(run).toMatchObject({ records: 3, clusters: 1, warnings: [] });
		const c = await ws.one<{ members: string[] }>(`select members from dedupe.clusters`);
		expect(c!.members).toEqual(['C1', 'C2']); // YYYYMMDD and ISO birth dates are one date
	});

	it('on the harbour layout, flags twins and never clusters them, and estimates how many candidates are duplicates', async () => {
		// Patients only, with many twins and many addresses written over two lines ("C/- Post Office\n56 Maple Lane").
		const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-harbour-')), 'export');
		const truth = await generateLayout({
			out,
			layout: 'harbour',
			patients: 1500,
			seed: 5,
			patientsOnly: true,
			dirt: { twins: 0.05, addressNewline: 0.3 }
		});
		const ws = await freshWorkspace('harbour');
		await importExport(ws, exportFolder({ 'clients.csv': fs.readFileSync(path.join(out, 'clients.csv')) }));
		const run = await dedupe.runDedupe(ws);
		const id = (v: string) => `CL-${v.replace(/\D/g, '').slice(-6).padStart(6, '0')}`; // the layout's client numbers
		const twins = truth.twinPairs.map((p) => p.map(id));
		expect(twins.length).toBeGreaterThan(40);
		const pairs = `[${twins.map(([a, b]) => `['${a}', '${b}']`).join(', ')}]`;
		// Twins whose records still read as twins (a typo in a birth date or surname makes them merely different people).
		const s = await dedupe.loadSettings(ws);
		const src = `(select trim("${s.roles.patient_id}") as patient_id, nullif(trim("${s.roles.address}"), '') as address_raw from raw."${s.table}")`;
		const seen = await ws.one<{ alike: number; flagged: number; careOf: number }>(
			`select count(*)::integer as alike, count(*) filter (where twin)::integer as flagged,
				count(*) filter (where a.address_raw <> b.address_raw and contains(a.address_raw || b.address_raw, chr(10)))::integer as careOf
			from dedupe.pairs p join ${src} a on a.patient_id = p.left_id join ${src} b on b.patient_id = p.right_id
			join dedupe.records ra on ra.rid = p.l join dedupe.records rb on rb.rid = p.r
			where (list_contains(${pairs}, [left_id, right_id]) or list_contains(${pairs}, [right_id, left_id])) and ra.dob = rb.dob and ra.last = rb.last`
		);
		expect(seen!.alike).toBeGreaterThan(30);
		expect(seen!.careOf).toBeGreaterThan(3); // the case the harbour run at 50k missed: one address line written two ways
		expect(seen!.flagged).toBe(seen!.alike);
		const together = await ws.one<{ n: number }>(
			`select count(*)::integer as n from dedupe.cluster_members a join dedupe.cluster_members b using (cluster_id)
			where list_contains(${pairs}, [a.patient_id, b.patient_id])`
		);
		expect(together!.n).toBe(0);
		// EM's expected matches are the duplicates among the candidates, not all of them.
		const groups = truth.duplicateGroups.map((g) => g.map(id));
		const q = await dedupe.pairwiseQuality(ws, groups);
		const { candidates } = await dedupe.blockingRecall(ws, groups);
		expect(run.model.expectedMatches).toBeGreaterThan(0.8 * candidates);
		expect(run.model.expectedMatches).toBeLessThan(1.25 * candidates);
		expect(run.model.matchShare).toBeLessThan(0.9);
		expect(run.model.prior).toBeCloseTo(Math.log2(run.model.randomMatch / (1 - run.model.randomMatch)), 6);
		expect(q.precision).toBeGreaterThanOrEqual(0.98);
	});
});
