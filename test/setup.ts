// Each test file gets its own data folder, so workspaces never leak between tests or
// into the developer's data/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-test-'));
process.env.FERRY_DATA = dir;

afterAll(async () => {
	const { closeAllWorkspaces } = await import('../src/lib/server/db/index.js');
	await closeAllWorkspaces();
	fs.rmSync(dir, { recursive: true, force: true });
});
