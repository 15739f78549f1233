// Issue 14: exports in layouts Ferry's map was not written for (`ferry generate --layout`), taken
// through import → propose with no edits → dedupe → compile → push to the sandbox → validate,
// with counts checked against each layout's truth.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLayout } from '../../src/lib/server/generate/layouts.js';
import { scoreLayout } from '../../src/lib/server/generate/layout-score.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import {
	applySchemaPlan,
	columnStats,
	compileMapping,
	confirmFields,
	previewTable,
	loadMapping,
	proposeMapping,
	resolveStaff,
	saveMapping,
	setField,
	setTableRole,
	staffRoster,
	tableRoles,
	tableWithRole,
	unsetField,
	validateMapping
} from '../../src/lib/server/mapping/index.js';
import { autoMerge, childCounts, ensureDedupe, loadSettings, runDedupe } from '../../src/lib/server/dedupe/index.js';
import { detectDelta } from '../../src/lib/server/delta/index.js';
import { patientTrail } from '../../src/lib/server/patients/index.js';
import { runChecks } from '../../src/lib/server/profile/index.js';
import {
	approveBatch,
	batchRecords,
	excludeRecords,
	freezeBatches,
	readBack,
	runCounts,
	runFailures,
	startRun,
	validationReport
} from '../../src/lib/server/loader/index.js';
import { targetClient } from '../../src/lib/server/twenty/index.js';
import { startLocalSandbox, stopLocalSandboxes } from '../../src/lib/server/sandbox/local.js';
import { FerryError } from '../../src/lib/server/errors.js';
import { freshWorkspace } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-layouts-'));
afterAll(async () => {
	await stopLocalSandboxes();
	fs.rmSync(root, { recursive: true, force: true });
});

// Generous timeouts: file uploads on a loaded 2-core machine take seconds.
const FAST = { budget: 100_000, windowMs: 60_000, minBackoffMs: 2, maxBackoffMs: 50, requestTimeoutMs: 60_000, retries: 6 };

