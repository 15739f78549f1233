// The shape of the import graph, read by dependency-cruiser over every .ts and .svelte file in
// src (type-only imports and dynamic import() count: a loop hidden behind either is still a
// loop). Two rules: no file reaches itself through its imports, and the Twenty sandbox is
// chosen only where Ferry is put together, never by the production code it stands in for.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const SANDBOX = '^src/lib/server/sandbox/';
/** The composition points that may start the sandbox: the CLI's sandbox, serve and run commands, the web server's hooks. */
const MAY_USE_SANDBOX = ['^src/cli/commands/(sandbox|serve|run)\\.ts$', '^src/hooks\\.server\\.ts$'];

const RULES = {
	forbidden: [
		{ name: 'no-import-loop', severity: 'error' as const, from: {}, to: { circular: true } },
		{
			name: 'sandbox-only-at-composition',
			severity: 'error' as const,
			from: { pathNot: [SANDBOX, ...MAY_USE_SANDBOX] },
			to: { path: SANDBOX }
		}
	]
};

async function cruiseGraph(roots: string[], cwd: string, tsConfig?: string): Promise<ICruiseResult> {
	const here = process.cwd();
	process.chdir(cwd);
	try {
		const r = await cruise(roots, {
			validate: true,
			ruleSet: RULES,
			tsPreCompilationDeps: true,
			...(tsConfig ? { tsConfig: { fileName: tsConfig } } : {}),
			doNotFollow: { path: 'node_modules' },
			exclude: { path: 'node_modules' }
		});
		return r.output as ICruiseResult;
	} finally {
		process.chdir(here);
	}
}

/** One line per broken rule: the loop spelled out file by file, or the forbidden import. */
function describeViolation(v: IViolation): string {
	if (v.rule.name === 'no-import-loop' && v.cycle?.length) {
		const loop = [v.from, ...v.cycle.map((c) => c.name)];
		return `import loop: ${loop.join(' → ')}`;
	}
	return `${v.rule.name}: ${v.from} imports ${v.to}`;
}

/** Each loop once, whichever of its files the cruiser started from. */
function problems(r: ICruiseResult): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const v of r.summary.violations) {
		const key = v.rule.name === 'no-import-loop' ? [v.from, ...(v.cycle ?? []).map((c) => c.name)].sort().join('|') : `${v.from}>${v.to}`;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(describeViolation(v));
	}
	return out;
}

describe('the import graph', () => {
	it('has no import loops, and only the composition starts the sandbox', { timeout: 180_000 }, async () => {
		const r = await cruiseGraph(['src'], process.cwd(), 'tsconfig.json');
		// The cruiser read the whole app, pages included (a parser that skipped .svelte would pass vacuously).
		const files = r.modules.map((m) => m.source);
		expect(files).toContain('src/routes/+layout.svelte');
		expect(files).toContain('src/lib/server/loader/ledger.ts');
		expect(files.length).toBeGreaterThan(300);
		expect(problems(r)).toEqual([]);
	});

	it('names each file of a loop, type-only and dynamic imports included', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cycles-'));
		try {
			fs.mkdirSync(path.join(dir, 'src/lib/server/sandbox'), { recursive: true });
			const write = (f: string, text: string) => fs.writeFileSync(path.join(dir, f), text);
			write('src/a.ts', `import type { B } from './b';\nexport type A = B;\n`);
			write('src/b.ts', `export type B = number;\nexport const c = () => import('./c');\n`);
			write('src/c.ts', `import type { A } from './a';\nexport const x: A = 1;\n`);
			write('src/lib/server/sandbox/index.ts', `export const s = 1;\n`);
			write('src/client.ts', `import { s } from './lib/server/sandbox/index';\nexport const y = s;\n`);
			const found = problems(await cruiseGraph(['src'], dir));
			expect(found).toHaveLength(2);
			expect(found).toContain('sandbox-only-at-composition: src/client.ts imports src/lib/server/sandbox/index.ts');
			const loop = found.find((p) => p.startsWith('import loop: '));
			expect(loop?.split(' → ').sort()).toEqual(['import loop: src/a.ts', 'src/a.ts', 'src/b.ts', 'src/c.ts'].sort());
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
