// What a TypeScript cell reads through sql`…` is a dependency like a SQL cell's FROM; and the
// workspace's main schema is shared by every notebook, so a view name belongs to one notebook.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookState, runNotebook, saveNotebook } from '../../src/lib/server/cells/index.js';
import { sqlTemplates } from '../../src/lib/server/cells/ts-reads.js';
import { freshWorkspace } from '../helpers.js';

process.env.FERRY_CELLS = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cells-'));

const fence = (lang: string, name: string, body: string) => `\`\`\`${lang} name=${name}\n${body}\n\`\`\``;
const write = (name: string, ...cells: string[]) => saveNotebook(name, { text: `# ${name}\n\n${cells.join('\n\n')}\n` });
const byName = <T extends { name: string }>(xs: T[]) => Object.fromEntries(xs.map((x) => [x.name, x]));

describe('sql`…` templates of a TS cell', () => {
	it('yields each template as the worker sends it: ${…} as $1, $2, nested code skipped', () => {
		const src = [
			'const a = await sql`select * from base where x > ${limit} and y = ${f({ k: "}" })}`;',
			'const b = await sql `select n from other where s = ${`nested ${1}`}`;',
			'const c = db.sql`select 1 from not_ours`;',
			'const d = `sql` + sql`select \\`q\\` from third`; // sql`select 1 from commented`',
			'/* sql`select 2 from block` */ const e = "sql`no`";'
		].join('\n');
		expect(sqlTemplates(src)).toEqual([
			'select * from base where x > $1 and y = $2',
			'select n from other where s = $1',
			'select `q` from third'
		]);
	});
});

describe('TS cells in the graph', () => {
	it('a TS cell reading a view through sql`…` depends on it: goes stale and re-runs with it', async () => {
		const ws = await freshWorkspace('cells-deps');
		const ts = 'const rows = await sql`select count(*) as n from base where i >= ${2}`;\nreturn Number(rows[0].n);';
		write('tsdeps', fence('ts', 'counted', ts), fence('sql', 'base', 'select range as i from range(5)'));
		const first = await runNotebook(ws, 'tsdeps');
		expect(first.ran).toEqual(['base', 'counted']);
		expect(byName(first.cells).counted).toMatchObject({ deps: ['base'], status: 'fresh', output: { value: '3' } });

		write('tsdeps', fence('ts', 'counted', ts), fence('sql', 'base', 'select range as i from range(9)'));
		expect(byName(await notebookState(ws, 'tsdeps')).counted.status).toBe('stale');
		const again = await runNotebook(ws, 'tsdeps', { cell: 'base' });
		expect(again.ran).toEqual(['base', 'counted']);
		expect(byName(again.cells).counted).toMatchObject({ status: 'fresh', output: { value: '7' } });
	});

	it('a template naming a cell that does not exist is an error on the cell before it runs', async () => {
		const ws = await freshWorkspace('cells-deps');
		write('tsmissing', fence('ts', 'reader', 'return await sql`select * from nowhere_at_all`;'));
		const state = byName(await notebookState(ws, 'tsmissing'));
		expect(state.reader).toMatchObject({
			status: 'error',
			error: "'nowhere_at_all' is neither a cell in this notebook nor a table in the workspace"
		});
	});

	it('a query the graph could not see (no template literal) reading a cell is refused, naming the cell', async () => {
		const ws = await freshWorkspace('cells-deps');
		write(
			'tshidden',
			fence('sql', 'base', 'select 1 as i'),
			fence('ts', 'sneaky', "const q = ['select * from base'];\nreturn await sql(Object.assign(q, { raw: q }));")
		);
		const r = await runNotebook(ws, 'tshidden');
		expect(r.failed).toEqual(['sneaky']);
		expect(byName(r.cells).sneaky.error).toMatch(/^sql: reads cell 'base', which Ferry did not find in this cell's sql`…` templates/);
	});
});

describe('view names across notebooks', () => {
	it('a second notebook reusing a view name gets a clear error; the first keeps its view; a freed name can be taken', async () => {
		const ws = await freshWorkspace('cells-deps');
		write('first', fence('sql', 'shared', "select 'first' as who"));
		write('second', fence('sql', 'shared', "select 'second' as who"), fence('sql', 'own', 'select 2 as n'));
		expect((await runNotebook(ws, 'first')).ran).toEqual(['shared']);

		const state = byName(await notebookState(ws, 'second'));
		expect(state.shared.status).toBe('error');
		expect(state.shared.error).toMatch(/^the view 'shared' already belongs to notebook 'first'/);
		const r = await runNotebook(ws, 'second');
		expect(r.ran).toEqual(['own']);
		expect(r.skipped).toEqual(['shared']);
		expect(await ws.one(`select who from main.shared`)).toEqual({ who: 'first' });
		expect(byName(await notebookState(ws, 'first')).shared.status).toBe('fresh');

		// Renamed away in the first notebook: the name is free for the second.
		write('first', fence('sql', 'shared_old', "select 'first' as who"));
		const taken = await runNotebook(ws, 'second');
		expect(taken.ran).toEqual(['shared', 'own']);
		expect(await ws.one(`select who from main.shared`)).toEqual({ who: 'second' });
		expect(byName(await notebookState(ws, 'first')).shared_old.status).toBe('never');
	});
});
