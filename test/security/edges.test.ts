// Issue 18, items 7-8 and 9's redirect: the HTTP edges of a real `ferry serve`. The probe framed
// the workbench, sent no-cors GETs from a page on another local port, used a rebound Host, was
// redirected off-site by `//evil.example/?token=…`, and saw the stored key re-sent to a new target.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { startFerry, type FerryServer } from '../support/server.js';
import { apiCaller } from '../support/api.js';

let s: FerryServer;
beforeAll(async () => {
	s = await startFerry({ args: ['--no-sample'] });
}, 600_000);
afterAll(async () => {
	await s?.stop();
});

/** Raw HTTP, so Host and Sec-Fetch-* are sent exactly as given. */
function raw(
	path: string,
	headers: Record<string, string> = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port: s.port, path, method: 'GET', headers }, (res) => {
			let body = '';
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end();
	});
}
const cookie = () => ({ cookie: `ferry_token=${s.token}` });

describe('no framing', () => {
	it("every answer says frame-ancestors 'none' and X-Frame-Options DENY: pages and API, refused or served", async () => {
		for (const [path, headers, status] of [
			['/', {}, 401],
			['/', cookie(), 200],
			['/api/workspaces', {}, 401],
			['/api/workspaces', cookie(), 200]
		] as const) {
			const r = await raw(path, headers);
			expect(r.status, path).toBe(status);
			expect(r.headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
			expect(r.headers['x-frame-options'], path).toBe('DENY');
		}
	});
});

describe('the Host header must be the server', () => {
	it('a rebound name is refused on pages and API, even with the token; loopback names are served', async () => {
		for (const host of [`evil.example:${s.port}`, `127.0.0.1.nip.io:${s.port}`, 'attacker.test'])
			for (const path of ['/', '/api/workspaces']) {
				const r = await raw(path, { ...cookie(), host });
				expect(r.status, `${host} ${path}`).toBe(403);
				expect(r.body).toMatch(/Host header does not name this server/);
			}
		for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`])
			expect((await raw('/api/workspaces', { ...cookie(), host })).status, host).toBe(200);
	});
});

describe('API GETs need same-origin fetch metadata', () => {
	it('a no-cors GET from a page on another local port (same-site) or another site is refused; same-origin, typed-in and non-browser calls are served', async () => {
		for (const site of ['same-site', 'cross-site']) {
			const r = await raw('/api/workspaces', {
				...cookie(),
				'sec-fetch-site': site,
				'sec-fetch-mode': 'no-cors',
				'sec-fetch-dest': 'image'
			});
			expect(r.status, site).toBe(403);
		}
		for (const site of ['same-origin', 'none'])
			expect((await raw('/api/workspaces', { ...cookie(), 'sec-fetch-site': site, 'sec-fetch-mode': 'cors' })).status, site).toBe(200);
		expect((await raw('/api/workspaces', cookie())).status).toBe(200);
	});

	it('pages: a link from elsewhere still opens (navigate); an embed or script load from elsewhere does not', async () => {
		expect((await raw('/', { ...cookie(), 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).status).toBe(200);
		expect((await raw('/', { ...cookie(), 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' })).status).toBe(403);
	});
});

describe('no off-site redirect', () => {
	it('`//evil.example/?token=…` and `/\\evil.example/?token=…` redirect to a path on this server', async () => {
		for (const path of [
			`//evil.example/?token=${s.token}`,
			`/\\evil.example/?token=${s.token}`,
			`///evil.example/x?token=${s.token}&a=1`
		]) {
			const r = await raw(path);
			expect(r.status, path).toBe(303);
			const location = r.headers.location!;
			expect(location, path).toMatch(/^\/[^/\\]/);
			expect(new URL(location, s.base).origin).toBe(new URL(s.base).origin);
			expect(location).not.toContain(s.token);
		}
	});

	it('the cookie is HttpOnly, SameSite=Strict and expires', async () => {
		const r = await raw(`/?token=${s.token}`);
		const set = String(r.headers['set-cookie']);
		expect(set).toMatch(/HttpOnly/i);
		expect(set).toMatch(/SameSite=Strict/i);
		expect(set).toMatch(/Max-Age=43200/i);
	});
});

describe('the Twenty key never follows the target to another host', () => {
	const TOKEN = 'edge-token';
	const api = createApi({ token: TOKEN });
	const caller = apiCaller(api, { token: TOKEN });
	const call = (p: string, method = 'GET', json?: unknown) => caller(p, { method, json });
	const heard: Array<{ port: number; auth: string | undefined }> = [];
	const listeners: http.Server[] = [];
	async function listen(): Promise<number> {
		const l = http.createServer((req, res) => {
			heard.push({ port: (l.address() as AddressInfo).port, auth: req.headers.authorization });
			res.writeHead(401).end('{}');
		});
		listeners.push(l);
		await new Promise<void>((r) => l.listen(0, '127.0.0.1', r));
		return (l.address() as AddressInfo).port;
	}
	afterAll(() => listeners.forEach((l) => l.close()));

	it('changing the origin drops the stored key and asks for it again; the new host never hears it', async () => {
		delete process.env.TWENTY_API_KEY;
		const ws = `edges-${process.pid}`;
		expect((await call('/workspaces', 'POST', { name: ws })).status).toBe(201);
		const [a, b] = [await listen(), await listen()];
		const KEY = 'sk-key-for-host-a-0123456789';
		expect(await (await call(`/workspaces/${ws}/target`, 'PUT', { url: `http://127.0.0.1:${a}`, apiKey: KEY })).json()).toMatchObject({
			keySource: 'file'
		});
		await call(`/workspaces/${ws}/target/check`);
		expect(heard.some((h) => h.port === a && h.auth?.includes(KEY))).toBe(true); // control: host a does get it
		const moved = await (await call(`/workspaces/${ws}/target`, 'PUT', { url: `http://127.0.0.1:${b}` })).json();
		expect(moved).toMatchObject({ url: `http://127.0.0.1:${b}`, keySource: 'none' });
		const check = await (await call(`/workspaces/${ws}/target/check`)).json();
		expect(check.ok).toBe(false);
		expect(check.error).toMatch(/no Twenty API key|give its API key again/);
		expect(heard.filter((h) => h.port === b && h.auth?.includes(KEY))).toEqual([]);
		// Given again for b, it is b's key; the same origin with another path keeps it.
		await call(`/workspaces/${ws}/target`, 'PUT', { url: `http://127.0.0.1:${b}`, apiKey: 'sk-key-for-host-b-0123456789' });
		expect(await (await call(`/workspaces/${ws}/target`, 'PUT', { url: `http://127.0.0.1:${b}/twenty` })).json()).toMatchObject({
			keySource: 'file'
		});
	});

	it('with the key in the environment too: a moved target is refused until the key is given for it', async () => {
		const ws = `edges-env-${process.pid}`;
		expect((await call('/workspaces', 'POST', { name: ws })).status).toBe(201);
		const [a, b] = [await listen(), await listen()];
		process.env.TWENTY_API_KEY = 'sk-env-key-0123456789';
		try {
			await call(`/workspaces/${ws}/target`, 'PUT', { url: `http://127.0.0.1:${a}` });
			await call(`/workspaces/${ws}/target`, 'PUT', { url: `http://127.0.0.1:${b}` });
			const check = await (await call(`/workspaces/${ws}/target/check`)).json();
			expect(check.error).toMatch(/give its API key again/);
			expect(heard.filter((h) => h.port === b && h.auth?.includes('sk-env-key'))).toEqual([]);
		} finally {
			delete process.env.TWENTY_API_KEY;
		}
	});

	it('plain http only to this machine', async () => {
		const ws = `edges-http-${process.pid}`;
		expect((await call('/workspaces', 'POST', { name: ws })).status).toBe(201);
		for (const url of ['http://crm.example.com', 'http://192.168.1.20:3000', 'ftp://crm.example.com']) {
			const r = await call(`/workspaces/${ws}/target`, 'PUT', { url, apiKey: 'sk-0123456789abc' });
			expect(r.status, url).toBe(409);
			expect((await r.json()).error).toMatch(/https/);
		}
		for (const url of ['https://crm.example.com', 'http://localhost:3000', 'http://127.0.0.1:3000'])
			expect((await call(`/workspaces/${ws}/target`, 'PUT', { url })).status, url).toBe(200);
	});
});
