import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { host: '127.0.0.1' },
	ssr: { external: ['@duckdb/node-api', '@duckdb/node-bindings'] },
	test: {
		include: ['test/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['test/setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		pool: 'forks',
		// Two cores: more workers only thrash DuckDB.
		maxWorkers: 2
	}
});
