// A TypeScript function `(value, row) => newValue` run over many inputs in the TS cell's
// sandbox process (runTs: same time and memory limits, same source-mapped error lines). The
// caller feeds inputs in batches and receives the outputs in batches, so a million values
// never sit in one message. A throw names the input it failed on and the function's line.
import { createHash } from 'node:crypto';
import { runTs, type TsLimits } from './ts-runner.js';

export interface FunctionInput {
	/** What the output is stored under (the value itself, or a row's key). */
	key: string;
	value: unknown;
	row?: Record<string, unknown>;
}

export interface FunctionHost {
	/** How many parameters the function declares: 2 means it reads the row, so inputs are rows. */
	mode(arity: number): Promise<void>;
	/** The next batch of inputs; an empty array ends the run. */
	next(): Promise<FunctionInput[]>;
	/** Outputs for the last batch, in order: JSON text of the returned value, null for null/undefined. */
	put(outputs: Array<string | null>): Promise<void>;
}

export interface FunctionResult {
	ok: boolean;
	error?: string;
	/** 1-based line in the function's source, when known. */
	line?: number;
	/** Key of the input the function threw on, when it threw (a time limit names no input). */
	failedKey?: string;
}

/** Limits read at call time: FERRY_FUNCTION_TIMEOUT_MS / FERRY_FUNCTION_MEMORY_MB. */
export function functionLimits(): TsLimits {
	return {
		timeoutMs: Number(process.env.FERRY_FUNCTION_TIMEOUT_MS ?? process.env.FERRY_CELL_TIMEOUT_MS ?? 60_000),
		memoryMb: Number(process.env.FERRY_FUNCTION_MEMORY_MB ?? process.env.FERRY_CELL_MEMORY_MB ?? 256)
	};
}

export const functionHash = (source: string) => createHash('sha1').update(source.trim()).digest('hex').slice(0, 16);

/**
 * The function's source is either an expression (`(value) => value.trim()`) or a cell body
 * that returns one (`const re = /x/; return (value) => …`). Line 1 of the user's source is
 * line 2 of the text the worker runs.
 */
function wrap(source: string, body: boolean): string {
	const head = body ? 'const __fn = await (async () => {' : 'const __fn = (';
	const tail = body ? '})();' : ');';
	return `${head}
${source}
${tail}
if (typeof __fn !== 'function') throw new Error('__ferry_not_a_function ' + typeof __fn);
await __ferryBatch.mode(__fn.length);
for (;;) {
	const __batch = (await __ferryBatch.next()) as Array<{ key: string; value: unknown; row?: unknown }>;
	if (__batch.length === 0) break;
	const __out: Array<string | null> = [];
	for (const __r of __batch) {
		let __v: unknown;
		try {
			__v = await __fn(__r.value, __r.row);
		} catch (__e) {
			await __ferryBatch.fail(__r.key);
			throw __e;
		}
		__out.push(__v === undefined || __v === null ? null : JSON.stringify(__v));
	}
	await __ferryBatch.put(__out);
}
return null;`;
}

/** Whether the source is a function expression (else a body that returns one). */
export function isFunctionExpression(source: string): boolean {
	const s = source.trim();
	return /^(async\s+)?(\([^)]*\)|[A-Za-z_$][\w$]*)\s*(:\s*[^=]+)?=>/.test(s) || /^(async\s+)?function\b/.test(s);
}

export async function runFunction(source: string, host: FunctionHost, limits: TsLimits = functionLimits()): Promise<FunctionResult> {
	if (!source.trim()) return { ok: false, error: 'the function is empty: write (value, row) => newValue' };
	const userLines = source.split('\n').length;
	let failedKey: string | undefined;
	const r = await runTs(
		wrap(source, !isFunctionExpression(source)),
		{
			async query() {
				throw new Error('a mapping function reads only its value and row: sql is not available here');
			},
			async batch(op, arg) {
				if (op === 'next') return host.next();
				if (op === 'put') return (await host.put(arg as Array<string | null>), []);
				if (op === 'mode') return (await host.mode(Number(arg)), []);
				return ((failedKey = String(arg)), []);
			},
			async cell() {
				throw new Error('a mapping function reads only its value and row: cell() is not available here');
			}
		},
		limits
	);
	if (r.ok) return { ok: true };
	const line = r.line !== undefined && r.line >= 2 && r.line <= userLines + 1 ? r.line - 1 : undefined;
	let error = (r.error ?? 'the function failed').replace(/the cell/g, 'the function');
	const notFn = /^__ferry_not_a_function (\w+)/.exec(error);
	if (notFn) error = `the source must be a function (value, row) => newValue, or return one; it gave ${notFn[1]}`;
	return { ok: false, error, line, failedKey };
}
