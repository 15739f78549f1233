// TypeScript cells run in a child process under Node's permission model, with an empty
// environment, a memory limit and a time limit: the cell cannot read or write files (only
// Plot's and linkedom's code under node_modules is readable), start processes or threads, load
// addons, see the server's environment (its token, the Twenty key), reach the network or
// signal other processes. A runaway cell is killed and the server carries on. The process
// reaches data only through the `sql`, `cell` and `profile` proxies answered here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
	/** A mapping function's rows (cells/function.ts): the next batch, its results, its arity, a failing key. */
	batch?(op: BatchOp, arg: unknown): Promise<unknown>;
}

export type BatchOp = 'next' | 'put' | 'mode' | 'fail';

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
	/** The whole JSON text when the value is a list (it becomes a table the grid pages). */
	list?: string;
	error?: string;
	/** 1-based line in the cell where the error was thrown, when known. */
	line?: number;
}

const PREFIX = 'globalThis.__ferryCell = async function ({ sql, cell, profile, Plot, plot, document, console, __ferryBatch }) {\n';
const VALUE_LIMIT = 256 * 1024;

const requireHere = createRequire(path.join(projectRoot, 'package.json'));
/** esbuild is required at run time from the project's node_modules: bundled into the server build it breaks. */
const transform = (...args: Parameters<typeof import('esbuild').transform>) =>
	(requireHere('esbuild') as typeof import('esbuild')).transform(...args);
let moduleUrls: { plotUrl: string; linkedomUrl: string; readable: string[] } | undefined;
function modules() {
	if (moduleUrls) return moduleUrls;
	const plot = requireHere.resolve('@observablehq/plot');
	const linkedom = requireHere.resolve('linkedom');
	// The node_modules folders holding them: the only files a cell's process may read.
	const nodeModules = (file: string) => file.slice(0, file.lastIndexOf(`${path.sep}node_modules${path.sep}`) + '/node_modules'.length);
	return (moduleUrls = {
		plotUrl: pathToFileURL(plot).href,
		linkedomUrl: pathToFileURL(linkedom).href,
		readable: [...new Set([nodeModules(plot), nodeModules(linkedom)])]
	});
}

/** Node 20 spells it --experimental-permission; later versions --permission. */
const permissionFlag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

/** Starts the sandbox: no --allow-* but reading the chart libraries' code, and no environment. */
function startSandbox(limits: TsLimits) {
	const { readable } = modules();
	const args = [
		permissionFlag,
		...readable.map((dir) => `--allow-fs-read=${dir}${path.sep}*`),
		`--max-old-space-size=${limits.memoryMb}`,
		'--max-semi-space-size=8',
		'--no-warnings',
		'-e',
		WORKER_SOURCE
	];
	// stdout/stderr stay here, never in the server's log (PHI); stderr is read only to tell an out-of-memory end.
	return spawn(process.execPath, args, { env: {}, cwd: readable[0], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
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
	const child = startSandbox(limits);
	const { plotUrl, linkedomUrl } = modules();
	let stderrTail = '';
	child.stdout?.resume();
	child.stderr?.on('data', (b: Buffer) => (stderrTail = (stderrTail + b.toString()).slice(-4096)));
	const charts = /\b(Plot|plot|document)\b/.test(source);
	child.send({ t: 'run', code: compiled.code, plotUrl, linkedomUrl, charts, limits: { logBytes: 200_000, svgs: 20 } });
	return new Promise<TsResult>((resolve) => {
		let settled = false;
		const finish = (r: Omit<TsResult, 'logs'>) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			child.kill('SIGKILL');
			resolve({ ...r, logs });
		};
		// The time limit counts the cell's own running time: while the main thread answers a
		// sql/cell/profile request (DuckDB work, maybe long on millions of rows) the clock stops.
		let budget = limits.timeoutMs;
		let startedAt = Date.now();
		let waiting = 0;
		const expire = () =>
			finish({
				ok: false,
				svgs: [],
				error: `stopped after ${limits.timeoutMs / 1000} s: the cell ran past its time limit (an endless loop?)`
			});
		// Until the process has loaded Plot and linkedom (slow on a busy machine) only a startup guard runs.
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
		child.on('message', (m: Record<string, unknown>) => void onMessage(m));
		child.on('error', (err: Error) => finish({ ok: false, svgs: [], error: `the cell's process failed: ${err.message}` }));
		child.on('exit', () => {
			// stderr may still be draining when the process ends: wait for it before telling why.
			const tell = () => {
				const oom = /heap out of memory|allocation failed/i.test(stderrTail);
				finish({
					ok: false,
					svgs: [],
					error: oom ? `stopped: the cell used more than its memory limit of ${limits.memoryMb} MB` : 'the cell stopped without an answer'
				});
			};
			if (child.stderr && !child.stderr.readableEnded) child.stderr.once('end', tell);
			else tell();
		});

		async function askProfile(m: Record<string, unknown>) {
			if (!host.profile) throw new Error('profile is not available here');
			return host.profile(m.what as 'tables', m.name as string | undefined);
		}

		async function askBatch(m: Record<string, unknown>) {
			if (!host.batch) throw new Error('__ferryBatch is only available to a mapping function');
			return host.batch(m.op as BatchOp, m.arg);
		}

		async function onMessage(m: Record<string, unknown>) {
			if (m.t === 'start') {
				clearTimeout(timer);
				startedAt = Date.now();
				timer = setTimeout(expire, budget);
			} else if (m.t === 'log') logs.push({ level: String(m.level), text: String(m.text) });
			else if (m.t === 'sql' || m.t === 'cell' || m.t === 'profile' || m.t === 'batch') {
				pause();
				try {
					const rows =
						m.t === 'sql'
							? await host.query(String(m.text), m.params as unknown[])
							: m.t === 'cell'
								? await host.cell(String(m.name))
								: m.t === 'batch'
									? await askBatch(m)
									: await askProfile(m);
					if (!settled && child.connected) child.send({ id: m.id, rows });
				} catch (err) {
					if (!settled && child.connected) child.send({ id: m.id, error: (err as Error).message });
				} finally {
					resume();
				}
			} else if (m.t === 'done') {
				const value =
					typeof m.value === 'string' && m.value.length > VALUE_LIMIT
						? `${m.value.slice(0, VALUE_LIMIT)}… (cut at 256 kB)`
						: (m.value as string | undefined);
				const list = typeof m.value === 'string' && m.value.startsWith('[') ? m.value : undefined;
				finish({ ok: true, svgs: m.svgs as string[], value, list });
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
