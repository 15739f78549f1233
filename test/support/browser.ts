// Debian's chromium driven by playwright-core, never a downloaded browser. Tests call
// `chromiumPath()` first and skip with a clear message only when it is absent.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumPath(): string | undefined {
	return fs.existsSync(CHROMIUM) ? CHROMIUM : undefined;
}

export const NO_CHROMIUM = `skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`;

export interface Session {
	browser: Browser;
	page: Page;
	/** Saves test-output/<suite>/NN-<name>.png (the whole page, or what is in view) and returns its path. */
	shot(name: string, o?: { inView?: boolean }): Promise<string>;
	close(): Promise<void>;
}

export async function openBrowser(suite: string): Promise<Session> {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage']
	});
	const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
	const dir = path.resolve('test-output', suite);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	let n = 0;
	return {
		browser,
		page,
		shot: async (name, o = {}) => {
			const file = path.join(dir, `${String(++n).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file, fullPage: !o.inView });
			return file;
		},
		close: () => browser.close()
	};
}
