// TypeScript cells: bound sql, other cells by name, Plot to SVG on the server, console
// capture, errors on the cell's line, and the worker's time and memory limits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNotebook, runTs, saveNotebook, viewPage } from '../../src/lib/server/cells/index.js';
import { freshWorkspace } from '../helpers.js';

process.env.FERRY_CELLS = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cells-'));

const noHost = { query: async () => [], cell: async () => null };

describe('TS cells', () => {
	it('binds sql parameters (never pastes them), reads other cells, charts and logs', async () => {
		const ws = await freshWorkspace('ts');
		await ws.run(`create table main.people as select * from (values ('a', 'x@y.z'), ('b', 'o''hara')) t(name, email)`);
		const ts = [
			'const evil = "o\'hara\' or 1=1 --";',
			'const none = await sql`select name from people where email = ${evil}`;',
			'const one = await sql`select name from people where email = ${"o\'hara"}`;',
			"const counted = await cell('counted');",
			"console.log('rows', none.length, one.length);",
			"plot({ marks: [Plot.barY(counted, { x: 'n', y: 'n' })] });",
			'return { none: none.length, one: one[0].name, n: counted[0].n };'
		].join('\n');
		saveNotebook('tsnb', {
			text: `\`\`\`sql name=counted\nselect count(*) as n from people\n\`\`\`\n\n\`\`\`ts name=check\n${ts}\n\`\`\`\n`
		});
		const r = await runNotebook(ws, 'tsnb');
		expect(r.ran).toEqual(['counted', 'check']);
		const check = r.cells.find((c) => c.name === 'check')!;
		expect(check.deps).toEqual(['counted']);
		expect(JSON.parse(check.output!.value!)).toEqual({ none: 0, one: 'b', n: 2 });
		expect(check.output!.logs).toEqual([{ level: 'log', text: 'rows 0 1' }]);
		expect(check.output!.svgs![0]).toMatch(/^<svg[\s\S]*<\/svg>$/);
	});

	it('a list of records from a TS cell is a table the paged grid reads like a SQL result', async () => {
		const ws = await freshWorkspace('ts');
		const ts =
			"return Array.from({ length: 1500 }, (_, i) => ({ id: i, name: 'n' + i, tags: i % 2 ? ['odd'] : null, when: '2024-01-0' + ((i % 9) + 1) }));";
		saveNotebook('tslist', {
			text: `\`\`\`ts name=made
${ts}
\`\`\`

\`\`\`ts name=scalar
return [1, 2];
\`\`\`
`
		});
		const r = await runNotebook(ws, 'tslist');
		const made = r.cells.find((c) => c.name === 'made')!;
		expect(made.output!.view).toBe('cell_lists.tslist__made');
		expect(made.output!.columns!.map((c) => c.name)).toEqual(['id', 'name', 'tags', 'when']);
		const page = await viewPage(ws, 'cell_lists', 'tslist__made', { offset: 1000, limit: 1000, sort: 'id', desc: true });
		expect(page.total).toBe(1500);
		const rows = await ws.all<{ id: number; tags: string | null }>(
			`select id, tags::varchar as tags from cell_lists.tslist__made where id in (498, 499) order by id`
		);
		expect(rows.map((x) => [Number(x.id), x.tags])).toEqual([
			[498, null],
			[499, '["odd"]']
		]);
		// A list of plain values is no table: it stays a value.
		expect(r.cells.find((c) => c.name === 'scalar')!.output).toMatchObject({ value: '[1,2]' });
		expect(r.cells.find((c) => c.name === 'scalar')!.output!.view).toBeUndefined();
	});

	it('sql in a TS cell is read-only too', async () => {
		const ws = await freshWorkspace('ts');
		saveNotebook('tsw', { text: '```ts name=w\nawait sql`drop table ferry.settings`;\n```\n' });
		const r = await runNotebook(ws, 'tsw');
		expect(r.cells[0]).toMatchObject({ status: 'error', errorLine: 1 });
		expect(r.cells[0].error).toMatch(/cannot create, change or drop/);
		expect(await ws.one(`select count(*) as n from ferry.settings`)).toEqual({ n: 1n });
	});

	it("an error points at the cell's line, a syntax error too", async () => {
		const thrown = await runTs('const a: number = 1;\n\n\nthrow new Error(`bad ${a}`);', noHost);
		expect(thrown).toMatchObject({ ok: false, error: 'bad 1', line: 4 });
		const syntax = await runTs('const a = 1;\nconst b = ;', noHost);
		expect(syntax).toMatchObject({ ok: false, line: 2 });
		expect(syntax.error).toMatch(/^syntax: /);
	});

	it('an endless loop is stopped at the time limit and the process carries on', async () => {
		const started = Date.now();
		const r = await runTs('while (true) {}', noHost, { timeoutMs: 500, memoryMb: 64 });
		expect(r).toMatchObject({ ok: false, error: 'stopped after 0.5 s: the cell ran past its time limit (an endless loop?)' });
		expect(Date.now() - started).toBeLessThan(15_000); // worker startup on a busy machine included
		expect((await runTs('return 1 + 1;', noHost)).value).toBe('2');
	});

	it('time spent answering sql on the main thread does not count against the limit', async () => {
		const slowHost = { query: () => new Promise<unknown[]>((r) => setTimeout(() => r([{ n: 1 }]), 1200)), cell: async () => null };
		const r = await runTs('const a = await sql`select 1`;\nconst b = await sql`select 2`;\nreturn a.length + b.length;', slowHost, {
			timeoutMs: 600,
			memoryMb: 64
		});
		expect(r).toMatchObject({ ok: true, value: '2' });
	});

	it('a cell that eats memory is stopped at the memory limit and the process carries on', async () => {
		const r = await runTs('const a = []; while (true) a.push(new Array(1e5).fill(Math.random()));', noHost, {
			timeoutMs: 15_000,
			memoryMb: 48
		});
		expect(r).toMatchObject({ ok: false, error: 'stopped: the cell used more than its memory limit of 48 MB' });
		expect((await runTs('return "alive";', noHost)).value).toBe('"alive"');
	});
});