describe.each(['harbour', 'prairie'])('layout %s', (layout) => {
	it('goes from import to a validated push with no edit to the map', { timeout: 600_000 }, async () => {
		const out = path.join(root, layout);
		const truth = await generateLayout({ out, layout, patients: 80, seed: 14 });
		const ws = await freshWorkspace(`lay-${layout}`);
		await importExport(ws, out);

		// Propose with no edits: every table's role and key, and ≥ 95% of the columns the map reads.
		const m = await loadMapping(ws);
		const { columns, roles } = await proposeMapping(ws);
		const score = scoreLayout(truth.layout, m, columns, roles);
		expect(score.roles.misses).toEqual([]);
		expect(score.columns.right / score.columns.total, score.columns.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
		expect((await validateMapping(ws, m)).errors).toEqual([]);
		const patients = (await tableWithRole(ws, 'patients'))!;
		expect(patients.table).not.toBe('patients');

		// Dedupe with no settings: the table playing the patients role, its key, roles from its headers and values.
		await ensureDedupe(ws);
		const detected = await loadSettings(ws);
		expect(detected.table).toBe(patients.table);
		expect(detected.roles.patient_id).toBe(patients.key);
		expect(detected.roles.first_name && detected.roles.last_name && detected.roles.date_of_birth).toBeTruthy();
		await runDedupe(ws);
		const merged = (await autoMerge(ws)).merged;
		expect(merged).toBeGreaterThan(0);
		expect(merged).toBeLessThanOrEqual(truth.patients.duplicateRecords);

		// Compile: staged counts against the truth.
		await confirmFields(ws, { confirmed: true });
		await startLocalSandbox(ws);
		const client = await targetClient(ws);
		const mapped = await loadMapping(ws);
		await applySchemaPlan(ws, mapped);
		const staff = await resolveStaff(ws, client);
		expect(staff.matches.filter((s) => s.status === 'matched').length).toBeGreaterThan(0);
		const compiled = await compileMapping(ws, await loadMapping(ws));
		const n = async (plural: string, where = 'true') =>
			Number((await ws.one<{ n: bigint }>(`select count(*) as n from stage."${plural}" where ${where}`))!.n);
		const rows = (file: string) => truth.files[file]?.rows ?? 0;
		expect(await n('people', `source_key like 'patient:%'`)).toBe(rows('patients.csv') - merged);
		expect(await n('people', `source_key like 'physician:%'`)).toBe(
			truth.layout.files['referrers.csv'] ? rows('referring_physicians.csv') : 0
		);
		expect(await n('tasks')).toBe(rows('appointments.csv'));
		expect(await n('payments')).toBe(rows('invoices.csv'));
		expect(await n('attachments')).toBe(rows('attachments.csv'));
		// Every appointment's time came through (date and time were in separate columns), at the right instant.
		expect(await n('tasks', `payload->>'dueAt' is null`)).toBe(0);
		// Local wall times without an offset, read on each site's own clock (Sydney, Melbourne, Darwin …).
		const starts = truth.layout.appointmentStarts;
		const due = await ws.all<{ k: string; due: string }>(`select source_key as k, payload->>'dueAt' as due from stage.tasks`);
		const checked = due.filter((r) => starts[r.k.replace(/^appointment:/, '')]);
		expect(checked.length).toBe(rows('appointments.csv'));
		expect(checked.filter((r) => Date.parse(r.due) !== Date.parse(starts[r.k.replace(/^appointment:/, '')])).map((r) => r.k)).toEqual([]);
		// Invoices keep their patient: only those whose patient is not in the export lose it (183 of 200 once did).
		const invoices = (await tableWithRole(ws, 'invoices'))!;
		const link = invoices.columns.patient_id;
		const unlinked = Number(
			(await ws.one<{ n: bigint }>(
				`select count(*) as n from raw."${invoices.table}" where trim("${link}") not in (select trim("${patients.key}") from raw."${patients.table}")`
			))!.n
		);
		expect(unlinked).toBeLessThan(rows('invoices.csv') * 0.05);
		expect(await n('payments', `payload->>'patientId' is null`)).toBe(unlinked);
		// Nothing lost silently (issue 14): the compile counts those invoices, per field and reason, and every damaged file.
		const lost = (plural: string, target: string) =>
			compiled.losses.filter((l) => l.plural === plural && l.target === target).reduce((k, l) => k + l.rows, 0);
		expect(unlinked).toBeGreaterThan(0);
		expect(lost('payments', 'patientId')).toBe(unlinked);
		// After the map, no reference names (issue 14): the profile finds those invoices through the map's
		// patient link, and the dedupe review and the patient page find a patient's records through it.
		const checks = await runChecks(ws);
		const orphaned = checks.orphans.find((o) => o.table === invoices.table && o.column === link && o.target === patients.table);
		expect(orphaned?.orphans).toBe(unlinked);
		const billed = (
			await ws.all<{ id: string; n: number }>(
				`select trim("${link}") as id, count(*)::integer as n from raw."${invoices.table}" where trim("${link}") in (select trim("${patients.key}") from raw."${patients.table}") group by 1 order by 2 desc, 1 limit 1`
			)
		)[0];
		const kids = await childCounts(ws, [billed.id]);
		expect(kids[billed.id]).toMatchObject({ appointments: expect.any(Number), invoices: billed.n });
		const trail = await patientTrail(ws, billed.id);
		expect(trail.rawTable).toBe(patients.table);
		expect(String(trail.raw?.[patients.key]).trim()).toBe(billed.id);
		expect(compiled.losses.find((l) => l.plural === 'payments' && l.target === 'patientId')?.reason).toBe(
			'refers to a patient the export does not have'
		);
		const fileLost = (
			await ws.all<{ k: string }>(`select source_key as k from stage.losses where plural = 'attachments' and target = 'file' order by 1`)
		).map((r) => r.k);
		const damaged = new Set(
			[...truth.attachments.missing, ...truth.attachments.empty, ...truth.attachments.oversize].map(
				(id) => `attachment:DOC-${id.replace(/\D/g, '').slice(-6)}`
			)
		);
		const stagedAttachments = (await ws.all<{ k: string }>(`select source_key as k from stage.attachments`)).map((r) => r.k);
		if (layout === 'harbour') expect(fileLost).toEqual(stagedAttachments.filter((k) => damaged.has(k)).sort());
		expect(fileLost.length).toBeGreaterThan(0);
		expect(fileLost.length).toBeLessThanOrEqual(
			truth.attachments.missing.length + truth.attachments.empty.length + truth.attachments.oversize.length
		);
		// Money written as $1,234.50 / AUD 1,234.50 / (12.00) is read.
		expect(await n('payments', `payload->'amountBilled'->>'amountMicros' is null`)).toBe(0);
		expect(await n('tasks', `payload->>'assigneeId' is not null`)).toBeGreaterThan(0);

		// Push: freeze, exclude what the freeze found invalid (a person's decision, counted), approve, run.
		const batches = await freezeBatches(ws, await client.metadata.listObjects());
		let excluded = 0;
		// Issue 13: an attachment whose file is missing, empty or too large is invalid at freeze with that reason (it used to fail at push).
		const fileInvalid: Array<{ sourceKey: string; reason: string }> = [];
		for (const b of batches) {
			if (b.invalid) {
				const bad = await batchRecords(ws, b.id, { status: 'invalid', limit: 10_000 });
				await excludeRecords(
					ws,
					b.id,
					bad.records.map((r) => r.sourceKey),
					'test: invalid at freeze'
				);
				const files = b.plural === 'attachments' ? bad.records.filter((r) => r.reasons.some((x) => x.startsWith('file '))) : [];
				fileInvalid.push(...files.map((r) => ({ sourceKey: r.sourceKey, reason: r.reasons.join('; ') })));
				excluded += bad.records.length - files.length;
			}
			// Approval is refused, naming the counts, until a person acknowledges what the map lost for the batch.
			if (b.lost) {
				await expect(approveBatch(ws, b.id, 'test')).rejects.toThrow(
					new RegExp(`batch ${b.id} \\(${b.plural}\\) has ${b.lost} value\\(s\\), reference\\(s\\) or file\\(s\\) the map could not stage`)
				);
				await expect(startRun(ws, [b.id], { settings: FAST })).rejects.toThrow(/not approved/);
			}
			await approveBatch(ws, b.id, 'test', { acknowledgeLosses: true });
		}
		// Each batch carries exactly what the compile counted for its object.
		for (const b of batches)
			expect({ plural: b.plural, lost: b.lost }).toEqual({
				plural: b.plural,
				lost: compiled.losses.filter((l) => l.plural === b.plural).reduce((k, l) => k + l.rows, 0)
			});
		expect(batches.find((b) => b.plural === 'payments')!.lost).toBeGreaterThanOrEqual(unlinked);
		expect(excluded).toBeLessThan(rows('patients.csv') * 0.05);
		const run = await startRun(ws, undefined, { settings: FAST });
		const done = await run.done;
		const counts = await runCounts(ws, run.runId);
		expect(done.status, JSON.stringify({ done, failures: await runFailures(ws, run.runId, 5) })).toBe('done');
		const failed = (plural: string) => counts.find((c) => c.plural === plural)?.failed ?? 0;
		for (const c of counts)
			expect({ plural: c.plural, pending: c.pending, inFlight: c.inFlight }).toEqual({ plural: c.plural, pending: 0, inFlight: 0 });
		// Attachments whose file is missing, empty or too large are caught with their reason (now at freeze, none
		// left to fail at push); nothing else fails.
		const badFiles = truth.attachments.missing.length + truth.attachments.empty.length + truth.attachments.oversize.length;
		const pushFailures = await runFailures(ws, run.runId, 1000);
		expect(pushFailures.length).toBe(failed('attachments'));
		expect(failed('attachments')).toBe(0);
		const failures = [...fileInvalid, ...pushFailures];
		// Each attachment caught for its file was counted at compile and acknowledged before the push.
		const fileLostSet = new Set(fileLost);
		expect(failures.filter((f) => !fileLostSet.has(f.sourceKey)).map((f) => f.sourceKey)).toEqual([]);
		for (const f of failures) expect(f.reason).toMatch(/^file (missing from the export|is empty|is .* over the target's limit)/);
		// Each damaged file the truth lists fails, unless its record was held back before the push (excluded, or its note merged away).
		const bad = new Set(
			[...truth.attachments.missing, ...truth.attachments.empty, ...truth.attachments.oversize].map(
				(id) => `attachment:DOC-${id.replace(/\D/g, '').slice(-6)}`
			)
		);
		if (layout === 'harbour') for (const f of failures) expect(bad.has(f.sourceKey), f.sourceKey).toBe(true);
		expect(failures.length).toBeGreaterThan(0);
		expect(failures.length).toBeLessThanOrEqual(badFiles);
		expect(counts.filter((c) => c.plural !== 'attachments').map((c) => [c.plural, c.failed])).toEqual(
			counts.filter((c) => c.plural !== 'attachments').map((c) => [c.plural, 0])
		);

		// Validate: read Twenty back; what was approved is there.
		await readBack(
			ws,
			counts.map((c) => c.plural),
			{ settings: FAST }
		);
		const report = await validationReport(ws);
		for (const c of report.counts)
			if (c.plural !== 'attachments') expect({ plural: c.plural, missing: c.missing }).toEqual({ plural: c.plural, missing: 0 });
	});
});

describe('fixing the map without JSON', () => {
	it('a table role and key, a field set to a column with a transform, a field unset', { timeout: 300_000 }, async () => {
		const out = path.join(root, 'fix');
		const truth = await generateLayout({ out, layout: 'harbour', patients: 40, seed: 3 });
		const ws = await freshWorkspace('lay-fix');
		await importExport(ws, out);
		await loadMapping(ws);
		// The rooms table fits no role; a person says it is the staff table (wrongly), then puts it back.
		const r = await setTableRole(ws, { table: 'rooms', role: 'staff', key: 'room_id' });
		expect(r.role).toMatchObject({ role: 'staff', key: 'room_id', confirmed: true });
		expect((await tableRoles(ws)).find((t) => t.table === 'practitioners')?.role).toBe('other');
		await setTableRole(ws, { table: 'practitioners', role: 'staff' });
		expect(await tableWithRole(ws, 'staff')).toMatchObject({ table: 'practitioners', key: 'practitioner_code' });
		// Staff are read through the role's columns: harbour's Given Name / Surname / E-mail.
		const practitioners = await ws.all<{ id: string; name: string; email: string }>(
			`select trim(practitioner_code) as id, concat_ws(' ', trim(given_name), trim(surname)) as name, e_mail as email from raw.practitioners order by 1`
		);
		const roster = (await staffRoster(ws))!;
		expect(roster.map((s) => ({ id: s.staff_id, name: s.name, email: s.email }))).toEqual(practitioners);
		// A staff table with headers no dictionary knows: the roster names the role's missing column and
		// how to name it; a person names them, and the roster and the assignees' names follow.
		await ws.run(
			`create view raw.team_sheet as select practitioner_code as clin_ref, given_name as christian, surname as family, e_mail as reach_at, position as post from raw.practitioners`
		);
		const before = await loadMapping(ws);
		const sheet = {
			table: 'team_sheet',
			role: 'staff' as const,
			key: 'clin_ref',
			confidence: 1,
			reason: 'test',
			confirmed: true,
			columns: {}
		};
		await saveMapping(ws, {
			...before,
			tables: [...before.tables.map((t) => (t.role === 'staff' ? { ...t, role: 'other' as const } : t)), sheet]
		});
		const unnamed = staffRoster(ws);
		await expect(unnamed).rejects.toBeInstanceOf(FerryError);
		await expect(unnamed).rejects.toThrow(
			/the staff table team_sheet \(role staff\) has no column matched to 'email'.*ferry map table team_sheet --role staff --column email=<column> \(one of clin_ref, christian, family, reach_at, post\)/
		);
		await expect(setTableRole(ws, { table: 'team_sheet', role: 'staff', columns: { shoe_size: 'post' } })).rejects.toThrow(
			/'shoe_size' is not a column of the staff role: name one of first_name, last_name, email/
		);
		await expect(setTableRole(ws, { table: 'team_sheet', role: 'staff', columns: { email: 'pager' } })).rejects.toThrow(
			/'pager' \(for email\) is not a column of team_sheet: clin_ref, christian/
		);
		const named = await setTableRole(ws, {
			table: 'team_sheet',
			role: 'staff',
			columns: { first_name: 'christian', last_name: 'family', email: 'reach_at' }
		});
		expect(named.role).toMatchObject({ key: 'clin_ref', columns: { first_name: 'christian', last_name: 'family', email: 'reach_at' } });
		expect((await staffRoster(ws))!.map((s) => ({ id: s.staff_id, name: s.name, email: s.email }))).toEqual(practitioners);
		expect(
			(await loadMapping(ws)).sources.flatMap((s) => s.joins).find((j) => j.alias === 'st' && j.sql.includes('team_sheet'))?.sql
		).toMatch(/christian.*family/);
		await saveMapping(ws, before);
		await ws.run(`drop view raw.team_sheet`);
		await expect(setTableRole(ws, { table: 'rooms', role: 'bogus' })).rejects.toThrow(/role 'bogus' is not one of/);
		await expect(setTableRole(ws, { table: 'clients', role: 'patients', key: 'nope' })).rejects.toThrow(
			/key 'nope' is not a column of clients/
		);

		const set = await setField(ws, { field: 'patients.preferredName', column: 'marketing_opt_in', transform: 'text' });
		expect(set.field).toMatchObject({ column: 'marketing_opt_in', transform: 'text', confirmed: false, reason: 'set by a person' });
		await expect(setField(ws, { field: 'person.preferredName', column: 'known_as' })).resolves.toMatchObject({ source: 'patients' });
		await expect(setField(ws, { field: 'patients.dateOfBirth', column: 'no_such' })).rejects.toThrow(
			/'no_such' is not a column of clients/
		);
		await expect(setField(ws, { field: 'patients.dateOfBirth', sql: 'nonsense(s.d_o_b' })).rejects.toThrow(
			/patients\.dateOfBirth: Parser Error/
		);
		await expect(setField(ws, { field: 'patients.dateOfBirth', column: 'd_o_b', transform: 'calendar' })).rejects.toThrow(
			/transform 'calendar' is not one of/
		);
		await unsetField(ws, 'patients.salutation');
		const m = await loadMapping(ws);
		const p = m.sources.find((s) => s.id === 'patients')!;
		expect(p.fields.some((f) => f.target === 'salutation')).toBe(false);
		expect(p.notInExport).toContainEqual({ target: 'salutation', why: 'unset by a person' });
		// And back, from the default map's definition.
		await setField(ws, { field: 'patients.salutation', column: 'salutation' });
		expect((await loadMapping(ws)).sources.find((s) => s.id === 'patients')!.fields.find((f) => f.target === 'salutation')).toMatchObject({
			column: 'salutation',
			transform: 'text'
		});

		// SQL that parses but does not run is refused at save with DuckDB's message, and nothing is saved.
		await expect(setField(ws, { field: 'patients.dateOfBirth', sql: 's.no_such_column + 1' })).rejects.toThrow(
			/patients\.dateOfBirth: Binder Error: .*no_such_column/
		);
		expect(
			(await loadMapping(ws)).sources.find((s) => s.id === 'patients')!.fields.find((f) => f.target === 'dateOfBirth')?.sql
		).toBeUndefined();
		// The same through a save of the whole map (the mapping page's override): refused, with DuckDB's message.
		const broken = structuredClone(await loadMapping(ws));
		broken.sources.find((s) => s.id === 'patients')!.fields.find((f) => f.target === 'dateOfBirth')!.sql = 's.no_such_column + 1';
		await expect(saveMapping(ws, broken)).rejects.toThrow(
			/the SQL of patients\.dateOfBirth does not run on clients: Binder Error: .*no_such_column/
		);

		// What a person sees choosing a column: fill rate and samples, read from the data.
		const stats = await columnStats(ws, 'clients');
		const known = stats.find((c) => c.column === 'known_as')!;
		const filled = Number(
			(await ws.one<{ f: number }>(
				`select avg(case when nullif(trim(known_as), '') is null then 0 else 1 end)::double as f from raw.clients`
			))!.f
		);
		expect(known.fill).toBeCloseTo(filled, 6);
		expect(stats.find((c) => c.column === 'd_o_b')!.samples.length).toBeGreaterThan(0);
		await expect(columnStats(ws, 'nope')).rejects.toThrow(/no raw table 'nope'/);
		// The preview as a table: an invoice's patient reads as the patient's name, not a UUID.
		const invoices = (await loadMapping(ws)).sources.find((s) => s.plural === 'payments')!;
		const table = await previewTable(ws, await loadMapping(ws), invoices.id, 20);
		expect(table.columns).toContain('patientId');
		const linked = table.rows.filter((r) => r.cells.patientId);
		expect(linked.length).toBeGreaterThan(0);
		for (const r of linked) expect(r.cells.patientId).toMatch(/^[^ ]+.* \(patient\)$/);
		expect(linked.some((r) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(r.cells.patientId))).toBe(false);

		// Cutover pickup on this layout: a later export with one client gone, one changed and one new is
		// compared by the patients role's key (no column here is named like an id of the reference layout).
		const role = (await tableWithRole(ws, 'patients'))!;
		const file = Object.entries(truth.layout.files).find(([, f]) => f.from === 'patients.csv')![0];
		const later = path.join(root, 'fix-later');
		fs.cpSync(out, later, { recursive: true });
		const rows = await ws.all<Record<string, unknown>>(`select * from raw."${role.table}" order by 1`);
		const id = (r: Record<string, unknown>) => String(r[role.key] ?? '').trim();
		const [gone, changed] = rows.map(id).filter(Boolean);
		const last = role.columns.last_name;
		const edited = rows.filter((r) => id(r) !== gone).map((r) => (id(r) === changed ? { ...r, [last]: `${r[last] ?? ''}x` } : r));
		edited.push({ ...rows[0], [role.key]: 'NEW-1' });
		const cols = Object.keys(rows[0]);
		const cell = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replaceAll('"', '""')}"`);
		fs.writeFileSync(
			path.join(later, file),
			[cols.join(','), ...edited.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n'
		);
		await importExport(ws, later);
		const delta = (await detectDelta(ws)).tables.find((x) => x.table === role.table)!;
		expect(delta).toMatchObject({ keyColumns: [role.key], new: 1, changed: 1, vanished: 1, note: null });
		const moved = await ws.all<{ id: string; change: string }>(
			`select source_id as id, change from delta.records where table_name = $1 order by change`,
			[role.table]
		);
		expect(moved).toEqual([
			{ id: changed, change: 'changed' },
			{ id: 'NEW-1', change: 'new' },
			{ id: gone, change: 'vanished' }
		]);
	});
});
