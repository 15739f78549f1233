// Longest files first, whichever lane they are in: with two workers, a 6-minute file started last
// is a 6-minute tail. Vitest orders by the last run's durations when its cache has them; a fresh
// clone (CI) has none, so it falls back to these (seconds, a fresh-clone run of .ci/run on 2 cores, 2026-12-07, issue 17). A rough order
// is enough: files not listed run after these, largest first.
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const EXPECTED_S: Record<string, number> = {
	'test/e2e/journey.test.ts': 200,
	'test/security/log.test.ts': 125,
	'test/faults/kill9.test.ts': 88,
	'test/security/xss.test.ts': 81,
	'test/mapping/layouts.test.ts': 77,
	'test/mapping/validation.test.ts': 62,
	'test/dedupe/dedupe.test.ts': 62,
	'test/recipes/replay.test.ts': 61,
	'test/cli/map.test.ts': 61,
	'test/security/api-key.test.ts': 59,
	'test/delta/push.test.ts': 55,
	'test/security/bounds.test.ts': 52,
	'test/e2e/uploads.test.ts': 51,
	'test/mapping/function.test.ts': 46,
	'test/faults/server-restart.test.ts': 44,
	'test/corpus/corpus.test.ts': 43,
	'test/mapping/default-map.test.ts': 42,
	'test/recipes/cli.test.ts': 35,
	'test/mapping/second-pass.test.ts': 30,
	'test/loader/faults.test.ts': 23,
	'test/mapping/schema-sync.test.ts': 19,
	'test/recipes/decisions.test.ts': 18
};

export class SlowFirstSequencer extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const root = this.ctx.config.root;
		const expected = (spec: TestSpecification): number => {
			const file = path.relative(root, spec.moduleId).split(path.sep).join('/');
			const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
			if (cached && !cached.failed) return cached.duration / 1000;
			return EXPECTED_S[file] ?? 0;
		};
		// Vitest's own order (failed first, then by size) breaks the ties among the unlisted files.
		const base = await super.sort(files);
		const rank = new Map(base.map((f, i) => [f, i]));
		return [...base].sort((a, b) => expected(b) - expected(a) || rank.get(a)! - rank.get(b)!);
	}
}
