// `ferry map` as a consultant scripts it: validate (JSON), schema plan with a checklist, apply
// against a Twenty sandbox (re-run: nothing to do), confirm, compile, export, staff, and clear
// errors for bad input. The CLI runs as a child process on this test's data folder.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllWorkspaces, openWorkspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { createSandbox, type Sandbox } from '../../src/lib/server/sandbox/index.js';
import { setTarget } from '../../src/lib/server/twenty/index.js';
import { ferryBin } from '../support/cli.js';

const WS = 'mapcli';
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-map-cli-'));
let sb: Sandbox;
let close: () => Promise<void>;

/** Runs `ferry map …` without blocking this process (the sandbox answers from here). */
const ferry = (...args: string[]) => ferryIn(WS, ...args);
function ferryIn(workspace: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[ferryBin(), 'map', ...args, '-w', workspace],
			{ env: process.env, encoding: 'utf8', timeout: 120_000 },
			(err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

beforeAll(async () => {
	const ws = await openWorkspace(WS, { create: true });
	await importExport(ws, path.resolve('data/sample'));
	sb = createSandbox({});
	sb.setRateLimit(false);
	const l = await sb.listen(0, '127.0.0.1');
	close = l.close;
	await setTarget(ws, l.url, sb.apiKey);
	await closeAllWorkspaces(); // the CLI opens the workspace file itself
}, 60_000);

afterAll(async () => {
	await close?.();
	sb?.reset();
	fs.rmSync(out, { recursive: true, force: true });
});

describe('ferry map', () => {
	it('validate --json, schema plan with checklist, apply, re-run is a no-op', { timeout: 120_000 }, async () => {
		const v = await ferry('validate', '--json');
		expect(v.code, v.stderr).toBe(0);
		const report = JSON.parse(v.stdout);
		expect(report).toMatchObject({ errors: [], targetChecked: true });
		expect(report.warnings.filter((w: { code: string }) => w.code === 'unconfirmed').length).toBeGreaterThan(100);

		const checklist = path.join(out, 'schema.md');
		const plan = await ferry('schema', '--checklist', checklist);
		expect(plan.code, plan.stderr).toBe(0);
		expect(plan.stdout).toContain('create object payment (payments)');
		expect(plan.stdout).toMatch(/^create field person\.billingStatus SELECT: PAID, PENDING, OVERDUE, INSURANCE_PENDING/m);
		expect(fs.readFileSync(checklist, 'utf8')).toMatch(/^# Twenty schema checklist[\s\S]*- \[ \] Create object \*\*Payment\*\*/);

		const applied = await ferry('schema', '--apply');
		expect(applied.code, applied.stderr).toBe(0);
		expect(applied.stdout).toMatch(/^created 1 object\(s\) and \d+ field\(s\); added options to 0 field\(s\)$/m);
		expect(applied.stdout).toContain('nothing to do');
		const again = await ferry('schema', '--json');
		expect(JSON.parse(again.stdout)).toEqual({ createObjects: [], createFields: [], updateFields: [], conflicts: [] });
	});

	it('confirm an object, then all; compile; export csv and xlsx; staff invitations', { timeout: 120_000 }, async () => {
		const person = await ferry('confirm', 'person', '--field', 'billingStatus');
		expect(person.stdout.trim()).toBe('1 field(s) confirmed');
		const all = await ferry('confirm', 'all');
		expect(all.stdout).toMatch(/^\d{3} field\(s\) confirmed$/m);
		const compiled = await ferry('compile');
		expect(compiled.code, compiled.stderr).toBe(0);
		expect(compiled.stdout).toMatch(/^stage\.people\s+step 2\s+515 rows$/m);
		expect(compiled.stdout).toMatch(/^compiled 8 stage views in \d+ ms/m);

		const csv = path.join(out, 'mapping.csv');
		expect((await ferry('export', '--format', 'csv', '--out', csv)).code).toBe(0);
		expect(fs.readFileSync(csv, 'utf8').split('\r\n')[0]).toMatch(/^object,stage view,source,/);
		const xlsx = path.join(out, 'mapping.xlsx');
		expect((await ferry('export', '--format', 'xlsx', '--out', xlsx)).code).toBe(0);
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile(xlsx);
		expect(book.worksheets[0].rowCount).toBeGreaterThan(100);

		const invitations = path.join(out, 'invite.csv');
		const staff = await ferry('staff', '--invitations', invitations);
		expect(staff.code, staff.stderr).toBe(0);
		expect(staff.stdout).toMatch(/^0 matched, \d+ to invite, \d+ without email \(\d+ workspace members\)$/m);
		expect(fs.readFileSync(invitations, 'utf8').split('\r\n')[0]).toBe('staff id,email');
	});

	it('bad input gets a clear error and exit 1', { timeout: 120_000 }, async () => {
		const bogus = await ferry('confirm', 'bogus');
		expect(bogus.code).toBe(1);
		expect(bogus.stderr).toMatch(/ferry: 'bogus' is neither a source \(locations, .*\) nor a Twenty object of the map/);
		const field = await ferry('confirm', 'person', '--field', 'nope');
		expect(field.stderr).toMatch(/no field 'nope' in person/);
		const format = await ferry('export', '--format', 'pdf', '--out', path.join(out, 'x'));
		expect(format.code).toBe(1);
		expect(format.stderr).toMatch(/--format: 'pdf' is not csv or xlsx/);
		// A role's column named by a person: checked against the role and the table before anything changes.
		const ref = await ferry('table', 'staff', '--role', 'staff', '--column', 'shoe_size=role');
		expect(ref.code).toBe(1);
		expect(ref.stderr).toMatch(/ferry: 'shoe_size' is not a column of the staff role: name one of first_name, last_name, email/);
		const form = await ferry('table', 'staff', '--role', 'staff', '--column', 'email');
		expect(form.stderr).toMatch(/--column email: write <reference>=<column>, e\.g\. email=Work_Email/);
	});

	it(
		"compile takes the target's link-field names, as the API does (taskTarget.personId on a v1.5 Twenty)",
		{ timeout: 120_000 },
		async () => {
			const old = createSandbox({ profile: 'v1.5' });
			old.setRateLimit(false);
			const l = await old.listen(0, '127.0.0.1');
			try {
				const ws = await openWorkspace('mapcli-v15', { create: true });
				await importExport(ws, path.resolve('data/sample'));
				await setTarget(ws, l.url, old.apiKey);
				await closeAllWorkspaces();
				expect((await ferryIn('mapcli-v15', 'confirm', 'all')).code).toBe(0);
				const compiled = await ferryIn('mapcli-v15', 'compile');
				expect(compiled.code, compiled.stderr).toBe(0);
				const again = await openWorkspace('mapcli-v15');
				const [t] = await again.all<{ payload: string }>(`select payload::varchar as payload from stage."taskTargets" limit 1`);
				expect(Object.keys(JSON.parse(t.payload))).toEqual(expect.arrayContaining(['personId', 'taskId']));
				expect(Object.keys(JSON.parse(t.payload))).not.toContain('targetPersonId');
				await closeAllWorkspaces();
			} finally {
				await l.close();
			}
		}
	);
});
