// The ts_function transform: an analyst's TypeScript function (inline, or a notebook's TS
// cell) runs in the TS cell worker over distinct values or rows, lands in mapping.lookup and
// reaches the payload through the compiled view; a throw or a runaway is a validation error
// naming the row and the function's line. Also: concurrent compiles on one workspace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { saveNotebook } from '../../src/lib/server/cells/index.js';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import {
	compileMapping,
	fillLookups,
	loadMapping,
	saveMapping,
	setField,
	validateMapping,
	type FieldMap,
	type Mapping
} from '../../src/lib/server/mapping/index.js';
import { freshWorkspace } from '../helpers.js';
import { apiCaller } from '../support/api.js';

process.env.FERRY_CELLS = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cells-'));
const TOKEN = 'test-token-mapfn';
const api = createApi({ token: TOKEN });
let ws: Workspace;
let base: Mapping;

beforeAll(async () => {
	ws = await freshWorkspace('mapfn');
	await importExport(ws, path.resolve('data/sample'));
	base = await loadMapping(ws);
}, 30_000);

/** The patients source only, every field confirmed, with `patch` applied to one field. */
function withFunction(target: string, patch: Partial<FieldMap>): Mapping {
	const m = structuredClone(base);
	m.sources = m.sources.filter((s) => s.id === 'patients');
	for (const f of m.sources[0].fields) f.confirmed = true;
	Object.assign(
		m.sources[0].fields.find((f) => f.target === target)!,
		{ transform: 'ts_function', ...patch }
	);
	return m;
}
const payloads = async () => {
	const rows = await ws.all<{ source_key: string; payload: string }>(
		`select source_key, payload::varchar as payload from stage.people where source_key like 'patient:%'`
	);
	return new Map(rows.map((r) => [r.source_key.slice(8), JSON.parse(r.payload)]));
};
const raw = async (col: string) =>
	new Map(
		(await ws.all<{ id: string; v: string | null }>(`select trim(patient_id) as id, ${col} as v from raw.patients`)).map((r) => [r.id, r.v])
	);

