// Issue 16, notebook habits in a real browser: rendered Markdown, Jupyter's command mode
// (Esc, b, dd, z), Shift+Enter runs and moves on, and a cell below a failed one says it is
// blocked by it instead of "stale".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath, NO_CHROMIUM, openBrowser, type Session } from '../support/browser.js';
import { startFerry, type FerryServer } from '../support/server.js';
import { exportFolder } from '../helpers.js';

const haveChromium = Boolean(chromiumPath());
if (!haveChromium) console.warn(`e2e notebook keys ${NO_CHROMIUM}`);
let server: FerryServer | undefined;
let session: Session | undefined;
afterAll(async () => {
	await session?.close();
	await server?.stop();
});

const NOTEBOOK = `# Keys

Some **bold** prose.

\`\`\`sql name=broken
select * from no_such_table
\`\`\`

\`\`\`sql name=after
select * from broken
\`\`\`

\`\`\`sql name=fine
select 1 as one
\`\`\`
`;

describe('notebook habits (issue 16)', () => {
	it.skipIf(!haveChromium)(
		'renders Markdown, has command mode with b / dd / z, runs with Shift+Enter, and names the failed upstream cell',
		{ timeout: 400_000 },
		async () => {
			const cells = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-nbkeys-'));
			fs.writeFileSync(path.join(cells, 'keys.md'), NOTEBOOK);
			const srv = await startFerry({ args: ['--no-sample'], env: { FERRY_CELLS: cells } });
			server = srv;
			expect(
				(
					await srv.api('/api/workspaces', {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ name: 'nb' })
					})
				).status
			).toBe(201);
			const imported = await srv.api('/api/workspaces/nb/imports?wait=true', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ path: exportFolder({ 'patients.csv': 'Patient ID,Name\n1,Ann\n' }) })
			});
			expect(imported.status).toBe(201);
			session = await openBrowser('e2e-notebook');
			const { page, shot } = session;
			page.setDefaultTimeout(90_000);
			await page.goto(srv.url);
			await page.goto(`${srv.base}/w/nb/notebook?nb=keys`);
			// Markdown is rendered: a heading and bold text, not "# Keys".
			await page.getByTestId('markdown').getByRole('heading', { name: 'Keys' }).waitFor();
			expect(await page.getByTestId('markdown').first().locator('strong').innerText()).toBe('bold');
			const cellsOnPage = page.getByTestId('cell');
			expect(await cellsOnPage.count()).toBe(3);

			// Edit mode in the first cell, Esc to command mode, b inserts a cell below, dd deletes it, z brings it back.
			await page.locator('[data-cell="fine"] .cm-content').click();
			await expect.poll(() => page.getByTestId('keys').innerText()).toMatch(/^Edit mode/);
			await page.keyboard.press('Escape');
			await expect.poll(() => page.getByTestId('keys').innerText()).toMatch(/^Command mode/);
			await page.keyboard.press('b');
			await expect.poll(() => cellsOnPage.count()).toBe(4);
			await page.keyboard.press('d');
			await page.keyboard.press('d');
			await expect.poll(() => cellsOnPage.count()).toBe(3);
			await page.getByTestId('undo-delete').waitFor();
			await page.keyboard.press('z');
			await expect.poll(() => cellsOnPage.count()).toBe(4);
			// In command mode the keys never typed into a cell.
			expect(await page.locator('[data-cell="fine"] .cm-content').innerText()).toBe('select 1 as one');

			// Shift+Enter in a cell runs it and moves the selection on.
			await page.locator('[data-cell="fine"] .cm-content').click();
			await page.keyboard.press('Shift+Enter');
			await page.locator('[data-cell="fine"]').getByTestId('status').filter({ hasText: 'fresh' }).waitFor();

			// Run all: the cell that reads the failed one is blocked by it, by name.
			await page.getByRole('button', { name: 'Run all' }).click();
			await page.locator('[data-cell="broken"]').getByTestId('cell-error').waitFor();
			await expect
				.poll(() => page.locator('[data-cell="after"]').getByTestId('status').innerText())
				.toBe('blocked by broken: fix that cell first');
			await shot('notebook-blocked-and-markdown', { inView: true });
		}
	);
});
