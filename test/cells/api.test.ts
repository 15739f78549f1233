// The notebook API, browser-free: open/save notebooks, run cells, Arrow pages with sort and
// filter pushed down, column stats, and clear errors for bad input.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { apiCaller } from '../support/api.js';

process.env.FERRY_CELLS = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cells-'));

const TOKEN = 'cells-token';
const api = createApi({ token: TOKEN });
let n = 0;

const call = apiCaller(api, { token: TOKEN });

async function workspace(): Promise<string> {
	const name = `cellsapi-${process.pid}-${++n}`;
	expect((await call('/workspaces', { method: 'POST', json: { name } })).status).toBe(201);
	return name;
}

const NB =
	"# Numbers\n\n```sql name=nums\nselect range as i, case when range % 3 = 0 then null else 'v' || range end as label from range(25000)\n```\n";

describe('notebook API', () => {
	it('saves, lists, opens, runs and pages a million-row-style view with sort and filter in DuckDB', async () => {
		const ws = await workspace();
		const saved = await call(`/workspaces/${ws}/notebooks/nums`, { method: 'PUT', json: { text: NB } });
		expect(saved.status).toBe(200);
		const list = await (await call(`/workspaces/${ws}/notebooks`)).json();
		expect(list.notebooks).toContainEqual({ name: 'nums', cells: 1 });
		const opened = await (await call(`/workspaces/${ws}/notebooks/nums`)).json();
		expect(opened.cells[0]).toMatchObject({ name: 'nums', status: 'never' });
		expect(opened.text).toBe(NB);

		const run = await (await call(`/workspaces/${ws}/notebooks/nums/run`, { method: 'POST', json: { cell: 'nums' } })).json();
		expect(run.cells[0]).toMatchObject({ status: 'fresh', output: { view: 'main.nums' } });

		const page = await call(`/workspaces/${ws}/views/main.nums/rows?offset=1000&limit=500&sort=i&desc=1`);
		expect(page.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
		expect(page.headers.get('x-total-rows')).toBe('25000');
		const t = tableFromIPC(new Uint8Array(await page.arrayBuffer()));
		expect(t.numRows).toBe(500);
		expect(Number(t.getChild('i')!.get(0))).toBe(25000 - 1 - 1000);

		const filtered = await call(`/workspaces/${ws}/views/main.nums/rows?limit=10&f.label=${encodeURIComponent('V2499')}`);
		expect(filtered.headers.get('x-total-rows')).toBe('6'); // v24990…v24999 minus multiples of 3 (null), case-insensitive
		const rows = tableFromIPC(new Uint8Array(await filtered.arrayBuffer()))
			.toArray()
			.map((r) => r.label);
		expect(rows.every((l: string) => l.startsWith('v2499'))).toBe(true);

		const stats = await (await call(`/workspaces/${ws}/views/main.nums/stats`)).json();
		expect(stats.rows).toBe(25000);
		expect(stats.columns[1]).toMatchObject({ name: 'label', type: 'VARCHAR', nulls: 8334 });
		expect(Math.abs(stats.columns[0].distinct - 25000) / 25000).toBeLessThan(0.1);
		expect(stats.note).toMatch(/approximate/);

		const schema = await (await call(`/workspaces/${ws}/schema`)).json();
		expect(schema.tables.nums).toEqual(['i', 'label']);
	});

	it('names the problem: broken fence, unknown column, unknown view, hand edits since opening', async () => {
		const ws = await workspace();
		const broken = await call(`/workspaces/${ws}/notebooks/bad`, { method: 'PUT', json: { text: '```sql name=a\nselect 1\n' } });
		expect(broken.status).toBe(400);
		expect((await broken.json()).error).toMatch(/line 1: the fence ``` opened here is never closed/);

		const saved = await (await call(`/workspaces/${ws}/notebooks/v`, { method: 'PUT', json: { text: NB } })).json();
		await call(`/workspaces/${ws}/notebooks/v/run`, { method: 'POST', json: {} });
		const col = await call(`/workspaces/${ws}/views/main.nums/rows?sort=nope`);
		expect(col.status).toBe(400);
		expect((await col.json()).error).toBe(`main.nums has no column 'nope'`);
		const view = await call(`/workspaces/${ws}/views/main.gone/rows`);
		expect(view.status).toBe(404);
		const schema = await call(`/workspaces/${ws}/views/ferry.settings/rows`);
		expect(schema.status).toBe(400);

		fs.writeFileSync(path.join(process.env.FERRY_CELLS!, 'v.md'), NB + '\nedited by hand\n');
		const stale = await call(`/workspaces/${ws}/notebooks/v`, { method: 'PUT', json: { text: NB, base: saved.version } });
		expect(stale.status).toBe(409);
		const blocks = await call(`/workspaces/${ws}/notebooks/v`, {
			method: 'PUT',
			json: {
				blocks: [
					{ kind: 'prose', text: '# t' },
					{ kind: 'cell', lang: 'sql', name: 'x', source: 'select 1 as one' }
				]
			}
		});
		expect((await blocks.json()).text).toBe('# t\n```sql name=x\nselect 1 as one\n```');
		const missing = await call(`/workspaces/${ws}/notebooks/nothere`);
		expect(missing.status).toBe(404);
	});
});
