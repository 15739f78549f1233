// The dependency graph from DuckDB's parser, run order, re-runs of dependents, stale marks,
// graph errors on the cell, and the protection of Ferry's schemas.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookState, parseSelect, runNotebook, saveNotebook, tableRefs } from '../../src/lib/server/cells/index.js';
import { freshWorkspace } from '../helpers.js';

process.env.FERRY_CELLS = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cells-'));

const sql = (name: string, body: string) => `\`\`\`sql name=${name}\n${body}\n\`\`\``;
const write = (name: string, ...cells: string[]) => saveNotebook(name, { text: `# ${name}\n\n${cells.join('\n\n')}\n` });
const byName = <T extends { name: string }>(xs: T[]) => Object.fromEntries(xs.map((x) => [x.name, x]));

describe("dependencies from DuckDB's parser", () => {
	it('finds base tables through joins, subqueries and CTEs, but not CTE names', async () => {
		const ws = await freshWorkspace('cells');
		const refs = await ws.withConnection(async (c) =>
			tableRefs(
				await parseSelect(
					c,
					`with x as (select * from raw.patients p join a on a.id = p.id) select * from x, (select 1 from b where y in (select z from "C")) t`
				)
			)
		);
		expect(refs).toEqual([
			{ schema: 'raw', name: 'patients' },
			{ schema: '', name: 'a' },
			{ schema: '', name: 'b' },
			{ schema: '', name: 'c' }
		]);
	});
});

describe('running a notebook', () => {
	it('runs in dependency order, re-runs dependents on change and marks stale', async () => {
		const ws = await freshWorkspace('cells');
		await ws.run(`create table main.src as select range as i from range(10)`);
		// Written out of order on purpose: c reads b reads a.
		write(
			'chain',
			sql('c', 'select count(*) as n from b'),
			sql('b', 'select i * 2 as j from a'),
			sql('a', 'select i from src where i < 5'),
			sql('other', 'select 1 as one')
		);
		const first = await runNotebook(ws, 'chain');
		expect(first.ran).toEqual(['a', 'other', 'b', 'c']);
		expect(byName(first.cells).c).toMatchObject({ status: 'fresh', deps: ['b'] });
		expect(await ws.one(`select n from main.c`)).toEqual({ n: 5n });

		write(
			'chain',
			sql('c', 'select count(*) as n from b'),
			sql('b', 'select i * 2 as j from a'),
			sql('a', 'select i from src where i < 8'),
			sql('other', 'select 1 as one')
		);
		const before = byName(await notebookState(ws, 'chain'));
		expect([before.a.status, before.b.status, before.c.status, before.other.status]).toEqual(['stale', 'stale', 'stale', 'fresh']);

		const again = await runNotebook(ws, 'chain', { cell: 'a' });
		expect(again.ran).toEqual(['a', 'b', 'c']);
		expect(await ws.one(`select n from main.c`)).toEqual({ n: 8n });
		expect(again.cells.every((c) => c.status === 'fresh')).toBe(true);
	});

	it('running a cell first runs its stale ancestors', async () => {
		const ws = await freshWorkspace('cells');
		write('anc', sql('a', 'select 1 as x'), sql('b', 'select x + 1 as y from a'));
		const r = await runNotebook(ws, 'anc', { cell: 'b' });
		expect(r.ran).toEqual(['a', 'b']);
	});

	it('a failing cell keeps its message and line; its dependents are skipped and not fresh', async () => {
		const ws = await freshWorkspace('cells');
		write('bad', sql('a', 'select 1 as x,\n  nosuchcol'), sql('b', 'select * from a'));
		const r = await runNotebook(ws, 'bad');
		expect(r.failed).toEqual(['a']);
		expect(r.skipped).toEqual(['b']);
		const s = byName(r.cells);
		expect(s.a).toMatchObject({ status: 'error' });
		expect(s.a.error).toMatch(/nosuchcol/);
		expect(s.b.status).toBe('never');
	});

	it('a cycle, a missing name, a self-read and a duplicate name are errors on the cell', async () => {
		const ws = await freshWorkspace('cells');
		write(
			'graph',
			sql('a', 'select * from b'),
			sql('b', 'select * from a'),
			sql('m', 'select * from nowhere'),
			sql('s', 'select * from s'),
			sql('ok', 'select 1 as x'),
			sql('ok', 'select 2 as x')
		);
		const r = await runNotebook(ws, 'graph');
		expect(r.ran).toEqual(['ok']);
		const cells = r.cells;
		expect(cells[0].error).toMatch(/^cycle: a → b → a/);
		expect(cells[1].error).toMatch(/^cycle: b → a → b/);
		expect(cells[2].error).toBe(`'nowhere' is neither a cell in this notebook nor a table in the workspace`);
		expect(cells[3].error).toMatch(/reads itself/);
		expect(cells[4]).toMatchObject({ name: 'ok', status: 'fresh' });
		expect(cells[5]).toMatchObject({ name: 'ok', status: 'error' });
		expect(cells[5].error).toMatch(/already used by the cell at line \d+; rename this cell/);
		expect(await ws.one(`select x from main.ok`)).toEqual({ x: 1 });
	});

	it("cells cannot write Ferry's schemas: anything but one SELECT is refused", async () => {
		const ws = await freshWorkspace('cells');
		const count = async () => Number((await ws.one(`select count(*) as n from ferry.settings`))!.n);
		const n = await count();
		write(
			'evil',
			sql('drop_it', 'drop table ferry.settings'),
			sql('two', 'select 1; delete from ferry.settings'),
			sql('ins', 'insert into ferry.settings values (1, 2)'),
			sql('syntax', 'selec 1')
		);
		const r = await runNotebook(ws, 'evil');
		expect(r.ran).toEqual([]);
		const s = byName(r.cells);
		expect(s.drop_it.error).toMatch(/one SELECT query; it cannot create, change or drop tables/);
		expect(s.two.error).toMatch(/one SELECT|exactly one/);
		expect(s.ins.error).toMatch(/cannot create, change or drop/);
		expect(s.syntax.error).toMatch(/syntax error/i);
		expect(await count()).toBe(n);
	});
});

describe('a cell returning 10 million rows', () => {
	it('as SQL is a lazy view that pages like any other; as TS it is a clear error naming the limit', async () => {
		const ws = await freshWorkspace('cells');
		write(
			'huge',
			sql('ten_million', 'select range as i, range % 97 as k from range(10000000)'),
			'```ts name=pull\nconst rows = await sql`select * from ten_million`;\nreturn rows.length;\n```'
		);
		const r = await runNotebook(ws, 'huge');
		const s = byName(r.cells);
		expect(s.ten_million).toMatchObject({ status: 'fresh' });
		const { queryArrow } = await import('../../src/lib/server/db/index.js');
		const page = await ws.withConnection((c) => queryArrow(c, 'select * from main.ten_million', { offset: 9_999_990, limit: 50 }));
		expect(page).toMatchObject({ total: 10_000_000, offset: 9_999_990, rows: 10 });
		expect(s.pull.status).toBe('error');
		expect(s.pull.error).toMatch(
			/sql: the query returns more than 100000 rows; aggregate or add a limit \(a SQL cell shows any number of rows\)/
		);
	}, 60_000);
});
