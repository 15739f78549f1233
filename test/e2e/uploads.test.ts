// Issue 16 in a real browser (Debian's chromium against a real `ferry serve`), with real-sized
// files: the bundled sample zipped, and a ~50 MB generated export (with its 25 MB padded
// attachment) uploaded as a folder and as a zip; a stray CSV is undone through the snapshot
// history (make current, delete); the overview links to the next step. Screenshots at
// 1366×768 and 1920×1080 go to test-output/e2e-uploads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateExport } from '../../src/lib/server/generate/index.js';
import { chromiumPath, NO_CHROMIUM, openBrowser, type Session } from '../support/browser.js';
import { startFerry, type FerryServer } from '../support/server.js';

const STEP = 120_000;
const haveChromium = Boolean(chromiumPath());
if (!haveChromium) console.warn(`e2e uploads ${NO_CHROMIUM}`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-e2e-uploads-'));

let server: FerryServer | undefined;
let session: Session | undefined;
afterAll(async () => {
	await session?.close();
	await server?.stop();
	fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * A folder as a zip whose entries sit under `top/`, as a person's "Compress" makes it. Streamed
 * a megabyte at a time into the file, so a 50 MB export is never whole in memory here either.
 */
function zipFolder(dir: string, top: string, out: string): string {
	const fd = fs.openSync(out, 'w');
	const zip = new Zip((err, chunk) => {
		if (err) throw err;
		fs.writeSync(fd, chunk);
	});
	const buffer = Buffer.alloc(1024 ** 2);
	const walk = (d: string) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) {
				walk(p);
				continue;
			}
			const entry = new ZipDeflate(`${top}/${path.relative(dir, p).split(path.sep).join('/')}`, { level: 6 });
			zip.add(entry);
			const input = fs.openSync(p, 'r');
			for (let n; (n = fs.readSync(input, buffer, 0, buffer.length, null)) > 0;) entry.push(Uint8Array.from(buffer.subarray(0, n)));
			entry.push(new Uint8Array(0), true);
			fs.closeSync(input);
		}
	};
	walk(dir);
	zip.end();
	fs.closeSync(fd);
	return out;
}

type Overview = {
	current: { snapshotId: number; rowsRead: number; rowsStaged: number; rowsRejected: number } | null;
	snapshots: Array<{ id: number; current: boolean }>;
};
const overview = async (srv: FerryServer) => (await (await srv.api('/api/workspaces/sample')).json()) as Overview;

type Jobs = { jobs: Array<{ kind: string; status: string; error: string | null }> };
const jobs = async (srv: FerryServer) =>
	((await (await srv.api('/api/workspaces/sample/jobs')).json()) as Jobs).jobs.filter((j) => j.kind === 'import');

/** Picks files, presses the button, and waits for the import job the click started to end (done). */
async function upload(page: Page, srv: FerryServer, input: 'upload-files' | 'upload-folder', files: string | string[]) {
	const before = (await jobs(srv)).length;
	await page.getByTestId(input).setInputFiles(files);
	await page.getByRole('button', { name: 'Upload and import' }).click();
	await expect
		.poll(
			async () => {
				const now = await jobs(srv);
				return now.length > before && now[0].status !== 'running' ? now[0].status + (now[0].error ?? '') : 'waiting';
			},
			{ timeout: STEP, interval: 500 }
		)
		.toBe('done');
	// The page has read the result too: the panel's progress is gone.
	await expect
		.poll(async () => /Uploading…|Importing…/.test(await page.locator('.card.import').innerText()), { timeout: STEP, interval: 250 })
		.toBe(false);
	return page.locator('.card.import').innerText();
}

