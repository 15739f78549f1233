// Rebuild reference: every rule, workflow and template appears with its Twenty recipe; quoted
// export text is escaped in HTML (a hostile template cannot inject markup); the workspace path
// (from the imported snapshot) gives the same document; nothing is pushed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { FerryError } from '../../src/lib/server/errors.js';
import {
	automationsFromExport,
	exportReference,
	parseAutomations,
	rebuildReference,
	workspaceReference
} from '../../src/lib/server/rebuild/index.js';
import { createApi } from '../../src/lib/server/api/index.js';
import { exportFolder, freshWorkspace } from '../helpers.js';
import { apiCaller } from '../support/api.js';

const SAMPLE = path.resolve('data/sample');

const hostile = {
	product: 'The Clinic Place',
	reminderRules: [
		{
			id: 'RR-9',
			name: '<script>alert(1)</script>',
			trigger: { event: 'appointment.upcoming', offset: { value: -2, unit: 'hours' } },
			conditions: [],
			action: { type: 'send_email', templateId: 'TPL-X' }
		}
	],
	workflows: [],
	emailTemplates: [
		{ id: 'TPL-X', name: 'x" onmouseover="y', channel: 'email', subject: 'a & b', bodyHtml: '<img src=x onerror=alert(2)><p>Hi</p>' }
	]
};

describe('rebuild reference', () => {
	it('covers every reminder rule, workflow and template of the sample, with Twenty steps', () => {
		const a = automationsFromExport(SAMPLE);
		const ref = exportReference(SAMPLE);
		expect(ref.counts).toEqual({ reminderRules: 3, workflows: 3, templates: 5 });
		for (const item of [...a.reminderRules, ...a.workflows, ...a.emailTemplates]) {
			expect(ref.markdown).toContain(`### ${item.id} — ${item.name}`);
			expect(ref.html).toContain(`id="${item.id}"`);
		}
		expect(ref.markdown).toContain('24 hours before an appointment starts');
		expect(ref.markdown).toContain('Trigger "Record is updated" on Task');
		expect(ref.markdown).toContain('Used by: RR-01, RR-03');
		expect(ref.markdown).toContain('Quiet hours: nothing sent between 20:00 and 08:00 (Australia/Sydney)');
		// a template body is quoted verbatim in a fence
		expect(ref.markdown).toContain(a.emailTemplates[0].body!);
	});

	it('escapes everything it quotes in HTML, and fences or escapes it in Markdown', () => {
		const ref = rebuildReference(parseAutomations(hostile, 'test'));
		expect(ref.html).not.toMatch(/<script>|<img|onerror=alert\(2\)>/);
		expect(ref.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(ref.html).toContain('&lt;img src=x onerror=alert(2)&gt;');
		expect(ref.html).toContain('x&quot; onmouseover=&quot;y');
		expect(ref.html).toContain('a &amp; b');
		expect(ref.markdown).toContain('\\<script\\>');
		expect(ref.markdown).toMatch(/```text\n<img src=x onerror=alert\(2\)><p>Hi<\/p>\n```/);
	});

	it('refuses a file that is not an automations export, naming the problem', () => {
		expect(() => parseAutomations({ reminderRules: [{ id: 1 }] }, 'automations.json')).toThrow(
			/automations.json is not a Clinic Place automations file: reminderRules.0.id/
		);
		const dir = exportFolder({ 'patients.csv': 'Patient ID\n1\n' });
		expect(() => automationsFromExport(dir)).toThrow(FerryError);
		expect(() => automationsFromExport(dir)).toThrow(/has no automations.json/);
	});

	it('reads a workspace: from the original file, and from the imported tables when the file is gone', async () => {
		const dir = exportFolder({
			'automations.json': fs.readFileSync(path.join(SAMPLE, 'automations.json')),
			'patients.csv': 'Patient ID\n1\n'
		});
		const ws = await freshWorkspace('rebuild');
		await importExport(ws, dir);
		const fromFile = await workspaceReference(ws);
		expect(fromFile.markdown).toBe(exportReference(SAMPLE).markdown);
		fs.rmSync(dir, { recursive: true });
		const fromTables = await workspaceReference(ws);
		expect(fromTables.counts).toEqual(fromFile.counts);
		// the tables lose only the top-level clinic/fees facts, never a rule, step or template
		for (const id of ['RR-01', 'RR-03', 'WF-02', 'TPL-002', 'TPL-005']) expect(fromTables.markdown).toContain(`### ${id} — `);
		expect(fromTables.markdown).toContain('branch (if: {"field":"invoice.balance_due"');
		const api = createApi({ token: 't0ken-rebuild' });
		// The page's JSON (its blocks held to contracts/recipes.ts by the tests' caller) says what the document says.
		const page = await (await apiCaller(api, { token: 't0ken-rebuild' })(`/workspaces/${ws.name}/rebuild-reference`)).json();
		expect(page.counts).toEqual(fromTables.counts);
		const res = await api.request(`http://127.0.0.1/api/workspaces/${ws.name}/rebuild-reference?format=html`, {
			headers: { authorization: 'Bearer t0ken-rebuild' }
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toMatch(/attachment/);
		expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
		const bad = await api.request(`http://127.0.0.1/api/workspaces/${ws.name}/rebuild-reference?format=pdf`, {
			headers: { authorization: 'Bearer t0ken-rebuild' }
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/format/);
	});

	it('finds the automations by their table role, whatever the export calls the file', async () => {
		const dir = exportFolder({
			'Workflows.json': fs.readFileSync(path.join(SAMPLE, 'automations.json')),
			'patients.csv': 'Patient ID\n1\n'
		});
		const ws = await freshWorkspace('rebuild-named');
		await importExport(ws, dir);
		expect((await workspaceReference(ws)).markdown).toBe(exportReference(SAMPLE).markdown);
		const none = await freshWorkspace('rebuild-none');
		await importExport(none, exportFolder({ 'patients.csv': 'Patient ID\n1\n' }));
		await expect(workspaceReference(none)).rejects.toThrow(/no table playing the automations role/);
	});
});
