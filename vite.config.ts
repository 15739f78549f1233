import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/sequencer';

// Test lanes (README "Tests"): `npm test` runs all three projects; each lane runs alone with
// `npm run test:unit|test:integration|test:browser`.
// unit: pure functions and small in-memory DuckDB, no server, no sandbox, no sample; under 60 s.
const UNIT = [
	'test/unit/**/*.test.ts',
	'test/api/errors.test.ts',
	'test/architecture/*.test.ts',
	'test/cells/format.test.ts',
	'test/db/*.test.ts',
	'test/mapping/values.test.ts',
	'test/sandbox/filter.test.ts',
	'test/security/logger.test.ts'
];
// browser: a real Chromium against a built server.
const BROWSER = ['test/e2e/**/*.test.ts', 'test/security/xss.test.ts'];
// The lanes that start `ferry` child processes get it bundled once (test/global-setup.ts).
const CLI = 'test/global-setup.ts';

export default defineConfig({
	plugins: [sveltekit()],
	server: { host: '127.0.0.1' },
	ssr: { external: ['@duckdb/node-api', '@duckdb/node-bindings'] },
	test: {
		environment: 'node',
		setupFiles: ['test/setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		pool: 'forks',
		// Two cores: more workers only thrash DuckDB.
		maxWorkers: 2,
		sequence: { sequencer: SlowFirstSequencer },
		projects: [
			{ extends: true, test: { name: 'unit', include: UNIT } },
			{
				extends: true,
				test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...UNIT, ...BROWSER], globalSetup: [CLI] }
			},
			{ extends: true, test: { name: 'browser', include: BROWSER, globalSetup: [CLI] } }
		]
	}
});
