// Issue 18, items 1-2: a TypeScript cell (or a mapping function, which runs the same way) has
// none of Node's powers. Each attempt is one the probe made: the server's environment (its
// token), the Twenty key file, /etc/passwd, a child process, a file write, fetch/net/http/dns to
// a local listener, a signal to the server. A control runs the same attempts in this process,
// so the test would notice if they stopped being real attempts.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFunction, runTs } from '../../src/lib/server/cells/index.js';

const noHost = { query: async () => [], cell: async () => null };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cellsec-'));
const keyFile = path.join(dir, 'twenty-api-key');
const written = path.join(dir, 'written.csv');
let listener: http.Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
	fs.writeFileSync(keyFile, 'sk-secret-key', { mode: 0o600 });
	process.env.FERRY_PROBE_SECRET = 'token-in-the-environment';
	listener = http.createServer((req, res) => {
		hits++;
		res.end('patients received');
	});
	listener.on('connection', () => hits++);
	await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
	port = (listener.address() as AddressInfo).port;
});
afterAll(() => {
	listener?.close();
	delete process.env.FERRY_PROBE_SECRET;
});

/** The probe's attempts as cell source: each returns what it got or the error code it met. */
function attempts(): string {
	return `
const mod = (n: string) => (process as any).getBuiltinModule ? (process as any).getBuiltinModule(n) : require(n);
const out: Record<string, unknown> = {};
const attempt = async (name: string, f: () => unknown) => {
	try { out[name] = { ok: await f() }; } catch (e: any) { out[name] = { denied: String(e?.code ?? e?.message) }; }
};
await attempt('env', () => { const v = JSON.stringify(process.env); if (v.includes('token-in-the-environment') || Object.keys(process.env).length > 0) return v; throw Object.assign(new Error('empty'), { code: 'EMPTY' }); });
await attempt('keyFile', () => mod('node:fs').readFileSync(${JSON.stringify(keyFile)}, 'utf8'));
await attempt('passwd', () => mod('node:fs').readFileSync('/etc/passwd', 'utf8').slice(0, 20));
await attempt('listDir', () => mod('node:fs').readdirSync(${JSON.stringify(dir)}));
await attempt('write', () => mod('node:fs').writeFileSync(${JSON.stringify(written)}, 'first_name,last_name'));
await attempt('child', () => mod('node:child_process').execSync('id').toString());
await attempt('worker', () => new (mod('node:worker_threads').Worker)('1', { eval: true }));
await attempt('fetch', async () => (await fetch('http://127.0.0.1:${port}/?patients=1')).status);
await attempt('net', () => new Promise((resolve, reject) => { const s = mod('node:net').connect(${port}, '127.0.0.1', () => resolve('connected')); s.on('error', reject); }));
await attempt('http', () => new Promise((resolve, reject) => { const r = mod('node:http').get('http://127.0.0.1:${port}/', (res: any) => resolve(res.statusCode)); r.on('error', reject); }));
await attempt('dns', () => new Promise((resolve, reject) => mod('node:dns').lookup('localhost', (e: any, a: any) => (e ? reject(e) : resolve(a)))));
await attempt('udp', () => mod('node:dgram').createSocket('udp4').send('x', ${port}, '127.0.0.1'));
await attempt('signal', () => process.kill(process.ppid, 0));
await attempt('addon', () => (process as any).dlopen({ exports: {} }, '/nonexistent.node'));
return out;`;
}

const NAMES = ['env', 'keyFile', 'passwd', 'listDir', 'write', 'child', 'worker', 'fetch', 'net', 'http', 'dns', 'udp', 'signal', 'addon'];

describe('a TypeScript cell has no access beyond the data API', () => {
	it('control: the same attempts succeed outside the sandbox', async () => {
		// Run as plain async JS in this process (types stripped by hand where the source uses them).
		const js = attempts().replace(/: string|: any|: Record<string, unknown>|: \(\) => unknown| as any/g, '');
		const out = (await new Function('require', 'process', `return (async () => {${js}})()`)(
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- the probe's code calls require() as a cell would
			(n: string) => require(n),
			process
		)) as Record<string, { ok?: unknown; denied?: string }>;
		for (const name of ['env', 'keyFile', 'passwd', 'listDir', 'write', 'fetch', 'net', 'http', 'signal'])
			expect(out[name], name).toHaveProperty('ok');
		expect(hits).toBeGreaterThan(0);
		fs.rmSync(written, { force: true });
		hits = 0;
	});

	it('a cell is refused every one of them, and the listener hears nothing', async () => {
		const r = await runTs(attempts(), noHost);
		expect(r.ok, r.error).toBe(true);
		const out = JSON.parse(r.value!) as Record<string, { ok?: unknown; denied?: string }>;
		for (const name of NAMES) expect(out[name], `${name}: ${JSON.stringify(out[name])}`).toHaveProperty('denied');
		expect(out.env.denied).toBe('EMPTY');
		for (const name of ['keyFile', 'passwd', 'listDir', 'write', 'child', 'worker', 'fetch', 'net', 'http', 'dns', 'udp', 'signal'])
			expect(out[name].denied, name).toMatch(/ERR_ACCESS_DENIED|access/);
		await new Promise((r) => setTimeout(r, 300));
		expect(hits).toBe(0);
		expect(fs.existsSync(written)).toBe(false);
	});

	it('a mapping function is refused too: its value comes back, the file does not', async () => {
		const outputs: Array<string | null> = [];
		let fed = false;
		const r = await runFunction(
			`(value) => { try { return require('node:fs').readFileSync(${JSON.stringify(keyFile)}, 'utf8'); } catch (e) { return 'denied ' + (e as any).code; } }`,
			{
				async mode() {},
				async next() {
					if (fed) return [];
					fed = true;
					return [{ key: '1', value: 'x' }];
				},
				async put(o) {
					outputs.push(...o);
				}
			}
		);
		expect(r).toEqual({ ok: true });
		expect(outputs).toEqual([JSON.stringify('denied ERR_ACCESS_DENIED')]);
	});
});
