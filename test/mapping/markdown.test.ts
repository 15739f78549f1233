// Note bodies → Markdown: SQL decides which bodies hold markup exactly as the converter does
// (plain text never leaves SQL), the worker pool converts exactly as the in-process converter,
// and a compile through the pool stages the same notes as one without it.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import { compileMapping, loadMapping, MarkdownPool, markdownLookup, type Mapping } from '../../src/lib/server/mapping/index.js';
import { markupSql, plainSql } from '../../src/lib/server/mapping/markdown.js';
import { freshWorkspace } from '../helpers.js';

let ws: Workspace;
let bodies: Array<{ body: string; markup: boolean; plain: string }>;

beforeAll(async () => {
	ws = await freshWorkspace('mapmd');
	await importExport(ws, path.resolve('data/sample'));
	bodies = await ws.all(
		`select body, ${markupSql('body')} as markup, ${plainSql('body')} as plain from (select distinct body from raw.clinical_notes where body is not null)`
	);
}, 30_000);

const confirmedNotes = (m: Mapping): Mapping => ({
	...m,
	sources: m.sources.filter((s) => s.plural === 'notes').map((s) => ({ ...s, fields: s.fields.map((f) => ({ ...f, confirmed: true })) }))
});

describe('Markdown conversion', () => {
	it('SQL finds markup exactly where the converter would convert; plain text comes back as the converter returns it', async () => {
		expect(bodies.filter((b) => b.markup).length).toBeGreaterThan(20);
		expect(bodies.filter((b) => !b.markup).length).toBeGreaterThan(20);
		for (const b of bodies) {
			const t = b.body.trim();
			expect(b.markup, 'markup test').toBe(t.startsWith('{\\rtf') || /<\/?[a-z][^>]*>/i.test(t));
			if (!b.markup) expect(b.plain).toBe(await markdownLookup(b.body));
		}
		// Edge cases, white space JavaScript trims but RE2's \\s does not (NBSP, BOM, ideographic space) included.
		for (const odd of [
			'\n\t{\\rtf1 x}',
			'  <b>x</b>',
			'a < b and c > d',
			'x<br/>y',
			'\u00a0{\\rtf1 x}',
			'\ufeff plain \u3000',
			'\v\u2028 note\u00a0'
		]) {
			const r = (await ws.one<{ m: boolean; p: string }>(`select ${markupSql('$1::varchar')} as m, ${plainSql('$1::varchar')} as p`, [
				odd
			]))!;
			expect(r.m, JSON.stringify(odd)).toBe(odd.trim().startsWith('{\\rtf') || /<\/?[a-z][^>]*>/i.test(odd.trim()));
			if (!r.m) expect(r.p, JSON.stringify(odd)).toBe(await markdownLookup(odd));
		}
	});

	it('the worker pool converts exactly as the in-process converter (HTML, RTF, damaged RTF)', async () => {
		const marked = [...bodies.filter((b) => b.markup).map((b) => b.body), '{\\rtf1 {\\b broken', '<p>one<p>two'];
		const pool = new MarkdownPool(2);
		try {
			const half = Math.ceil(marked.length / 2);
			const [a, b] = await Promise.all([pool.convert(marked.slice(0, half)), pool.convert(marked.slice(half))]);
			expect([...a, ...b]).toEqual(await Promise.all(marked.map((x) => markdownLookup(x))));
		} finally {
			await pool.close();
		}
	});

	it('a worker that stops fails the page waiting on it and every later one, saying why', async () => {
		const pool = new MarkdownPool(1);
		const [slot] = (pool as unknown as { workers: Array<{ w: import('node:worker_threads').Worker }> }).workers;
		// Sent before the worker has even loaded its libraries, so it is still waiting when the worker stops.
		const waiting = pool.convert(['<p>one</p>']);
		await slot.w.terminate();
		await expect(waiting).rejects.toThrow(/^Markdown conversion worker stopped \(exit code \d+\)$/);
		await expect(pool.convert(['<p>two</p>'])).rejects.toThrow(/worker stopped/);
		await pool.close();
	});

	it('a compile through the pool stages the same notes as one in-process', async () => {
		const m = confirmedNotes(await loadMapping(ws));
		const notes = async () =>
			ws.all<{ source_key: string; payload: string }>(`select source_key, payload::varchar as payload from stage.notes order by 1`);
		process.env.FERRY_LOOKUP_WORKERS = '1';
		await compileMapping(ws, m);
		const inProcess = await notes();
		const converted = Number((await ws.one<{ n: bigint }>(`select count(*) as n from mapping.lookup where kind = 'markdown'`))!.n);
		expect(converted).toBe(bodies.filter((b) => b.markup).length); // plain bodies never reach TypeScript
		await ws.run(`delete from mapping.lookup where kind = 'markdown'`);
		process.env.FERRY_LOOKUP_WORKERS = '2';
		process.env.FERRY_LOOKUP_POOL_FROM = '1';
		try {
			const r = await compileMapping(ws, m);
			expect(r.lookups).toBe(converted);
		} finally {
			delete process.env.FERRY_LOOKUP_WORKERS;
			delete process.env.FERRY_LOOKUP_POOL_FROM;
		}
		expect(await notes()).toEqual(inProcess);
		expect(inProcess.some((n) => /\*\*Subjective:\*\*/.test(n.payload))).toBe(true);
	}, 60_000);
});
