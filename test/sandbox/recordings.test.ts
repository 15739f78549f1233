// Replays every recorded exchange of a real Twenty against the sandbox in that version's
// profile and compares status and body (ids, timestamps, cursors excepted). Multi-request
// rate-limit recordings are replayed on an injected clock and their figures compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type ProfileName, type Sandbox } from '../../src/lib/server/sandbox/index.js';
import { collectIds, diffBodies, keyMessages, keysOf, normalize } from './recordings/compare.js';
import { elidedCount, loadRecordings, type Exchange, type Summary } from './recordings/load.js';
import { REAL } from './harness.js';

const PROFILES: Array<[string, ProfileName]> = [
	['v1.5-upstream', 'v1.5'],
	['v2.20-fork', 'v2.20']
];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Custom fields the recorded seed workspace had on person (11b: isCustom / custom app). */
const SEED_FIELDS = [
	{ type: 'TEXT', name: 'intro', label: 'Intro' },
	{ type: 'PHONES', name: 'whatsapp', label: 'Whatsapp', defaultValue: { additionalPhones: null, primaryPhoneNumber: "''", primaryPhoneCallingCode: "'+33'", primaryPhoneCountryCode: "'FR'" } },
	{ type: 'MULTI_SELECT', name: 'workPreference', label: 'Work Preference', options: ['ON_SITE', 'HYBRID', 'REMOTE_WORK'].map((value, position) => ({ value, label: value, color: 'green', position })) },
	{ type: 'RATING', name: 'performanceRating', label: 'Performance Rating' }
];

class Replayer {
	ids = new Map<string, string>();
	url = '';
	constructor(readonly sandbox: Sandbox, readonly tag: string) {}

