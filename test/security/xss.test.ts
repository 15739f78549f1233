// Issue 9, "imported text is rendered as text, never as HTML": an export whose file name, patient
// names, note bodies and a quarantined row carry markup that would run script if a page treated it
// as HTML, shown in Debian's chromium on every page that displays imported text (home with its
// rejects, profile, a notebook's grid, logs and value, duplicates, mapping preview, batch review).
// Each payload that ran would append to window.__xss, open a dialog or leave an element behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPath, NO_CHROMIUM, openBrowser, type Session } from '../support/browser.js';
import { startFerry, type FerryServer } from '../support/server.js';

const haveChromium = Boolean(chromiumPath());
if (!haveChromium) console.warn(`XSS browser test ${NO_CHROMIUM}`);

const IMG = `<img src=x onerror="window.__xss=(window.__xss||[]).concat('img')">`;
const SCRIPT = `<script>window.__xss=(window.__xss||[]).concat('script')</script>`;
const SVG = `<svg onload="window.__xss=(window.__xss||[]).concat('svg')"></svg>`;
const FRAME = `"><iframe srcdoc="<script>parent.__xss=(parent.__xss||[]).concat('iframe')</script>"></iframe>`;
const q = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The bundled sample with hostile rows appended (ids 0009… sort first, so every list shows them). */
function exportWithMarkup(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-xss-'));
	fs.cpSync(path.resolve('data/sample'), dir, { recursive: true });
	const append = (file: string, values: Array<Record<string, string>>, extra: string[] = []) => {
		const text = fs.readFileSync(path.join(dir, file), 'utf8');
		const eol = text.includes('\r\n') ? '\r\n' : '\n';
		const header = text
			.replace(/^\uFEFF/, '')
			.split(/\r?\n/)[0]
			.split(',');
		const rows = values.map((v) => header.map((h) => q(v[h] ?? '')).join(','));
		fs.appendFileSync(path.join(dir, file), [...rows, ...extra].join(eol) + eol);
	};
	const patient = (id: string, first: string, last: string, email: string) => ({
		'Patient ID': id,
		'First Name': first,
		'Last Name': last,
		'Date of Birth': '01/02/1980',
		Email: email,
		'Mobile Phone': '0400 000 001',
		'Billing Status': 'Paid'
	});
	append(
		'patients.csv',
		[
			// Two records of one person, so the duplicate review shows the markup side by side.
			patient('000901', IMG, SVG, 'xss.one@example.com'),
			patient('000902', IMG, SVG, 'xss.one@example.com'),
			patient('000903', SCRIPT, FRAME, 'xss.two@example.com'),
			...['000904', '000905', '000906', '000907'].map((id, i) => ({
				...patient(id, IMG, `Markup${i}`, `xss.${id}@example.com`),
				'Date of Birth': `0${i + 1}/05/1970`,
				'Mobile Phone': `0400 000 10${i}`
			}))
		],
		[`000999,${q(IMG)},only three fields`]
	);
	append('clinical_notes.csv', [
		{ 'Note ID': 'A000901', 'Patient ID': '000901', 'Note Type': 'Visit Summary', Title: SCRIPT, Body: `<p>Seen</p>${IMG}${SCRIPT}` },
		{ 'Note ID': 'A000903', 'Patient ID': '000903', 'Note Type': 'Other', Title: 'plain', Body: FRAME }
	]);
	// A column where the markup is the common value, so the profile lists it among the top values.
	fs.writeFileSync(
		path.join(dir, 'referral_sources.csv'),
		[
			'Ref ID,Source',
			...Array.from({ length: 20 }, (_, i) => `R${i},${q(IMG)}`),
			...['web', 'gp', 'walk-in'].map((v, i) => `S${i},${v}`)
		].join('\n') + '\n'
	);
	// A file name that is markup too (no slash in it, so it is a legal name).
	fs.writeFileSync(path.join(dir, '<img src=x onerror=alert(1)>.csv'), 'Id,Value\n1,x\n');
	return dir;
}

const NOTEBOOK = `# Markup as data

\`\`\`sql name=names
select patient_id, first_name, last_name from raw.patients where patient_id like '0009%' order by patient_id
\`\`\`

\`\`\`ts name=echo
const rows = await sql\`select first_name from raw.patients where patient_id like '0009%' order by patient_id limit 3\`;
console.log(rows.map((r) => r.first_name).join(' | '));
return rows[0].first_name;
\`\`\`
`;

