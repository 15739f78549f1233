// The TypeScript cell's worker, as plain JS text: it runs with `eval: true` so neither Vite's
// server bundle nor tsx has to ship a separate worker file. It talks to the main thread only
// by messages; `sql` and `cell` are proxies whose work happens on the main thread.
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const util = require('node:util');
const LIMITS = workerData.limits;
let pending = new Map();
let nextId = 1;
let logBytes = 0;
const svgs = [];
function send(msg) { parentPort.postMessage(msg); }
function ask(kind, payload) {
	const id = nextId++;
	// Captured at the call so a failed query's error points at the cell's line.
	const site = new Error();
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject, site });
		send({ t: kind, id, ...payload });
	});
}
parentPort.on('message', (m) => {
	const p = pending.get(m.id);
	if (!p) return;
	pending.delete(m.id);
	if (m.error) {
		const err = new Error(m.error);
		err.stack = 'Error: ' + m.error + '\n' + String(p.site.stack).split('\n').slice(1).join('\n');
		p.reject(err);
	} else p.resolve(m.rows !== undefined ? m.rows : m.value);
});
function log(level, args) {
	const text = args.map((a) => (typeof a === 'string' ? a : util.inspect(a, { depth: 4, breakLength: 100 }))).join(' ');
	if (logBytes > LIMITS.logBytes) return;
	logBytes += text.length;
	send({ t: 'log', level, text: logBytes > LIMITS.logBytes ? text.slice(0, 200) + ' … (further output dropped: the log limit was reached)' : text });
}
const captured = { log: (...a) => log('log', a), info: (...a) => log('info', a), warn: (...a) => log('warn', a), error: (...a) => log('error', a), debug: (...a) => log('debug', a) };
globalThis.console = Object.assign(Object.create(console), captured);
function sql(strings, ...values) {
	if (!Array.isArray(strings) || !strings.raw) throw new Error('sql is a tagged template: write sql\u0060select … where x = \${value}\u0060');
	let text = strings[0];
	for (let i = 0; i < values.length; i++) text += '$' + (i + 1) + strings[i + 1];
	return ask('sql', { text, params: values.map((v) => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : v)) });
}
function cell(name) { return ask('cell', { name: String(name) }); }
const profile = {
	tables: () => ask('profile', { what: 'tables' }),
	table: (name) => ask('profile', { what: 'table', name: String(name) }),
	checks: () => ask('profile', { what: 'checks' })
};
function lineOf(err) {
	const m = /cell\.js:(\d+):(\d+)/.exec(String(err && err.stack));
	return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}
(async () => {
	const Plot = await import(workerData.plotUrl);
	const { parseHTML } = await import(workerData.linkedomUrl);
	const { document } = parseHTML('<!doctype html><html><body></body></html>');
	function plot(options) {
		const el = Plot.plot({ ...options, document });
		const svg = el.outerHTML;
		if (svgs.length < LIMITS.svgs) svgs.push(svg);
		return svg;
	}
	try {
		send({ t: 'start' });
		vm.runInThisContext(workerData.code, { filename: 'cell.js' });
		const value = await globalThis.__ferryCell({ sql, cell, profile, Plot, plot, document, console: captured });
		let json;
		try { json = value === undefined ? undefined : JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? Number(v) : v)); } catch (e) { json = JSON.stringify(String(value)); }
		send({ t: 'done', value: json, svgs });
	} catch (err) {
		send({ t: 'error', message: String((err && err.message) || err), where: lineOf(err) });
	}
})();
`;
