// Issue 16: `ferry snapshots` lists the history with the current one marked, makes an older
// snapshot current, refuses to delete the current one, and deletes another only with --yes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFolder } from '../helpers.js';
import { ferryBin } from '../support/cli.js';

describe('ferry snapshots', () => {
	it('lists, makes current, refuses to delete the current one and deletes another with --yes', { timeout: 240_000 }, () => {
		const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cli-snaps-'));
		const env = { ...process.env, FERRY_DATA: data };
		const ferry = (...args: string[]) => spawnSync(process.execPath, [ferryBin(), ...args], { env, encoding: 'utf8' });
		const first = exportFolder({ 'patients.csv': 'Patient ID,Name\n1,Ann\n2,Bo\n', 'staff.csv': 'Staff ID,Name\n1,Dr A\n' });
		expect(ferry('import', first, '-w', 'snaps').status).toBe(0);
		const stray = ferry('import', exportFolder({ 'notes.csv': 'Note ID,Text\n1,x\n' }), '-w', 'snaps');
		expect(stray.status).toBe(0);
		expect(stray.stdout).toMatch(/WARNING: snapshot 2 lacks 2 of the 2 tables snapshot 1 had .*ferry snapshots current 1/);
		let list = ferry('snapshots', 'list', '-w', 'snaps');
		expect(list.stdout.split('\n')[0]).toMatch(/^\*\s+2 /);
		const made = ferry('snapshots', 'current', '1', '-w', 'snaps');
		expect(made.stdout).toMatch(/^Snapshot 1 is current \(2 tables\); snapshot 2 was\./);
		const refused = ferry('snapshots', 'delete', '1', '-w', 'snaps', '--yes');
		expect(refused.status).not.toBe(0);
		expect(refused.stderr).toMatch(/snapshot 1 is current: make another snapshot current first/);
		const asked = ferry('snapshots', 'delete', '2', '-w', 'snaps');
		expect(asked.status).toBe(2);
		expect(asked.stdout).toMatch(/Run again with --yes to delete it\./);
		expect(ferry('snapshots', 'delete', '2', '-w', 'snaps', '--yes').stdout).toMatch(/^Snapshot 2 deleted\./);
		list = ferry('snapshots', '-w', 'snaps');
		expect(list.stdout.trim().split('\n')).toHaveLength(1);
		expect(list.stdout).toMatch(/^\*\s+1 /);
		fs.rmSync(data, { recursive: true, force: true });
	});
});
