// The `ferry` command for tests that start it as a child process: the bundle test/global-setup.ts
// builds once per run (same sources, no tsx start-up), or bin/ferry when a file runs without it.
import path from 'node:path';

/** The script to run with `node`: `spawn(process.execPath, [ferryBin(), 'import', …])`. */
export function ferryBin(): string {
	return process.env.FERRY_TEST_BIN ?? path.resolve('bin/ferry');
}
