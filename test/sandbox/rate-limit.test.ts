// Rate limiting [TWENTY.md §3, §9 fact 10] with an injected clock: exact and fast.
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type SandboxOptions } from '../../src/lib/server/sandbox/index.js';
import { REAL } from './harness.js';

interface Clocked {
	clock: { now: number };
	get(path?: string, key?: string): Promise<Response>;
	post(path: string, body: unknown): Promise<Response>;
	sandbox: ReturnType<typeof createSandbox>;
	close(): Promise<void>;
}

const open: Clocked[] = [];
afterEach(async () => {
	while (open.length) await open.pop()!.close();
});

async function clocked(options: SandboxOptions): Promise<Clocked> {
	const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
	const sandbox = createSandbox({ now: () => clock.now, ...options });
	const server = await sandbox.listen();
	const auth = (key = sandbox.apiKey) => ({ Authorization: `Bearer ${key}` });
	const c: Clocked = {
		clock,
		sandbox,
		get: (path = '/rest/people?limit=1', key) => fetch(server.url + path, { headers: auth(key) }),
		post: (path, body) =>
			fetch(server.url + path, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
		close: server.close
	};
	open.push(c);
	return c;
}

async function burst(c: Clocked, n: number, stepMs = 0): Promise<number[]> {
	const statuses: number[] = [];
	for (let i = 0; i < n; i++) {
		statuses.push((await c.get()).status);
		c.clock.now += stepMs;
	}
	return statuses;
}

describe.skipIf(REAL)('rate limiting', () => {
	it('[TWENTY.md §3.1, rec v2.20 13] 100 requests pass, the 101st gets 429 "Limit reached (100 tokens per 60000 ms)" without Retry-After', async () => {
		const c = await clocked({ profile: 'v2.20' });
		const statuses = await burst(c, 100, 16);
		expect(statuses.every((s) => s === 200)).toBe(true);
		const r = await c.get();
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBeNull();
		expect(await r.json()).toEqual({ statusCode: 429, error: 'HttpException', messages: ['Limit reached (100 tokens per 60000 ms)'] });
	});

	it('[throttler.service.ts, rec v2.20 13b] refill is floor(elapsed × 100/60000) and the refill time moves only when a token is taken', async () => {
		const c = await clocked({ profile: 'v2.20' });
		await burst(c, 100);
		const pattern: number[] = [];
		for (let i = 0; i < 9; i++) {
			c.clock.now += 214;
			pattern.push((await c.get()).status);
		}
		// 214, 428 ms: no whole token yet; 642 ms: one — as recorded (200 every third probe).
		expect(pattern).toEqual([429, 429, 200, 429, 429, 200, 429, 429, 200]);
	});

	it('[try-consume-token-buckets script] current: the narrowest exhausted bucket names the refusal', async () => {
		const c = await clocked({ profile: 'current' });
		await burst(c, 100);
		expect((await (await c.get()).json()).messages).toEqual(['Rate limit exceeded for apiKey: 100 requests per 1s.']);
	});

	it('[TWENTY.md §3.1] the short bucket allows 100 requests per 1000 ms', async () => {
		const c = await clocked({ profile: 'v2.20', rateLimit: { long: { limit: 10_000 } } });
		await burst(c, 100);
		const r = await c.get();
		expect(r.status).toBe(429);
		expect((await r.json()).messages).toEqual(['Limit reached (100 tokens per 1000 ms)']);
		c.clock.now += 1000;
		expect((await c.get()).status).toBe(200);
	});

	it('[TWENTY.md §3.1] the budget is per workspace: all API keys share it', async () => {
		const c = await clocked({ profile: 'v2.20', extraApiKeys: ['second-key'] });
		for (let i = 0; i < 50; i++) await c.get();
		for (let i = 0; i < 50; i++) expect((await c.get(undefined, 'second-key')).status).toBe(200);
		expect((await c.get(undefined, 'second-key')).status).toBe(429);
	});

	it('[TWENTY.md §3.1 newest] current: 429 with Retry-After ≥ 1 s, X-RateLimit-* headers and retryAfterSeconds', async () => {
		const c = await clocked({ profile: 'current' });
		await burst(c, 100, 5); // spaced so the 1 s bucket keeps refilling
		const r = await c.get();
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('1');
		expect(r.headers.get('x-ratelimit-limit')).toBe('100');
		expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
		const body = await r.json();
		expect(body).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED', limit: 100, remaining: 0, retryAfterSeconds: 1 });
		expect(body.messages).toEqual(['Rate limit exceeded for apiKey: 100 requests per 60s.']);
	});

	it('[try-consume-token-buckets script] current: fractional refill, one request per 600 ms once empty', async () => {
		const c = await clocked({ profile: 'current' });
		await burst(c, 100);
		c.clock.now += 599;
		expect((await c.get()).status).toBe(429);
		c.clock.now += 1;
		expect((await c.get()).status).toBe(200);
		expect((await c.get()).status).toBe(429);
	});

	it('[TWENTY.md §3.1] a refused request does not consume a token; after 60 s the bucket is full again', async () => {
		const c = await clocked({ profile: 'current' });
		await burst(c, 150);
		c.clock.now += 60_000;
		expect((await burst(c, 100)).every((s) => s === 200)).toBe(true);
	});

	it('[rec v1.5 13_rest_get_people_*] v1.5 does not throttle REST record requests', async () => {
		const c = await clocked({ profile: 'v1.5', rateLimit: { window: { limit: 20 } } });
		expect((await burst(c, 40)).every((s) => s === 200)).toBe(true);
	});

	it('[rec v1.5 13_rest_metadata_*_LIMIT20] v1.5 throttles metadata: 400 "Too many requests." after the window limit', async () => {
		const c = await clocked({ profile: 'v1.5', rateLimit: { window: { limit: 20 } } });
		const statuses: number[] = [];
		for (let i = 0; i < 22; i++) statuses.push((await c.get('/rest/metadata/objects')).status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(20);
		const r = await c.get('/rest/metadata/objects');
		expect(await r.json()).toEqual({ statusCode: 400, messages: ['Too many requests.'], error: 'Bad Request' });
		c.clock.now += 100_000;
		expect((await c.get('/rest/metadata/objects')).status).toBe(200);
	});

	it('[rec v1.5 13_rate_limit_graphql_people_LIMIT20] v1.5 GraphQL: request 21 answers 200 with "Too many requests."', async () => {
		const c = await clocked({ profile: 'v1.5', rateLimit: { window: { limit: 20 } } });
		const q = { query: '{ people(first: 1) { edges { node { id } } } }' };
		for (let i = 0; i < 20; i++) expect((await (await c.post('/graphql', q)).json()).errors).toBeUndefined();
		const r = await c.post('/graphql', q);
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({
			errors: [{ message: 'Too many requests.', extensions: { code: 'INTERNAL_SERVER_ERROR', userFriendlyMessage: 'An error occurred.' } }],
			data: { people: null }
		});
	});

	it('[TWENTY.md §3.1] v2 GraphQL is throttled as an error in an HTTP 200', async () => {
		const c = await clocked({ profile: 'v2.20' });
		await burst(c, 100, 16);
		const r = await c.post('/graphql', { query: '{ people { totalCount } }' });
		expect(r.status).toBe(200);
		const body = await r.json();
		expect(body.errors[0].message).toBe('Limit reached (100 tokens per 60000 ms)');
		expect(body.data).toEqual({ people: null });
	});

	it('[sandbox] rateLimit: false disables limiting; scale compresses the windows', async () => {
		const off = await clocked({ profile: 'current', rateLimit: false });
		expect((await burst(off, 150)).every((s) => s === 200)).toBe(true);
		const fast = await clocked({ profile: 'current', rateLimit: { scale: 60 } });
		await burst(fast, 100);
		fast.clock.now += 10; // 600 ms / 60
		expect((await fast.get()).status).toBe(200);
	});

	it('[sandbox] the limit is changeable at run time and /__sandbox/state counts refusals', async () => {
		const c = await clocked({ profile: 'current' });
		c.sandbox.setRateLimit({ long: { limit: 5 } });
		await burst(c, 7);
		expect(c.sandbox.state().rateLimited).toBe(2);
	});
});
