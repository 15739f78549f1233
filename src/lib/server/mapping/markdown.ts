// Note bodies → Markdown: RTF through @iarna/rtf-to-html, HTML through turndown. Only bodies
// with markup reach TypeScript at all (SQL keeps plain text as it is: markupSql), each distinct
// body once, and many of them are converted by a pool of worker threads across the cores.
// The converter is one self-contained function, run in-process and serialised into the workers.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import TurndownService from 'turndown';
// @ts-expect-error: no types shipped
import rtfToHtml from '@iarna/rtf-to-html';
import { projectRoot } from '../config.js';

/**
 * Builds the converter from the two libraries. Self-contained (no outer names): the worker
 * source embeds its text. Plain text comes back trimmed, as SQL's markup-free path gives it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function markdownConverter(Turndown: any, rtfLib: any): (raw: string) => Promise<string> {
	const turndown = new Turndown({ headingStyle: 'atx', bulletListMarker: '-' });
	const rtf = (text: string) =>
		new Promise<string>((resolve, reject) =>
			rtfLib.fromString(text, (err: Error | null, html: string) => (err ? reject(err) : resolve(html)))
		);
	return async (raw: string) => {
		const body = raw.trim();
		if (body.startsWith('{\\rtf')) {
			try {
				return turndown.turndown(await rtf(body)).trim();
			} catch {
				return body.replace(/\\[a-z]+-?\d* ?|[{}]/g, '').trim(); // damaged RTF: keep its text
			}
		}
		if (/<\/?[a-z][^>]*>/i.test(body)) return turndown.turndown(body).trim();
		return body;
	};
}

export const markdownLookup = markdownConverter(TurndownService, rtfToHtml);

/** What JavaScript's trim() removes, as an RE2 class (RE2's \s is ASCII only: NBSP, BOM and the rest are added). */
const JS_SPACE = String.raw`[\s\x{0B}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;
/** SQL twin of the converter's test: does this (trimmed) text hold HTML or RTF? Plain text stays SQL. */
export const markupSql = (e: string) => `(regexp_matches(${e}, '(?i)</?[a-z][^>]*>') or regexp_matches(${e}, '^${JS_SPACE}*\\{\\\\rtf'))`;
/** Plain text as the converter returns it: trimmed as JavaScript trims. */
export const plainSql = (e: string) => `regexp_replace(${e}, '^${JS_SPACE}+|${JS_SPACE}+$', '', 'g')`;

const workerSource = (factory: string) => String.raw`
const { parentPort, workerData } = require('node:worker_threads');
var __name = (f) => f;
const convert = (${factory})(require(workerData.turndown), require(workerData.rtf));
parentPort.on('message', async (m) => {
	const out = [];
	for (const b of m.bodies) {
		try { out.push(await convert(b)); } catch (e) { out.push(null); }
	}
	parentPort.postMessage({ id: m.id, out });
});
`;

/** How many conversion workers: FERRY_LOOKUP_WORKERS, else one per core (at most 4). */
export const lookupWorkers = () => Math.max(1, Number(process.env.FERRY_LOOKUP_WORKERS ?? Math.min(4, os.availableParallelism())));

/**
 * A pool of converter workers; `convert` sends one page to the least busy worker. A worker that
 * fails or exits fails every page waiting (with why), and the pool takes no more work: a
 * compile then fails with the reason instead of waiting forever.
 */
export class MarkdownPool {
	private workers: Array<{ w: Worker; busy: number }> = [];
	private waiting = new Map<number, { resolve: (x: Array<string | null>) => void; reject: (e: Error) => void }>();
	private next = 1;
	private broken: Error | null = null;
	private closing = false;

	constructor(size = lookupWorkers()) {
		const req = createRequire(path.join(projectRoot, 'package.json'));
		const data = { turndown: req.resolve('turndown'), rtf: req.resolve('@iarna/rtf-to-html') };
		const source = workerSource(markdownConverter.toString());
		for (let i = 0; i < size; i++) {
			const w = new Worker(source, { eval: true, workerData: data, stdout: true, stderr: true });
			const slot = { w, busy: 0 };
			w.on('message', (m: { id: number; out: Array<string | null> }) => {
				slot.busy--;
				this.waiting.get(m.id)?.resolve(m.out);
				this.waiting.delete(m.id);
			});
			w.on('error', (err) => this.failAll(`Markdown conversion worker failed: ${err.message}`));
			w.on('exit', (code) => {
				if (!this.closing) this.failAll(`Markdown conversion worker stopped (exit code ${code})`);
			});
			this.workers.push(slot);
		}
	}

	private failAll(why: string) {
		this.broken ??= new Error(why);
		for (const p of this.waiting.values()) p.reject(this.broken);
		this.waiting.clear();
	}

	convert(bodies: string[]): Promise<Array<string | null>> {
		if (this.broken) return Promise.reject(this.broken);
		const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
		const id = this.next++;
		slot.busy++;
		return new Promise((resolve, reject) => {
			this.waiting.set(id, { resolve, reject });
			slot.w.postMessage({ id, bodies });
		});
	}

	async close(): Promise<void> {
		this.closing = true;
		await Promise.all(this.workers.map((s) => s.w.terminate()));
	}
}