let server: FerryServer | undefined;
let session: Session | undefined;
let cells: string | undefined;
afterAll(async () => {
	await session?.close();
	await server?.stop();
	if (cells) fs.rmSync(cells, { recursive: true, force: true });
});

/** Nothing ran and nothing was made from the markup; the markup is on screen as text. */
async function expectInert(page: Page, where: string, visibleText: string[], dialogs: string[]) {
	await page.waitForLoadState('networkidle').catch(() => {});
	expect(await page.evaluate(() => (window as unknown as { __xss?: string[] }).__xss), `script ran on ${where}`).toBeUndefined();
	expect(dialogs, `a dialog opened on ${where}`).toEqual([]);
	expect(await page.locator('img[src="x"], iframe, svg[onload]').count(), `an element made from imported markup on ${where}`).toBe(0);
	for (const t of visibleText)
		await expect
			// Any match on screen: the same text may also sit in a closed select's option (the mapping page's samples).
			.poll(
				async () => {
					for (const m of await page.getByText(t, { exact: false }).all()) if (await m.isVisible()) return true;
					return false;
				},
				{ message: `"${t}" shown as text on ${where}`, timeout: 60_000 }
			)
			.toBe(true);
}

describe('imported markup in the browser', () => {
	it.skipIf(!haveChromium)('is shown as text on every page that shows imported data, and never runs', { timeout: 400_000 }, async () => {
		cells = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-xss-cells-'));
		fs.writeFileSync(path.join(cells, 'markup.md'), NOTEBOOK);
		server = await startFerry({ args: ['--no-sample'], env: { FERRY_CELLS: cells } });
		expect(
			(
				await server.api('/api/workspaces', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ name: 'xss' })
				})
			).status
		).toBe(201);
		const imported = await server.api('/api/workspaces/xss/imports?wait=true', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ path: exportWithMarkup() })
		});
		expect(imported.status).toBe(201);

		session = await openBrowser('xss');
		const { page, shot } = session;
		page.setDefaultTimeout(90_000);
		const dialogs: string[] = [];
		// Ferry's own questions are confirm() dialogs, accepted as a person would; anything else (an
		// alert from imported markup) is a payload that ran.
		page.on('dialog', (d) => {
			if (d.type() === 'confirm') return void d.accept();
			dialogs.push(`${d.type()}: ${d.message()}`);
			void d.dismiss();
		});
		try {
			await visitEveryPage(server, session, dialogs);
		} catch (err) {
			await shot('FAILED-here').catch(() => {});
			throw err;
		}
	});
});