describe('uploads and snapshot history in the browser (issue 16)', () => {
	it.skipIf(!haveChromium)(
		'uploads the zipped sample and a ~50 MB export (folder and zip), undoes a stray import, and follows the next step',
		{ timeout: 900_000 },
		async () => {
			const big = path.join(tmp, 'clinic-export');
			await generateExport({ out: big, patients: 5800, seed: 16 });
			const bytes = (d: string): number =>
				fs
					.readdirSync(d, { withFileTypes: true })
					.reduce((n, e) => n + (e.isDirectory() ? bytes(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).size), 0);
			expect(bytes(big)).toBeGreaterThan(50 * 1024 ** 2);
			const sampleZip = zipFolder(path.resolve('data/sample'), 'sample', path.join(tmp, 'sample.zip'));
			const bigZip = zipFolder(big, 'clinic-export', path.join(tmp, 'clinic-export.zip'));

			const srv = await startFerry();
			server = srv;
			session = await openBrowser('e2e-uploads');
			const { page, shot } = session;
			page.setDefaultTimeout(STEP);
			const problems: string[] = [];
			page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
			page.on('dialog', (d) => void d.accept());
			await page.setViewportSize({ width: 1366, height: 768 });
			await page.goto(srv.url);
			await page.getByTestId('accounting').waitFor();
			const first = await overview(srv);
			expect(first.snapshots).toHaveLength(1);
			// The overview names the next action and links to its page.
			const next = page.getByTestId('next-action');
			expect(await next.innerText()).toMatch(/^Next: /);
			await shot('home-1366', { inView: true });

			// 1. The bundled sample, zipped: over the old 512 KB limit; the same rows as the folder.
			const said = await upload(page, srv, 'upload-files', sampleZip);
			expect(said).not.toMatch(/failed|internal error/i);
			const afterZip = await overview(srv);
			expect(afterZip.current).toMatchObject({ rowsRead: first.current!.rowsRead, rowsStaged: first.current!.rowsStaged, rowsRejected: 3 });

			// 2. The ~50 MB export as a folder (webkitdirectory): a new snapshot, current, its 25 MB attachment kept.
			await upload(page, srv, 'upload-folder', big);
			const afterFolder = await overview(srv);
			const bigSnap = afterFolder.current!.snapshotId;
			expect(afterFolder.snapshots.length).toBe(afterZip.snapshots.length + 1);
			expect(afterFolder.current!.rowsRead).toBeGreaterThan(80_000);
			expect(afterFolder.current!.rowsRead).toBe(afterFolder.current!.rowsStaged + afterFolder.current!.rowsRejected);
			await shot('home-after-50mb-folder');

			// 3. A stray CSV: imported, current, and the page warns and offers to switch back.
			const stray = path.join(tmp, 'stray.csv');
			fs.writeFileSync(stray, 'Invoice ID,Amount\n1,10\n2,20\n');
			await upload(page, srv, 'upload-files', stray);
			await page.getByText(/does not look like the export before it/).waitFor();
			await shot('stray-import-warning', { inView: true });
			const straySnap = (await overview(srv)).current!.snapshotId;
			expect(straySnap).toBe(bigSnap + 1);
			await page.getByRole('button', { name: `Keep snapshot ${bigSnap} current instead` }).click();
			await expect.poll(async () => (await overview(srv)).current?.snapshotId, { timeout: STEP }).toBe(bigSnap);

			// 4. Delete the stray snapshot from the history, after reading what depends on it.
			const row = page.getByTestId('snapshots').locator('tr', { hasText: 'stray.csv' });
			await row.getByRole('button', { name: 'Delete…' }).click();
			await page.getByText(`Delete snapshot ${straySnap}?`).waitFor();
			await shot('delete-confirmation', { inView: true });
			await page.getByRole('button', { name: `Delete snapshot ${straySnap}`, exact: true }).click();
			await expect.poll(async () => (await overview(srv)).snapshots.map((s) => s.id).includes(straySnap), { timeout: STEP }).toBe(false);

			// 5. Make the sample current again by its button, then re-upload the 50 MB export as a zip:
			// recognised or imported, it ends current with the same rows as the folder upload.
			await page
				.getByTestId('snapshots')
				.locator('tr', { hasText: 'bundled sample' })
				.getByRole('button', { name: 'Make current' })
				.click();
			await expect.poll(async () => (await overview(srv)).current?.snapshotId, { timeout: STEP }).toBe(first.current!.snapshotId);
			await upload(page, srv, 'upload-files', bigZip);
			const afterBigZip = await overview(srv);
			expect(afterBigZip.current).toMatchObject({ rowsRead: afterFolder.current!.rowsRead, rowsStaged: afterFolder.current!.rowsStaged });

			// 6. The next step's link opens its page.
			await page.setViewportSize({ width: 1920, height: 1080 });
			await shot('home-1920', { inView: true });
			const link = next.getByRole('link');
			const href = await link.getAttribute('href');
			await link.click();
			await expect.poll(() => new URL(page.url()).pathname, { timeout: STEP }).toBe(href);
			expect(problems).toEqual([]);
		}
	);
});
