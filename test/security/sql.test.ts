// Issue 18, items 3 and 6: SQL from a map, a recipe or a cell is one SELECT or one expression by
// DuckDB's own parser, and analyst SQL cannot reach the disk. The requests are the probe's: a
// join whose sql closes its parenthesis and runs a COPY and a CREATE, a recipe cleaning step
// with three statements, read_text() of the workspace's Twenty key, /etc/passwd, glob('/root/*').
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { runNotebook, saveNotebook } from '../../src/lib/server/cells/index.js';
import { openWorkspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { replayRecipe, type Recipe } from '../../src/lib/server/recipes/index.js';
import { exportFolder } from '../helpers.js';
import { apiCaller } from '../support/api.js';

process.env.FERRY_CELLS = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-sqlsec-cells-'));
const TOKEN = 'sql-security-token';
const api = createApi({ token: TOKEN });
const BASE = 'http://127.0.0.1:5180';
const WS = `sqlsec-${process.pid}`;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-sqlsec-'));
const leak = path.join(out, 'x.csv');
const EXPORT = exportFolder({ 'patients.csv': 'Patient ID,First Name,Last Name,Email\n1,Ann,Lee,ann@x.com\n2,Bo,Kim,bo@x.com\n' });

const call = apiCaller(api, { token: TOKEN, origin: BASE });
const query = (sql: string) => call(`/workspaces/${WS}/query`, { method: 'POST', json: { sql } });
async function pwned(): Promise<boolean> {
	const ws = await openWorkspace(WS);
	return Boolean(await ws.one(`select 1 from duckdb_tables() where schema_name = 'ferry' and table_name = 'pwned'`));
}

beforeAll(async () => {
	expect((await call('/workspaces', { method: 'POST', json: { name: WS } })).status).toBe(201);
	await importExport(await openWorkspace(WS), EXPORT);
	fs.writeFileSync(path.join((await openWorkspace(WS)).dir, 'twenty-api-key'), 'sk-the-twenty-key', { mode: 0o600 });
}, 120_000);

describe('map SQL is one SELECT or one expression', () => {
	const COPY = `COPY (select * from raw.patients) TO '${leak}' (HEADER)`;
	const cases: Array<[string, (m: any) => void, RegExp]> = [
		[
			'join sql',
			(m) =>
				m.sources[0].joins.push({
					alias: 'x',
					sql: `select 1 as k) ; ${COPY}; CREATE TABLE ferry.pwned AS SELECT 42 AS x; select * from (select 1 as k`,
					on: 'true'
				}),
			/the sql of join x in source \w+ (does not parse|must be)/
		],
		['where', (m) => (m.sources[0].where = `true) ; ${COPY}; select (1`), /the where of source .* (must be|does not parse)/],
		[
			'keySql',
			(m) => (m.sources[0].keySql = `s.patient_id) from raw.patients where (1`),
			/the keySql of source .* must be exactly one expression/
		],
		['field sql', (m) => (m.sources[0].fields[0].sql = `(select 1); ${COPY}`), /the sql of field .* (must be|does not parse)/],
		[
			'join on',
			(m) => m.sources[0].joins.push({ alias: 'y', sql: 'select 1 as k', on: `true; CREATE TABLE ferry.pwned AS SELECT 42 AS x` }),
			/the on of join y .* (must be|does not parse)/
		]
	];
	for (const [name, edit, message] of cases)
		it(`a ${name} carrying a second statement is refused with its name, and nothing ran`, async () => {
			const m = await (await call(`/workspaces/${WS}/mapping`)).json();
			edit(m);
			const res = await call(`/workspaces/${WS}/mapping`, { method: 'PUT', json: m });
			const body = await res.json();
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect(body.error).toMatch(message);
			expect(fs.existsSync(leak)).toBe(false);
			expect(await pwned()).toBe(false);
		});

	it('a map written around the check (straight into the workspace) is refused when validation opens it', async () => {
		const m = await (await call(`/workspaces/${WS}/mapping`)).json();
		m.sources[0].joins.push({
			alias: 'x',
			sql: `select 1 as k) ; ${COPY}; CREATE TABLE ferry.pwned AS SELECT 42 AS x; select * from (select 1 as k`,
			on: 'true'
		});
		const ws = await openWorkspace(WS);
		await ws.run(`update mapping.document set body = $1::json where id = 1`, [JSON.stringify(m)]);
		for (const p of ['/mapping/validation', '/mapping/preview?source=' + m.sources[0].id, '/mapping']) {
			const res = await call(`/workspaces/${WS}${p}`);
			expect(res.status, p).toBe(400);
		}
		expect(fs.existsSync(leak)).toBe(false);
		expect(await pwned()).toBe(false);
		expect((await call(`/workspaces/${WS}/mapping/reset`, { method: 'POST' })).status).toBe(200);
	});

	it('plain fragments still pass: a join, a where, an expression with a subquery', async () => {
		const m = await (await call(`/workspaces/${WS}/mapping`)).json();
		m.sources[0].joins.push({ alias: 'x', sql: 'select 1 as k; ', on: 'x.k = 1' });
		m.sources[0].where = "s.email like '%;%' or true";
		m.sources[0].fields[0].sql = "coalesce((select max(k) from (select 1 as k)), 0)::varchar || ';'";
		expect((await call(`/workspaces/${WS}/mapping`, { method: 'PUT', json: m })).status).toBe(200);
		expect((await call(`/workspaces/${WS}/mapping/reset`, { method: 'POST' })).status).toBe(200);
	});
});

describe('recipe SQL is one SELECT', () => {
	it("the probe's cleaning step (select; COPY; select) is refused and writes nothing", async () => {
		const ws = await openWorkspace(WS);
		const recipe = {
			name: 'probe',
			cleaning: [
				{
					name: 'cleaned',
					sql: `select * from raw.patients; COPY (select first_name, last_name, email from raw.patients) TO '${leak}' (HEADER); select 1`
				}
			],
			import: { files: [], aliases: {}, dateOrder: 'DMY' }
		} as unknown as Recipe;
		const s = await replayRecipe(ws, recipe, { export: EXPORT, trust: true }); // trusted, and still refused: trust is not a licence for a second statement
		expect(s.status).toBe('blocked');
		expect(s.cleaning.failed).toEqual(['cleaned']);
		expect(s.problems.join('\n')).toMatch(
			/cleaning view cleaned failed: view cleaned must be one SELECT query; it cannot create, change or drop tables, copy to files/
		);
		expect(fs.existsSync(leak)).toBe(false);
	});
});

describe('analyst SQL cannot reach the disk', () => {
	const probes = [
		[
			"read_text of the workspace's Twenty key",
			() => `select content from read_text('${path.join(fs.realpathSync(process.env.FERRY_DATA!), 'workspaces', WS, 'twenty-api-key')}')`
		],
		['/etc/passwd', () => `select content from read_text('/etc/passwd')`],
		['/etc/passwd as CSV', () => `select * from read_csv('/etc/passwd')`],
		["glob('/root/*')", () => `select * from glob('/root/*')`],
		['the workspace folder', () => `select * from glob('${path.join(process.env.FERRY_DATA!, 'workspaces', WS)}/*')`],
		[
			'a path climbing out of the read folder',
			() =>
				`select content from read_text('${path.join(process.env.FERRY_DATA!, 'workspaces', WS, 'tmp', 'duckdb-read', '..', '..', 'twenty-api-key')}')`
		]
	] as const;

	it('control: the same queries read the files in a DuckDB without the lock', async () => {
		const bare = await DuckDBInstance.create(':memory:');
		const conn = await bare.connect();
		const key = await conn.runAndReadAll(probes[0][1]());
		expect(String(key.getRowObjectsJS()[0].content)).toBe('sk-the-twenty-key');
		expect((await conn.runAndReadAll(probes[1][1]())).getRowObjectsJS().length).toBe(1);
		conn.closeSync();
		bare.closeSync();
	});

	for (const [name, sql] of probes)
		it(`the query API refuses ${name}`, async () => {
			const res = await query(sql());
			const body = await res.json();
			expect(res.status).toBe(400);
			expect(body.error).toMatch(/Permission Error: Cannot access (file|directory)/);
			expect(body.error).not.toContain('sk-the-twenty-key');
		});

	it('a SQL cell and a TS cell are refused too', async () => {
		const ws = await openWorkspace(WS);
		const key = path.join(ws.dir, 'twenty-api-key');
		saveNotebook('disk', {
			text: `\`\`\`sql name=k\nselect content from read_text('${key}')\n\`\`\`\n\n\`\`\`ts name=t\nreturn await sql\`select content from read_text(\${${JSON.stringify(key)}})\`;\n\`\`\`\n`
		});
		const r = await runNotebook(ws, 'disk');
		// A view is bound when made, so the SQL cell fails at once, never when it is read.
		for (const c of r.cells) {
			expect(c.status, c.name).toBe('error');
			expect(c.error, c.name).toMatch(/Permission Error/);
		}
	});

	it('the lock holds: no query turns external access back on', async () => {
		const ws = await openWorkspace(WS);
		for (const stmt of [
			'set enable_external_access = true',
			"set allowed_directories = ['/']",
			'reset allowed_directories',
			'set lock_configuration = false'
		])
			await expect(ws.run(stmt), stmt).rejects.toThrow(/configuration has been locked/);
		expect((await query("select current_setting('enable_external_access') as v")).status).toBe(200);
	});

	it("Ferry's own import still reads an export from outside the workspace", async () => {
		const ws = await openWorkspace(WS);
		const r = await importExport(ws, exportFolder({ 'staff.csv': 'Staff ID,Name\n1,Dr A\n2,Dr B\n3,Dr C\n' }));
		expect(r).toMatchObject({ reused: false, rowsStaged: 3, rowsRejected: 0 });
		expect(fs.readdirSync(ws.readDir)).toEqual([]); // the link made for DuckDB's reader is gone
	});
});
