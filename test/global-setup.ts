// Once per `vitest run` (integration and browser lanes): the `ferry` CLI bundled with esbuild, so
// the ~100 `ferry …` child processes the tests start skip tsx's per-file transform (~3 CPU s each
// on CI's 2 cores). The same sources as bin/ferry; test/support/cli.ts hands the path out, and
// test/generate/generate.test.ts keeps bin/ferry itself covered.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const OUT = path.resolve('node_modules/.cache/ferry-test/ferry.mjs');

export default async function setup(): Promise<void> {
	// Inside node_modules so packages (kept external) resolve exactly as from bin/ferry.
	fs.mkdirSync(path.dirname(OUT), { recursive: true });
	const tmp = `${OUT}.${process.pid}.tmp`;
	await build({
		entryPoints: ['src/cli/index.ts'],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		outfile: tmp,
		logLevel: 'warning'
	});
	fs.renameSync(tmp, OUT); // atomic: a lane starting beside this one never reads half a file
	process.env.FERRY_TEST_BIN = OUT;
}
