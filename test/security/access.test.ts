// Access (issue 9): a real `ferry serve` refuses every /api route group without the token, with
// a wrong token, and from a foreign Origin; it listens on 127.0.0.1 unless --host is given, and
// warns when it is.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerry, type FerryServer } from '../support/server.js';

const WS = 'access';
/** One representative read and one write per Hono router under src/lib/server/api. Writes carry bodies the route refuses (400), so nothing changes. */
const GROUPS: Record<string, Array<[method: string, path: string, body?: unknown]>> = {
	health: [['GET', '/api/health']],
	workspaces: [
		['GET', '/api/workspaces'],
		['GET', `/api/workspaces/${WS}`],
		['POST', '/api/workspaces', {}]
	],
	imports: [
		['GET', `/api/workspaces/${WS}/jobs`],
		['GET', '/api/jobs/00000000-0000-4000-8000-000000000000'],
		['POST', `/api/workspaces/${WS}/imports`, {}]
	],
	query: [['POST', `/api/workspaces/${WS}/query`, {}]],
	cells: [
		['GET', `/api/workspaces/${WS}/notebooks`],
		['GET', `/api/workspaces/${WS}/schema`],
		['PUT', `/api/workspaces/${WS}/notebooks/x`, {}]
	],
	profile: [
		['GET', `/api/workspaces/${WS}/profile/tables`],
		['GET', `/api/workspaces/${WS}/profile/checks`]
	],
	dedupe: [
		['GET', `/api/workspaces/${WS}/dedupe/settings`],
		['PUT', `/api/workspaces/${WS}/dedupe/settings`, {}],
		['POST', `/api/workspaces/${WS}/dedupe/decisions`, {}]
	],
	mapping: [
		['GET', `/api/workspaces/${WS}/mapping`],
		['POST', `/api/workspaces/${WS}/mapping/confirm`, { confirmed: 'yes' }],
		['PATCH', `/api/workspaces/${WS}/mapping/field`, {}]
	],
	loader: [
		['GET', `/api/workspaces/${WS}/loader/batches`],
		['GET', `/api/workspaces/${WS}/loader/runs`],
		['POST', `/api/workspaces/${WS}/loader/runs`, { settings: { budget: 0 } }]
	],
	recipes: [
		['GET', '/api/recipes'],
		['POST', `/api/workspaces/${WS}/recipes`, {}],
		['POST', `/api/workspaces/${WS}/recipes/x/replay`, {}]
	],
	delta: [
		['GET', `/api/workspaces/${WS}/delta`],
		['POST', `/api/workspaces/${WS}/delta/rollback`, {}]
	],
	rebuild: [['GET', `/api/workspaces/${WS}/rebuild-reference`]],
	target: [
		['GET', `/api/workspaces/${WS}/target`],
		['PUT', `/api/workspaces/${WS}/target`, {}],
		['POST', `/api/workspaces/${WS}/target/sandbox`, { profile: 'nope' }]
	],
	unknown: [
		['GET', '/api/no/such/route'],
		['DELETE', `/api/workspaces/${WS}`]
	]
};

let open: FerryServer; // --host 0.0.0.0
let local: FerryServer; // the default

beforeAll(async () => {
	[open, local] = await Promise.all([startFerry({ args: ['--no-sample', '--host', '0.0.0.0'] }), startFerry({ args: ['--no-sample'] })]);
	expect(
		(
			await open.api('/api/workspaces', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: WS })
			})
		).status
	).toBe(201);
}, 300_000);
afterAll(async () => {
	await Promise.all([open?.stop(), local?.stop()]);
});

function call(s: FerryServer, method: string, p: string, body: unknown, headers: Record<string, string>): Promise<Response> {
	return fetch(s.base + p, {
		method,
		headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

describe('every /api route group needs the token', () => {
	for (const [group, routes] of Object.entries(GROUPS))
		it(group, async () => {
			const s = open;
			for (const [method, p, body] of routes) {
				const what = `${method} ${p}`;
				const none = await call(s, method, p, body, {});
				expect(none.status, `${what} without a token`).toBe(401);
				expect((await none.json()).error, what).toMatch(/missing or wrong access token/);
				const wrong = `${s.token.slice(0, -2)}xx`;
				expect((await call(s, method, p, body, { authorization: `Bearer ${wrong}` })).status, `${what} with a wrong token`).toBe(401);
				expect((await call(s, method, p, body, { cookie: `ferry_token=${wrong}` })).status, `${what} with a wrong cookie`).toBe(401);
				expect((await call(s, method, p, body, { authorization: 'Bearer ' })).status, `${what} with an empty token`).toBe(401);
				// The other server's token is a real token, just not this server's.
				expect(
					(await call(s, method, p, body, { authorization: `Bearer ${local.token}` })).status,
					`${what} with another server's token`
				).toBe(401);
				const foreign = await call(s, method, p, body, { authorization: `Bearer ${s.token}`, origin: 'http://evil.example' });
				expect(foreign.status, `${what} from a foreign origin`).toBe(403);
				expect((await foreign.json()).error).toMatch(/foreign origin refused/);
				// With the token the route answers for itself (so the refusals above were the guard's, not a missing route).
				const ok = await call(s, method, p, body, { authorization: `Bearer ${s.token}`, origin: s.base });
				expect([401, 403], `${what} with the token`).not.toContain(ok.status);
				if (group !== 'unknown') expect(await ok.text(), what).not.toMatch(/no API route/);
				else expect(ok.status).toBe(404);
			}
		});

	it('pages too: 401 without the token, 403 from a foreign origin', async () => {
		for (const p of ['/', `/w/${WS}`, `/w/${WS}/load`]) {
			expect((await fetch(open.base + p)).status, p).toBe(401);
			expect((await fetch(open.base + p, { headers: { cookie: 'ferry_token=nope' } })).status, p).toBe(401);
			expect(
				(await fetch(`${open.base}${p}?token=${open.token}`, { redirect: 'manual', headers: { origin: 'http://evil.example' } })).status,
				p
			).toBe(403);
		}
	});
});

/** The local address of the listening socket on `port`, from /proc/net/tcp (hex, little-endian IPv4). */
function listeningAddresses(port: number): string[] {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	const out: string[] = [];
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		if (!fs.existsSync(file)) continue;
		for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
			const [, local, , state] = line.trim().split(/\s+/);
			if (!local || state !== '0A') continue;
			const [addr, p] = local.split(':');
			if (p !== hexPort) continue;
			out.push(
				addr.length === 8
					? addr
							.match(/../g)!
							.reverse()
							.map((h) => parseInt(h, 16))
							.join('.')
					: `v6:${addr}`
			);
		}
	}
	return out;
}

describe('where ferry serve listens', () => {
	it('127.0.0.1 by default, with no warning', () => {
		expect(listeningAddresses(local.port)).toEqual(['127.0.0.1']);
		expect(local.output()).not.toMatch(/WARNING/);
	});

	it('--host 0.0.0.0 listens on every address and prints a warning first', () => {
		expect(listeningAddresses(open.port)).toEqual(['0.0.0.0']);
		const out = open.output();
		expect(out).toMatch(/WARNING: listening on 0\.0\.0\.0: anyone who can reach this address and has the token sees patient data\./);
		expect(out.indexOf('WARNING')).toBeLessThan(out.indexOf('Ferry is ready'));
	});
});
