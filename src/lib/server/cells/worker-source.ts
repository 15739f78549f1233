// The TypeScript cell's sandbox process, as plain JS text run with `node -e` so neither Vite's
// server bundle nor tsx has to ship a separate file. It runs under Node's permission model with
// an empty environment (see ts-runner.ts); before the cell's code starts, this text closes what
// that model leaves open in Node 20: the network and signals to other processes. It talks to
// the server only by IPC messages; `sql`, `cell` and `profile` are proxies answered there, and
// `__ferryBatch` is a mapping function's channel for its rows (batch messages, not SQL).
export const WORKER_SOURCE = String.raw`
'use strict';
const util = require('node:util');
const vm = require('node:vm');
const send = process.send.bind(process);
delete process.env.NODE_CHANNEL_FD;
delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
process.on('disconnect', () => process.exit(0));

// --- no network, no signals: Node 20's permission model does not cover these -------------
function denied(what) {
	return function () {
		const err = new Error('a cell has no network or process access: ' + what + ' is not available');
		err.code = 'ERR_ACCESS_DENIED';
		throw err;
	};
}
function close(obj, name, keys) {
	for (const k of keys) if (obj && typeof obj[k] === 'function') Object.defineProperty(obj, k, { value: denied(name + '.' + k), writable: false, configurable: false });
}
const net = require('node:net');
close(net, 'net', ['connect', 'createConnection', 'createServer']);
close(net.Socket.prototype, 'net.Socket', ['connect']);
close(net.Server.prototype, 'net.Server', ['listen']);
const dgram = require('node:dgram');
close(dgram, 'dgram', ['createSocket']);
close(dgram.Socket.prototype, 'dgram.Socket', ['bind', 'send', 'connect']);
const dns = require('node:dns');
const fns = (o) => Object.keys(o).filter((k) => typeof o[k] === 'function' && k !== 'Resolver');
close(dns, 'dns', fns(dns));
close(dns.promises, 'dns.promises', fns(dns.promises));
close(dns.Resolver.prototype, 'dns.Resolver', Object.getOwnPropertyNames(dns.Resolver.prototype).filter((k) => k !== 'constructor'));
close(dns.promises.Resolver.prototype, 'dns.Resolver', Object.getOwnPropertyNames(dns.promises.Resolver.prototype).filter((k) => k !== 'constructor'));
close(require('node:tls'), 'tls', ['connect', 'createServer']);
close(require('node:http'), 'http', ['request', 'get', 'createServer']);
close(require('node:https'), 'https', ['request', 'get', 'createServer']);
close(require('node:http2'), 'http2', ['connect', 'createServer', 'createSecureServer']);
for (const g of ['fetch', 'WebSocket', 'EventSource']) Object.defineProperty(globalThis, g, { get: denied(g), configurable: false });
close(process, 'process', ['kill', '_kill', 'send', 'disconnect', 'binding', '_linkedBinding', 'dlopen', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups']);

// --- the cell's API ----------------------------------------------------------------------
let LIMITS = { logBytes: 0, svgs: 0 };
let pending = new Map();
let nextId = 1;
let logBytes = 0;
const svgs = [];
function ask(kind, payload) {
	const id = nextId++;
	// Captured at the call so a failed query's error points at the cell's line.
	const site = new Error();
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject, site });
		send({ t: kind, id, ...payload });
	});
}
let started = false;
process.on('message', (m) => {
	if (m && m.t === 'run' && !started) { started = true; void main(m); return; }
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
const __ferryBatch = {
	next: () => ask('batch', { op: 'next' }),
	put: (values) => ask('batch', { op: 'put', arg: values }),
	mode: (params) => ask('batch', { op: 'mode', arg: params }),
	fail: (key) => ask('batch', { op: 'fail', arg: String(key) })
};
function lineOf(err) {
	const m = /cell\.js:(\d+):(\d+)/.exec(String(err && err.stack));
	return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}
async function main(job) {
	LIMITS = job.limits;
	// Plot and linkedom take a while to load: only for a cell that names them.
	const Plot = job.charts ? await import(job.plotUrl) : undefined;
	const document = job.charts ? (await import(job.linkedomUrl)).parseHTML('<!doctype html><html><body></body></html>').document : undefined;
	function plot(options) {
		const el = Plot.plot({ ...options, document });
		const svg = el.outerHTML;
		if (svgs.length < LIMITS.svgs) svgs.push(svg);
		return svg;
	}
	try {
		send({ t: 'start' });
		vm.runInThisContext(job.code, { filename: 'cell.js' });
		const value = await globalThis.__ferryCell({ sql, cell, profile, Plot, plot, document, console: captured, __ferryBatch });
		let json;
		try { json = value === undefined ? undefined : JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? Number(v) : v)); } catch (e) { json = JSON.stringify(String(value)); }
		send({ t: 'done', value: json, svgs });
	} catch (err) {
		send({ t: 'error', message: String((err && err.message) || err), where: lineOf(err) });
	}
}
send({ t: 'ready' });
`;
