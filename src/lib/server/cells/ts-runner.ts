// TypeScript cells run in a worker thread with a memory limit and a time limit: a runaway
// cell is terminated and the server carries on. The worker reaches data only through the
// `sql` and `cell` proxies answered here.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../config.js';
import { originalLine } from './sourcemap.js';
import { WORKER_SOURCE } from './worker-source.js';

export interface TsLimits {
	timeoutMs: number;
	memoryMb: number;
}

export const defaultTsLimits: TsLimits = {
	timeoutMs: Number(process.env.FERRY_CELL_TIMEOUT_MS ?? 30_000),
	memoryMb: Number(process.env.FERRY_CELL_MEMORY_MB ?? 256)
};

export interface TsHost {
	/** Runs a bound query for the cell; rejects with a message the cell may show. */
	query(text: string, params: unknown[]): Promise<unknown[]>;
	/** Another cell's result by name. */
	cell(name: string): Promise<unknown>;
	/** The workspace profile (raw tables, one table, cross-table checks). */
	profile?(what: 'tables' | 'table' | 'checks', name?: string): Promise<unknown>;
}

export interface LogLine {
	level: string;
	text: string;
}

export interface TsResult {
	ok: boolean;
	logs: LogLine[];
	svgs: string[];
	/** JSON text of the returned value, cut at 256 kB. */
	value?: string;
	error?: string;
	/** 1-based line in the cell where the error was thrown, when known. */
	line?: number;
}

const PREFIX = 'globalThis.__ferryCell = async function ({ sql, cell, profile, Plot, plot, document, console }) {\n';
const VALUE_LIMIT = 256 * 1024;

const requireHere = createRequire(path.join(projectRoot, 'package.json'));
/** esbuild is required at run time from the project's node_modules: bundled into the server build it breaks. */
const transform = (...args: Parameters<typeof import('esbuild').transform>) => (requireHere('esbuild') as typeof import('esbuild')).transform(...args);
let moduleUrls: { plotUrl: string; linkedomUrl: string } | undefined;
function modules() {
	return (moduleUrls ??= {
		plotUrl: pathToFileURL(requireHere.resolve('@observablehq/plot')).href,
		linkedomUrl: pathToFileURL(requireHere.resolve('linkedom')).href
	});
}

interface Compiled {
	code: string;
	mappings: string;
}

/** TS → JS with a source map; a syntax error names the cell's line. */
async function compile(source: string): Promise<Compiled | { error: string; line?: number }> {
	try {
		const out = await transform(`${PREFIX}${source}\n};`, { loader: 'ts', sourcemap: 'external', sourcefile: 'cell.ts', target: 'node20' });
		return { code: out.code, mappings: JSON.parse(out.map).mappings };
	} catch (err) {
		const e = (err as { errors?: Array<{ text: string; location?: { line: number } }> }).errors?.[0];
		const line = e?.location ? e.location.line - 1 : undefined;
		return { error: `syntax: ${e?.text ?? (err as Error).message}`, line };
	}
}

export async function runTs(source: string, host: TsHost, limits: TsLimits = defaultTsLimits): Promise<TsResult> {
	const compiled = await compile(source);
	if ('error' in compiled) return { ok: false, logs: [], svgs: [], error: compiled.error, line: compiled.line };
	const { mappings } = compiled;
	const logs: LogLine[] = [];
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { code: compiled.code, ...modules(), limits: { logBytes: 200_000, svgs: 20 } },
		resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16 },
		// The worker's own stdout/stderr stay here, never in the server's log (PHI).
		stdout: true,
		stderr: true
	});
	return new Promise<TsResult>((resolve) => {
		let settled = false;
		const finish = (r: Omit<TsResult, 'logs'>) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			void worker.terminate();
			resolve({ ...r, logs });
		};
		// The time limit counts the cell's own running time: while the main thread answers a
		// sql/cell/profile request (DuckDB work, maybe long on millions of rows) the clock stops.
		let budget = limits.timeoutMs;
		let startedAt = Date.now();
		let waiting = 0;
		const expire = () => finish({ ok: false, svgs: [], error: `stopped after ${limits.timeoutMs / 1000} s: the cell ran past its time limit (an endless loop?)` });
		// Until the worker has loaded Plot and linkedom (slow on a busy machine) only a startup guard runs.
		let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(expire, Math.max(budget, 60_000));
		const pause = () => {
			if (waiting++ > 0) return;
			clearTimeout(timer);
			budget -= Date.now() - startedAt;
		};
		const resume = () => {
			if (--waiting > 0 || settled) return;
			startedAt = Date.now();
			timer = setTimeout(expire, Math.max(0, budget));
		};
		worker.on('message', (m) => void onMessage(m));
		worker.on('error', (err: Error & { code?: string }) => {
			const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
			finish({ ok: false, svgs: [], error: oom ? `stopped: the cell used more than its memory limit of ${limits.memoryMb} MB` : `worker failed: ${err.message}` });
		});
		worker.on('exit', () => finish({ ok: false, svgs: [], error: 'the cell stopped without an answer' }));

		async function askProfile(m: Record<string, unknown>) {
			if (!host.profile) throw new Error('profile is not available here');
			return host.profile(m.what as 'tables', m.name as string | undefined);
		}

		async function onMessage(m: Record<string, unknown>) {
			if (m.t === 'start') {
				clearTimeout(timer);
				startedAt = Date.now();
				timer = setTimeout(expire, budget);
			} else if (m.t === 'log') logs.push({ level: String(m.level), text: String(m.text) });
			else if (m.t === 'sql' || m.t === 'cell' || m.t === 'profile') {
				pause();
				try {
					const rows = m.t === 'sql' ? await host.query(String(m.text), m.params as unknown[]) : m.t === 'cell' ? await host.cell(String(m.name)) : await askProfile(m);
					if (!settled) worker.postMessage({ id: m.id, rows });
				} catch (err) {
					if (!settled) worker.postMessage({ id: m.id, error: (err as Error).message });
				} finally {
					resume();
				}
			} else if (m.t === 'done') {
				const value = typeof m.value === 'string' && m.value.length > VALUE_LIMIT ? `${m.value.slice(0, VALUE_LIMIT)}… (cut at 256 kB)` : (m.value as string | undefined);
				finish({ ok: true, svgs: m.svgs as string[], value });
			} else if (m.t === 'error') {
				const where = m.where as { line: number; column: number } | null;
				const gen = where ? originalLine(mappings, where.line, where.column) : null;
				const line = gen && gen > 1 ? gen - 1 : undefined;
				finish({ ok: false, svgs: [], error: String(m.message), line });
			}
		}
	});
}

/** Names a TS cell reads through `cell('name')`: string literals only, by design. */
export function tsReads(source: string): string[] {
	return [...new Set([...source.matchAll(/\bcell\(\s*(['"`])([a-z_][a-z0-9_]*)\1\s*\)/g)].map((m) => m[2]))];
}