	send(method: string, path: string, body: unknown, auth = true) {
		return fetch(this.url + path, {
			method,
			headers: { ...(auth ? { Authorization: `Bearer ${this.sandbox.apiKey}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body)
		}).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }));
	}

	map = (text: string) => text.replace(UUID, (id) => this.ids.get(id) ?? id);

	/** Elided request bodies are rebuilt in the shape the recordings describe. */
	body(x: Exchange): unknown {
		const n = elidedCount(x.request_body);
		if (n === null) return x.request_body === null ? undefined : JSON.parse(this.map(JSON.stringify(x.request_body)));
		return Array.from({ length: n }, (_, i) => ({
			name: { firstName: `B${this.tag}n${n}`, lastName: `N${i}` },
			emails: { primaryEmail: `b${this.tag}n${n}.${i}@contract-test.example` }
		}));
	}

	/** Ids in a path that no earlier answer produced belong to the recorded seed data. */
	async seedUnknownIds(path: string) {
		for (const id of path.match(UUID) ?? [])
			if (!this.ids.has(id) && !/^0{8}/.test(id)) {
				await this.send('POST', '/rest/people', { id });
				this.ids.set(id, id);
			}
	}
}

const symDiff = (a: unknown, b: unknown) => {
	const [x, y] = [a as string[], b as string[]];
	return { extra: x.filter((k) => !y.includes(k)), missing: y.filter((k) => !x.includes(k)) };
};

function compareMetadataList(expected: any, actual: any, trimmed: boolean) {
	expect(keysOf(actual)).toEqual(keysOf(expected));
	expect(keysOf(actual.pageInfo)).toEqual(keysOf(expected.pageInfo));
	const ours = new Map<string, any>(actual.data.objects.map((o: any) => [o.nameSingular, o]));
	let compared = 0;
	for (const rec of expected.data.objects) {
		const mine = ours.get(rec.nameSingular);
		if (!mine) continue;
		compared++;
		// fields__count is the recorder's note on trimmed files, not Twenty's.
		const recKeys = (keysOf(rec) as string[]).filter((k) => k !== 'fields__count');
		expect(keysOf(mine), `${rec.nameSingular} ${JSON.stringify(symDiff(keysOf(mine), recKeys))}`).toEqual(recKeys);
		const types = new Map<string, string>(mine.fields.map((f: any) => [f.name, f.type]));
		for (const f of rec.fields) if (types.has(f.name)) expect(`${rec.nameSingular}.${f.name}:${types.get(f.name)}`).toBe(`${rec.nameSingular}.${f.name}:${f.type}`);
		if (trimmed) continue; // trimmed recordings keep 3 fields per object: too few to know every key
		const fieldKeys = new Set(expected.data.objects.flatMap((o: any) => o.fields.flatMap((f: any) => Object.keys(f))));
		for (const f of mine.fields) for (const k of Object.keys(f)) expect(fieldKeys.has(k), `${rec.nameSingular}.${f.name}.${k}`).toBe(true);
	}
	expect(compared).toBeGreaterThan(0);
}

for (const [dir, profile] of PROFILES) {
	const { exchanges, summaries } = loadRecordings(dir);

	describe.skipIf(REAL)(`recordings ${dir} replayed on profile ${profile}`, () => {
		let r: Replayer;
		let close: () => Promise<void>;
		beforeAll(async () => {
			const sandbox = createSandbox({ profile, rateLimit: false });
			r = new Replayer(sandbox, profile === 'v1.5' ? 'v1' : 'v2');
			const server = await sandbox.listen();
			r.url = server.url;
			close = server.close;
			const objects = (await r.send('GET', '/rest/metadata/objects', undefined)).body.data.objects;
			const person = objects.find((o: any) => o.nameSingular === 'person').id;
			for (const f of SEED_FIELDS) await r.send('POST', '/rest/metadata/fields', { objectMetadataId: person, ...f });
			// The recorded workspace had seed people: a few stand in for them.
			await r.send('POST', '/rest/batch/people', Array.from({ length: 5 }, (_, i) => ({ name: { firstName: 'Seed', lastName: `N${i}` } })));
		});
		afterAll(() => close());

		for (const x of exchanges)
			it(`[rec ${dir}/${x.file}] ${x.method} ${x.path.slice(0, 70)} → ${x.status}`, async () => {
				await r.seedUnknownIds(x.path);
				const got = await r.send(x.method, r.map(x.path), r.body(x), 'Authorization' in x.request_headers);
				expect(got.status, JSON.stringify(got.body).slice(0, 600)).toBe(x.status);
				if (x.status >= 400) {
					expect(keysOf(got.body), JSON.stringify(got.body).slice(0, 1000)).toEqual(keysOf(x.response_body));
					expect(keyMessages(got.body), JSON.stringify(got.body).slice(0, 1000)).toEqual(keyMessages(x.response_body));
					return;
				}
				if (x.response_body?.data?.objects) {
					for (const o of x.response_body.data.objects) {
						const mine = got.body.data.objects.find((m: any) => m.nameSingular === o.nameSingular);
						if (mine) r.ids.set(o.id, mine.id);
					}
					compareMetadataList(x.response_body, got.body, /trimmed/.test(x.note ?? ''));
					return;
				}
				// Records a create answers are the replay's own: compare their values too.
				if (x.status === 201) collectIds(x.response_body, got.body, r.ids);
				const diffs = diffBodies(x.response_body, got.body, (id) => r.ids.has(id));
				expect(diffs, JSON.stringify(diffs).slice(0, 3000)).toEqual([]);
				collectIds(x.response_body, got.body, r.ids);
			});
	});

	describe.skipIf(REAL)(`rate-limit recordings ${dir} on profile ${profile}`, () => {
		for (const s of summaries) it(`[rec ${dir}/${s.file}] ${s.note?.slice(0, 80) ?? s.endpoint}`, () => replaySummary(profile, s, summaries));
	});
}

// ---- multi-request summaries -------------------------------------------------------------

async function clockedSandbox(profile: ProfileName, windowLimit?: number) {
	const clock = { now: Date.parse('2026-11-24T02:34:00Z') };
	const sandbox = createSandbox({ profile, now: () => clock.now, rateLimit: windowLimit ? { window: { limit: windowLimit } } : {} });
	const server = await sandbox.listen();
	const call = async (endpoint: string) => {
		const [method, path] = endpoint.split(' ');
		const gql = path === '/graphql';
		const res = await fetch(server.url + path, {
			method,
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: gql ? JSON.stringify({ query: '{ people(first: 1) { edges { node { id } } } }' }) : undefined
		});
		const body = await res.json();
		return { status: res.status, body, headers: res.headers, throttled: res.status === 429 || (gql && !!body.errors) };
	};
	return { clock, call, close: server.close };
}

async function replaySummary(profile: ProfileName, s: Summary, all: Summary[]) {
	const limit20 = /LIMIT20|LIMIT=20/.test(s.file + (s.note ?? ''));
	if (s.file === '13b_rate_limit_recovery_probe.json') return replayRecovery(s, all.find((x) => x.file === '13_rate_limit_rest_get_people_default.json')!);
	if (!s.per_request_log) return replayThrottledExample(profile, s);
	const c = await clockedSandbox(profile, limit20 ? 20 : undefined);
	try {
		const start = c.clock.now;
		const got: Array<[number, boolean]> = [];
		let first: Awaited<ReturnType<typeof c.call>> | null = null;
		for (const [, t] of s.per_request_log) {
			c.clock.now = start + t * 1000;
			const res = await c.call(s.endpoint!);
			got.push([res.status, res.throttled]);
			if (res.throttled && !first) first = res;
		}
		expect(got).toEqual(s.per_request_log.map(([, , status, throttled]) => [status, throttled || status === 429]));
		if (s.first_throttled_exchange) {
			expect(first!.status).toBe(s.first_throttled_exchange.status);
			expect(normalize(first!.body)).toEqual(normalize(s.first_throttled_exchange.response_body));
			expect(first!.headers.get('retry-after')).toBeNull();
		}
	} finally {
		await c.close();
	}
}

async function replayThrottledExample(profile: ProfileName, s: Summary) {
	const x = s as unknown as Exchange;
	const c = await clockedSandbox(profile, 20);
	try {
		for (let i = 0; i < 20; i++) expect((await c.call(`GET ${x.path}`)).status).toBe(200);
		const res = await c.call(`GET ${x.path}`);
		expect(res.status).toBe(x.status);
		expect(res.body).toEqual(x.response_body);
	} finally {
		await c.close();
	}
}

/** 13b followed 13 after an unrecorded pause: find a pause that reproduces every status. */
async function replayRecovery(probe: Summary, burst: Summary) {
	const c = await clockedSandbox('v2.20');
	try {
		const start = c.clock.now;
		for (const [, t] of burst.per_request_log!) {
			c.clock.now = start + t * 1000;
			await c.call(burst.endpoint!);
		}
		const end = c.clock.now;
		const log = probe.log!;
		const { RateLimiter, DEFAULT_RATE_LIMIT } = await import('../../src/lib/server/sandbox/http/rate-limit.js');
		const simulate = (pauseMs: number) => {
			const clock = { now: 0 };
			const l = new RateLimiter('floor', DEFAULT_RATE_LIMIT, () => clock.now);
			for (const [, t] of burst.per_request_log!) {
				clock.now = t * 1000;
				l.take();
			}
			const t0 = clock.now + pauseMs;
			return log.map(([, t]) => ((clock.now = t0 + t * 1000), l.take().ok ? 200 : 429));
		};
		const expected = log.map(([, , status]) => status);
		let pause = -1;
		for (let p = 0; p <= 30_000 && pause < 0; p += 10) if (JSON.stringify(simulate(p)) === JSON.stringify(expected)) pause = p;
		expect(pause).toBeGreaterThanOrEqual(0);
		const got: number[] = [];
		for (const [, t] of log) {
			c.clock.now = end + pause + t * 1000;
			got.push((await c.call(burst.endpoint!)).status);
		}
		expect(got).toEqual(expected);
	} finally {
		await c.close();
	}
}