async function visitEveryPage(server: FerryServer, { page, shot }: Session, dialogs: string[]) {
	// Control: the same markup handed to the browser as HTML does run, so the silence below means something.
	await page.setContent(`<body>${IMG}${SVG}</body>`);
	await expect
		.poll(() => page.evaluate(() => (window as unknown as { __xss?: string[] }).__xss))
		.toEqual(expect.arrayContaining(['img', 'svg']));
	expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(2);

	await page.goto(server.url);
	const W = `${server.base}/w/xss`;

	await page.goto(W);
	await page.getByTestId('accounting').waitFor();
	await expectInert(page, 'the home page', ['<img src=x onerror=alert(1)>.csv', `000999,"<img src=x onerror=`], dialogs);
	await shot('home-file-name-and-rejected-row-as-text');

	await page.goto(`${W}/profile`);
	await page.getByRole('heading', { name: /^patients/ }).waitFor();
	await expectInert(page, 'the profile page', [`<img src=x onerror="window.__xss`], dialogs);
	await shot('profile-top-values-as-text');

	await page.goto(`${W}/notebook`);
	await page.getByRole('link', { name: 'markup', exact: true }).click();
	await page.getByRole('button', { name: 'Run all' }).click();
	await page.locator('[data-cell="echo"]').getByTestId('status').filter({ hasText: 'fresh' }).waitFor();
	await page.locator('[data-cell="names"]').getByTestId('grid').getByText(SCRIPT).waitFor();
	await expectInert(page, 'the notebook', [SCRIPT, `${IMG} | ${IMG} | ${SCRIPT}`], dialogs);
	await shot('notebook-grid-logs-and-value-as-text');

	await page.goto(`${W}/dedupe`);
	await page.getByTestId('dedupe-run').click();
	const cluster = page.getByTestId('cluster');
	await cluster.waitFor();
	// The queue is most-uncertain first; the markup pair is certain: walk to it with j, as a person would.
	for (let i = 0; i < 200 && !(await cluster.innerText()).includes('window.__xss'); i++) {
		const before = await cluster.getAttribute('data-cluster');
		await page.locator('body').press('j');
		await page
			.locator(`[data-testid="cluster"][aria-busy="false"]:not([data-cluster="${before}"])`)
			.waitFor({ timeout: 10_000 })
			.catch(() => {});
	}
	await expectInert(page, 'the duplicate review', [`<img src=x onerror="window.__xss`], dialogs);
	await shot('dedupe-cluster-as-text');

	await page.goto(`${W}/mapping`);
	await page.getByRole('button', { name: 'Preview 20' }).first().waitFor();
	// A button reads "Hide preview" once its preview is shown, so they are found in either state.
	const toggles = page.getByRole('button', { name: /^(Preview 20|Hide preview)$/ });
	for (let i = 0, n = await toggles.count(); i < n; i++) {
		const b = toggles.nth(i);
		if ((await b.innerText()).trim() !== 'Preview 20') continue;
		await b.click();
		await expect.poll(() => b.innerText(), { timeout: 60_000, message: `preview ${i + 1} of ${n} shown` }).toBe('Hide preview');
	}
	// The preview is a table whose sticky header covers the row a pointer click scrolls to: the
	// summaries are opened by a click event (what this test checks is that the payloads stay inert).
	for (const key of ['patient:000901', 'note:A000901'])
		await page.locator('details', { hasText: key }).first().locator('summary').dispatchEvent('click');
	await expectInert(page, 'the mapping preview', [`<svg onload=`, 'Seen'], dialogs);
	await shot('mapping-preview-as-text');
	// Issue 14, a map a person fixes without JSON: the column dropdowns say how full each column is and
	// show sample values; the preview is a table whose related records read as names, not UUIDs.
	await expect
		.poll(() => page.locator('select[aria-label^="column of"] option').first().innerText(), { timeout: 60_000 })
		.toMatch(/ — \d+% filled/);
	const previews = page.getByTestId('mapping-preview');
	expect(await previews.locator('th', { hasText: /^patientId$/ }).count()).toBeGreaterThan(0);
	expect(await previews.locator('td', { hasText: / \(patient\)$/ }).count()).toBeGreaterThan(0);
	expect(await previews.locator('td', { hasText: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ }).count()).toBe(0);
	expect(await page.locator('select[aria-label^="transform of"]').first().locator('option', { hasText: 'ts_function' }).count()).toBe(1);
	// A broken SQL override is refused at save with DuckDB's message.
	await page.getByRole('button', { name: 'Override' }).first().click();
	await page.getByPlaceholder(/SQL over s/).fill('s.no_such_column + 1');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect
		.poll(() => page.locator('p.err[role="alert"]').first().innerText(), { timeout: 30_000 })
		.toMatch(/does not run on .*Binder Error.*no_such_column/);
	await shot('mapping-broken-sql-refused');

	// The batch review shows every field a record writes. Its set-up (target, confirm, schema, compile, freeze) goes through the API.
	const api = (p: string, body: unknown = {}) =>
		server.api(`/api/workspaces/xss${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	expect((await api('/mapping/confirm')).status).toBe(200);
	expect((await api('/mapping/compile')).status).toBe(200);
	const sandbox = await server.api('/api/workspaces/xss/target/sandbox', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}'
	});
	expect(sandbox.status, await sandbox.clone().text()).toBeLessThan(300);
	expect((await api('/mapping/schema/apply', { confirm: true })).status).toBe(200);
	expect((await api('/loader/batches')).status).toBe(201);
	await page.goto(`${W}/load`);
	await page
		.locator('tr[data-batch]', { hasText: 'people' })
		.getByRole('button', { name: /^review batch/ })
		.click();
	const review = page.getByTestId('batch-review');
	await review.getByLabel('Show').selectOption('valid');
	await review.locator('details').first().waitFor();
	for (const d of await review.locator('details').all()) await d.locator('summary').click();
	await expectInert(page, 'the batch review', [`<img src=x onerror="window.__xss`], dialogs);
	await shot('load-batch-review-as-text');
}
