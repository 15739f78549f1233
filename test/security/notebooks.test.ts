// Issue 18: "notebooks that did not come from this workspace are untrusted until a person says
// otherwise". A notebook is a Markdown file in cells/; one copied in from elsewhere must not run
// by being there, listed or opened: it runs when a person runs it from the notebook page (its
// code on screen) or through a recipe (refused until trusted: test/security/recipes.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { openWorkspace } from '../../src/lib/server/db/index.js';
import { jsonCaller } from '../support/api.js';

process.env.FERRY_CELLS = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-nbsec-cells-'));

const TOKEN = 'nbsec-token';
const api = createApi({ token: TOKEN });
const call = jsonCaller(api, { token: TOKEN, prefix: '/api/workspaces' });

const FOREIGN =
	'# Shared by someone\n\n```sql name=counted\nselect 42 as answer\n```\n\n```ts name=sneaky\nconst n = 6 * 7;\nconsole.log(n);\n```\n';

describe('a notebook copied into cells/ runs only when a person runs it', () => {
	it('listing it, opening it and opening the workspace run none of its cells', async () => {
		const ws = `nbsec-${process.pid}`;
		expect((await call('', 'POST', { name: ws })).status).toBe(201);
		fs.writeFileSync(path.join(process.env.FERRY_CELLS!, 'shared.md'), FOREIGN);
		expect((await call(`/${ws}/notebooks`)).body.notebooks).toContainEqual({ name: 'shared', cells: 2 });
		const opened = await call(`/${ws}/notebooks/shared`);
		expect(opened.status).toBe(200);
		// The page shows the file's text, so the person sees the code before any Run.
		expect(opened.body.text).toBe(FOREIGN);
		expect(opened.body.cells.map((c: { status: string }) => c.status)).toEqual(['never', 'never']);
		expect((await call(`/${ws}`)).status).toBe(200);
		const w = await openWorkspace(ws);
		const runs = await w.all(`select 1 from duckdb_tables() where schema_name = 'ferry' and table_name = 'cell_runs'`);
		if (runs.length) expect(await w.all(`select cell from ferry.cell_runs where notebook = 'shared'`)).toEqual([]);
		// The person's Run is what runs it.
		const ran = await call(`/${ws}/notebooks/shared/run`, 'POST', {});
		expect(ran.status, JSON.stringify(ran.body).slice(0, 300)).toBe(200);
		const after = await call(`/${ws}/notebooks/shared`);
		expect(after.body.cells.map((c: { status: string }) => c.status)).toEqual(['fresh', 'fresh']);
	});
});