describe('ts_function transform', () => {
	it('one parameter: runs once per distinct value and lands in the payload', async () => {
		const m = withFunction('salutation', { fn: { code: '(value: string) => value.toUpperCase() + "."' } });
		expect((await validateMapping(ws, m)).errors).toEqual([]);
		await compileMapping(ws, m);
		const p = await payloads();
		const titles = await raw(`nullif(trim(title), '')`);
		const some = [...titles].filter(([, v]) => v);
		expect(some.length).toBeGreaterThan(10);
		for (const [id, v] of some) if (p.has(id)) expect(p.get(id).salutation).toBe(`${v!.toUpperCase()}.`);
		const distinct = new Set(some.map(([, v]) => v)).size;
		const stored = await ws.one<{ n: bigint }>(
			`select count(*) as n from mapping.lookup where kind like 'fn:%' and kind not like 'fn:%:%'`
		);
		expect(Number(stored!.n)).toBe(distinct);
	}, 60_000);

	it('two parameters: runs per row with the source row; typed outputs (number, select)', async () => {
		const m = withFunction('preferredName', {
			fn: { code: '(value: string | null, row: Record<string, string | null>) =>\n  `${row.first_name} ${row.last_name}`.trim()' }
		});
		Object.assign(
			m.sources[0].fields.find((f) => f.target === 'billingStatus')!,
			{ transform: 'ts_function', fn: { code: '(v: string) => (/overdue/i.test(v) ? "Overdue" : "Paid")' } }
		);
		await compileMapping(ws, m);
		const p = await payloads();
		const names = await raw(`trim(first_name) || ' ' || trim(last_name)`);
		let checked = 0;
		for (const [id, payload] of p) {
			expect(payload.preferredName).toBe(names.get(id));
			if (payload.billingStatus) expect(['OVERDUE', 'PAID']).toContain(payload.billingStatus);
			checked++;
		}
		expect(checked).toBeGreaterThan(100);
		const outside = withFunction('billingStatus', { fn: { code: '(v: string) => "Written Off"' } });
		const e = (await validateMapping(ws, outside)).errors.find((x) => x.code === 'select_value');
		expect(e?.values?.[0]).toMatchObject({ value: 'Written Off' });
	}, 60_000);

	it("a notebook's TS cell returning the function", async () => {
		saveNotebook('mapfns', {
			text: '```ts name=initials\nconst first = (s: string) => s.slice(0, 1);\nreturn (value: string) => first(value).toUpperCase();\n```\n'
		});
		// Saved, as a person's map is: the save pins the cell as it is now (see the security case below).
		const m = await saveMapping(ws, withFunction('middleName', { fn: { notebook: 'mapfns', cell: 'initials' } }));
		await compileMapping(ws, m);
		const p = await payloads();
		for (const [id, v] of await raw(`nullif(trim(middle_name), '')`))
			if (v && p.has(id)) expect(p.get(id).middleName).toBe(v.slice(0, 1).toUpperCase());
		const missing = withFunction('middleName', { fn: { notebook: 'mapfns', cell: 'nope' } });
		expect((await validateMapping(ws, missing)).errors[0]).toMatchObject({
			code: 'function_error',
			message: expect.stringMatching(/has no cell 'nope'/)
		});
	}, 60_000);

	it("a throw names the row's key (not its value) and the function's line; compile refuses", async () => {
		const victim = (await ws.one<{ id: string; t: string }>(
			`select min(trim(patient_id)) as id, min(trim(title)) as t from raw.patients where trim(title) = (select min(trim(title)) from raw.patients where nullif(trim(title), '') is not null)`
		))!;
		const code = `(value: string) => {\n  if (value === ${JSON.stringify(victim.t)}) throw new Error('no such title');\n  return value;\n}`;
		const m = withFunction('salutation', { fn: { code } });
		const e = (await validateMapping(ws, m)).errors;
		expect(e).toHaveLength(1);
		expect(e[0].code).toBe('function_error');
		expect(e[0].message).toMatch(
			/^patients → person\.salutation: the TypeScript function failed on patient:\d+ \(line 2 of the function\): no such title$/
		);
		const holder = await ws.one<{ n: bigint }>(
			`select count(*) as n from raw.patients where trim(title) = $1 and 'patient:' || trim(patient_id) = $2`,
			[victim.t, e[0].message.match(/patient:\d+/)![0]]
		);
		expect(Number(holder!.n)).toBe(1);
		await expect(compileMapping(ws, m)).rejects.toThrow(/failed on patient:\d+ \(line 2/);
	}, 60_000);

	it('a runaway function is stopped at its time limit and reported as a validation error (module and API)', async () => {
		process.env.FERRY_FUNCTION_TIMEOUT_MS = '700';
		try {
			const m = withFunction('externalRef', { fn: { code: '(value: string) => {\n  while (true) {}\n}' } });
			const started = Date.now();
			const e = (await validateMapping(ws, m)).errors;
			expect(e).toEqual([
				expect.objectContaining({
					code: 'function_error',
					target: 'externalRef',
					message: expect.stringMatching(/stopped after 0\.7 s: the function ran past its time limit/)
				})
			]);
			expect(Date.now() - started).toBeLessThan(30_000);
			// Validated again: the stored failure answers, the function does not run again.
			const again = Date.now();
			expect((await validateMapping(ws, m)).errors[0].code).toBe('function_error');
			expect(Date.now() - again).toBeLessThan(5_000);
			// Through the API: the field override, then the validation answer and a refused compile.
			await saveMapping(ws, base);
			const call = apiCaller(api, { token: TOKEN, prefix: `/api/workspaces/${ws.name}` });
			expect(
				(await call('/mapping/field', { method: 'PATCH', json: { source: 'patients', target: 'externalRef', transform: 'ts_function' } }))
					.status
			).toBe(400);
			const patched = await call('/mapping/field', {
				method: 'PATCH',
				json: { source: 'patients', target: 'externalRef', transform: 'ts_function', fn: { code: '(v: string) => { for (;;) {} }' } }
			});
			expect(patched.status).toBe(200);
			const v = await (await call('/mapping/validation')).json();
			expect(v.errors.find((x: { code: string }) => x.code === 'function_error')?.message).toMatch(/time limit/);
			expect((await call('/mapping/compile', { method: 'POST' })).status).toBe(422);
		} finally {
			delete process.env.FERRY_FUNCTION_TIMEOUT_MS;
			await saveMapping(ws, base);
		}
	}, 90_000);
});

describe('a notebook function runs only as a person chose it', () => {
	const cellFile = () => path.join(process.env.FERRY_CELLS!, 'pinfns.md');
	const call = apiCaller(api, { token: TOKEN, prefix: () => `/api/workspaces/${ws.name}/mapping` });
	const patch = (json: unknown) => call('/field', { method: 'PATCH', json });
	const functions = async () =>
		(await (await call('/functions')).json()) as {
			fields: Array<{ target: string; fn: { sha256?: string }; problem: string | null }>;
		};

	it('a cell replaced on disk after it was chosen runs nothing until a person chooses it again (API and CLI service)', async () => {
		saveNotebook('pinfns', { text: '```ts name=shout\nreturn (value: string) => value.toUpperCase();\n```\n' });
		await saveMapping(ws, withFunction('middleName', {}));
		expect(
			(await patch({ source: 'patients', target: 'middleName', transform: 'ts_function', fn: { notebook: 'pinfns', cell: 'shout' } }))
				.status
		).toBe(200);
		const chosen = (await functions()).fields.find((f) => f.target === 'middleName')!;
		expect(chosen.fn.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(chosen.problem).toBeNull();
		expect((await validateMapping(ws, await loadMapping(ws))).errors).toEqual([]);

		// Someone drops a different notebook of the same name into the cells folder: nothing of it runs.
		fs.writeFileSync(cellFile(), '```ts name=shout\nreturn (value: string) => value + String(42);\n```\n');
		const before = await ws.one<{ n: bigint }>(`select count(*) as n from mapping.function_runs`);
		const m = await loadMapping(ws);
		for (const f of m.sources[0].fields) f.confirmed = true; // as a person confirms the edited field
		const e = (await validateMapping(ws, m)).errors.find((x) => x.target === 'middleName');
		expect(e).toMatchObject({
			code: 'function_error',
			message: expect.stringMatching(
				/cell 'shout' of notebook 'pinfns' changed since it was chosen for this field, so it does not run: review the cell, then choose it again/
			)
		});
		await expect(compileMapping(ws, m)).rejects.toThrow(/changed since it was chosen/);
		expect((await ws.one<{ n: bigint }>(`select count(*) as n from mapping.function_runs`))!.n).toBe(before!.n);
		expect((await functions()).fields.find((f) => f.target === 'middleName')!.problem).toMatch(/changed since it was chosen/);
		// A save of the map (a confirmation, another edit) keeps the old pin: still refused.
		await saveMapping(ws, m);
		expect((await validateMapping(ws, await loadMapping(ws))).errors.find((x) => x.target === 'middleName')?.message).toMatch(
			/changed since/
		);

		// The person reviews it and chooses it again (here through the CLI's service): it runs as it is now.
		await setField(ws, { field: 'patients.middleName', cell: 'pinfns/shout' });
		const again = await loadMapping(ws);
		for (const f of again.sources[0].fields) f.confirmed = true;
		expect((await validateMapping(ws, again)).errors).toEqual([]);
		await compileMapping(ws, again);
		const p = await payloads();
		const some = [...(await raw(`nullif(trim(middle_name), '')`))].find(([id, v]) => v && p.has(id))!;
		expect(p.get(some[0]).middleName).toBe(`${some[1]}42`);
		await saveMapping(ws, base);
	}, 90_000);

	it('a map whose notebook function no person chose (a cell that appeared later) is refused, naming what to do', async () => {
		const m = withFunction('middleName', { fn: { notebook: 'later', cell: 'fn' } });
		const saved = await saveMapping(ws, m); // the notebook does not exist yet: nothing to pin
		expect(saved.sources[0].fields.find((f) => f.target === 'middleName')!.fn!.sha256).toBeUndefined();
		saveNotebook('later', { text: '```ts name=fn\nreturn (v: string) => v;\n```\n' });
		const e = (await validateMapping(ws, await loadMapping(ws))).errors.find((x) => x.target === 'middleName');
		expect(e?.message).toMatch(
			/has not been chosen for this field by a person here: review the cell, then choose it again .*ferry map set <source>\.middleName --cell later\/fn/
		);
		await expect(setField(ws, { field: 'patients.middleName', cell: 'later' })).rejects.toThrow(
			/name a TypeScript cell as <notebook>\/<cell>/
		);
		await saveMapping(ws, base);
	}, 60_000);
});

describe('concurrent compiles', () => {
	it('two compiles and a lookup fill at once on one workspace all finish, with the same views', async () => {
		const m = structuredClone(base);
		for (const s of m.sources) for (const f of s.fields) f.confirmed = true;
		await ws.run(`delete from mapping.lookup`);
		const [a, b] = await Promise.all([compileMapping(ws, m), compileMapping(ws, m), fillLookups(ws, m)]);
		expect(a.views.map((v) => v.plural)).toEqual(b.views.map((v) => v.plural));
		expect(a.lookups).toBeGreaterThan(0);
		expect(b.lookups).toBe(0); // the second found every value converted by the first
		const n = await ws.one<{ n: bigint }>(`select count(*) as n from stage.people`);
		expect(Number(n!.n)).toBeGreaterThan(100);
		const leftovers = await ws.all(`select table_name from duckdb_tables() where schema_name = 'mapping' and table_name like '%pending%'`);
		expect(leftovers).toEqual([]);
	}, 60_000);
});
