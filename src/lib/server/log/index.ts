// The server log: one line per event on stderr, `<time> <level> <event> key=value …`.
//
// PHI safety is structural. A caller gives an event name and fields; the logger writes only
// what cannot carry a patient value and replaces everything else with `[redacted]`:
//   - numbers (finite), booleans, null;
//   - strings that are ids or short codes, and only these shapes:
//       a UUID; a source key `<entity>:<id>` whose id holds a digit (`patient:100123`, `location:LOC02`);
//       an HTTP method; a route pattern or API path whose every segment is a code, a `:param`
//       or a UUID (`/api/workspaces/:ws/loader/runs/:id` — never a raw URL: a `?` is refused);
//       an error kind (`TypeError`, `DuckDBError`: a capitalised word ending in Error/Exception);
//       a code: 1–64 characters of `a-z 0-9 _ . -` plus inner capitals (`people`, `taskTargets`,
//       `snap_3`, `patients.csv`, `raw.patients`, `loader.push`), starting with a lowercase
//       letter or digit and holding fewer than 7 digits (so no phone number or birth date).
//   - anything else — a string with a space, an `@`, a `/` outside a path, a capitalised word
//     (a name), 7 or more digits (a phone, a date), over 64 characters, an object or array —
//     is never written.
// Event names and field keys must be codes too (`api.request`, `ms`), else the line is dropped.
// Error messages are never logged: DuckDB and Twenty quote values in them; log `errorKind(e)`.
// A single lowercase word is indistinguishable from a code, so callers log what the program
// made (counts, ids, table and object names), never a cell; test/security/log.test.ts runs the
// whole sample migration at trace level and checks the log for every patient value.
//
// Levels: error < warn < info < debug < trace. FERRY_LOG chooses (default info); `ferry serve
// -v` raises it to debug, `-vv` to trace.

export const LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type Level = (typeof LEVELS)[number];
export type FieldValue = string | number | boolean | bigint | null | undefined;
export type Fields = Record<string, FieldValue>;

export const REDACTED = '[redacted]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOURCE_KEY = /^[a-z][A-Za-z]{1,31}:(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{1,40}$/;
const METHOD = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/;
const ERROR_KIND = /^([A-Z][A-Za-z0-9]{0,48})?(Error|Exception)$/;
const CODE = /^[a-z0-9][a-zA-Z0-9_.-]{0,63}$/;
const PARAM = /^:[a-zA-Z][a-zA-Z0-9_]{0,31}[?]?$/;
const KEY = /^[a-z][a-zA-Z0-9_]{0,31}$/;
const EVENT = /^[a-z][a-zA-Z0-9_]*(\.[a-z][a-zA-Z0-9_]*){0,4}$/;

function digits(s: string): number {
	let n = 0;
	for (const ch of s) if (ch >= '0' && ch <= '9') n++;
	return n;
}

function isCode(s: string): boolean {
	return CODE.test(s) && digits(s) < 7;
}

function isPath(s: string): boolean {
	if (!s.startsWith('/') || s.length > 200) return false;
	if (s === '/' || s === '/*') return true;
	const segments = s.slice(1).replace(/\/$/, '').split('/');
	return segments.every((seg) => seg === '*' || PARAM.test(seg) || UUID.test(seg) || isCode(seg));
}

/** True when a string may be written to the log as it is (see the rule at the top). */
export function safeString(s: string): boolean {
	return UUID.test(s) || SOURCE_KEY.test(s) || METHOD.test(s) || ERROR_KIND.test(s) || isCode(s) || isPath(s);
}

function render(value: unknown): string {
	if (value === null || value === undefined) return String(value);
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : REDACTED;
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'string') return value !== '' && safeString(value) ? value : value === '' ? '""' : REDACTED;
	return REDACTED;
}

/** An error's kind for the log (`TypeError`), never its message. */
export function errorKind(err: unknown): string {
	if (!(err instanceof Error)) return 'NonError';
	const name = err.name && err.name !== 'Error' ? err.name : err.constructor?.name;
	return name && ERROR_KIND.test(name) ? name : 'Error';
}

/** Parses a level name; throws a clear error for anything else. */
export function parseLevel(value: string): Level {
	const v = value.trim().toLowerCase();
	if ((LEVELS as readonly string[]).includes(v)) return v as Level;
	throw new Error(`FERRY_LOG='${value}' is not a log level: use one of ${LEVELS.join(', ')}`);
}

let cachedEnv: string | undefined;
let cachedLevel: Level = 'info';

/** The level in force: FERRY_LOG (default info). An unknown value falls back to info. */
export function currentLevel(): Level {
	const env = process.env.FERRY_LOG ?? '';
	if (env !== cachedEnv) {
		cachedEnv = env;
		try {
			cachedLevel = env ? parseLevel(env) : 'info';
		} catch {
			cachedLevel = 'info';
		}
	}
	return cachedLevel;
}

export function enabled(level: Level): boolean {
	return LEVELS.indexOf(level) <= LEVELS.indexOf(currentLevel());
}

type Sink = (line: string) => void;
let sink: Sink = (line) => void process.stderr.write(line + '\n');

/** Redirects the log (tests); returns the previous sink. */
export function setSink(next: Sink): Sink {
	const prev = sink;
	sink = next;
	return prev;
}

/** The line for an event, or null when the event name is not a code. */
export function formatLine(level: Level, event: string, fields: Fields = {}, now = new Date()): string | null {
	if (!EVENT.test(event) || event.length > 64) return null;
	let line = `${now.toISOString()} ${level} ${event}`;
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		line += ` ${KEY.test(key) ? key : REDACTED}=${render(value)}`;
	}
	return line;
}

export function write(level: Level, event: string, fields?: Fields): void {
	if (!enabled(level)) return;
	const line = formatLine(level, event, fields);
	if (line) sink(line);
}

export const log = {
	error: (event: string, fields?: Fields) => write('error', event, fields),
	warn: (event: string, fields?: Fields) => write('warn', event, fields),
	info: (event: string, fields?: Fields) => write('info', event, fields),
	debug: (event: string, fields?: Fields) => write('debug', event, fields),
	trace: (event: string, fields?: Fields) => write('trace', event, fields),
	enabled
};

/** An audit-style detail as log fields: primitives kept (and still filtered), an array as its length, objects left out. */
export function counts(detail: Record<string, unknown>): Fields {
	const out: Fields = {};
	for (const [k, v] of Object.entries(detail)) {
		if (Array.isArray(v)) out[k] = v.length;
		else if (v === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof v)) out[k] = v as FieldValue;
	}
	return out;
}

/** Milliseconds since `start` (from performance.now()), rounded for the log. */
export function since(start: number): number {
	return Math.round(performance.now() - start);
}
