// Each test file gets its own data folder, so workspaces never leak between tests or
// into the developer's data/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-test-'));
process.env.FERRY_DATA = dir;
// Tests build their exports in the temporary folder and import them by path through the API.
process.env.FERRY_IMPORT_ROOTS ??= os.tmpdir();

afterAll(async () => {
	const { closeAllWorkspaces } = await import('../src/lib/server/db/index.js');
	await closeAllWorkspaces();
	fs.rmSync(dir, { recursive: true, force: true });
});
