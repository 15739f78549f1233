// Twenty's API-key rate limit, one budget per workspace shared by all keys [TWENTY.md §3.1].
//  - window (v1.x): a fixed window, API_RATE_LIMITING_TTL/LIMIT (recorded default 500 per 100 s).
//  - floor (v2.x): short and long token buckets checked in turn; refill = floor(elapsed ×
//    limit / ttl) and the refill time only moves when a token is taken (throttler.service.ts).
//    This is why v2.20 served exactly 100 requests in 1.6 s, then one per ~600 ms (13, 13b).
//  - exact (newest usage-limit module): both buckets refill fractionally and are taken
//    atomically; a refusal says when to retry (try-consume-token-buckets script).

export interface Bucket {
	limit: number;
	ttlMs: number;
}

export interface RateLimitSettings {
	enabled: boolean;
	short: Bucket;
	long: Bucket;
	/** v1.x fixed window. */
	window: Bucket;
	/** Time compression for tests and demos: windows last ttl/scale (budget × scale per minute). */
	scale: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = {
	enabled: true,
	short: { limit: 100, ttlMs: 1000 },
	long: { limit: 100, ttlMs: 60_000 },
	window: { limit: 500, ttlMs: 100_000 },
	scale: 1
};

export type LimitResult = { ok: true } | { ok: false; bucket: Bucket; retryAfterMs: number };

interface BucketState {
	tokens: number;
	at: number;
}

export class RateLimiter {
	private states = new Map<string, BucketState>();
	limited = 0;

	constructor(
		private style: 'window' | 'floor' | 'exact',
		public settings: RateLimitSettings,
		private now: () => number
	) {}

	reset(): void {
		this.states.clear();
		this.limited = 0;
	}

	take(): LimitResult {
		if (!this.settings.enabled) return { ok: true };
		const r = this.style === 'window' ? this.takeWindow() : this.style === 'floor' ? this.takeFloor() : this.takeExact();
		if (!r.ok) this.limited++;
		return r;
	}

	/** Effective bucket after scaling. */
	scaled(b: Bucket): Bucket {
		return { limit: b.limit, ttlMs: b.ttlMs / Math.max(this.settings.scale, 1e-9) };
	}

	private takeWindow(): LimitResult {
		const b = this.scaled(this.settings.window);
		const now = this.now();
		let s = this.states.get('window');
		if (!s || now - s.at >= b.ttlMs) this.states.set('window', (s = { tokens: 0, at: now }));
		if (s.tokens >= b.limit) return { ok: false, bucket: b, retryAfterMs: s.at + b.ttlMs - now };
		s.tokens++;
		return { ok: true };
	}

	private takeFloor(): LimitResult {
		const now = this.now();
		for (const [name, raw] of [
			['short', this.settings.short],
			['long', this.settings.long]
		] as const) {
			const b = this.scaled(raw);
			const s = this.states.get(name) ?? { tokens: b.limit, at: now };
			const available = Math.min(s.tokens + Math.floor((now - s.at) * (b.limit / b.ttlMs)), b.limit);
			if (available < 1) return { ok: false, bucket: b, retryAfterMs: Math.ceil(b.ttlMs / b.limit) };
			this.states.set(name, { tokens: available - 1, at: now });
		}
		return { ok: true };
	}

	private takeExact(): LimitResult {
		const now = this.now();
		const buckets = [
			['short', this.scaled(this.settings.short)],
			['long', this.scaled(this.settings.long)]
		] as const;
		const available = buckets.map(([name, b]) => {
			const s = this.states.get(name) ?? { tokens: b.limit, at: now };
			return Math.min(b.limit, s.tokens + Math.max(0, now - s.at) * (b.limit / b.ttlMs));
		});
		let exhausted: Bucket | null = null;
		let retryAfterMs = 0;
		buckets.forEach(([, b], i) => {
			if (available[i] >= 1) return;
			// Narrowest first names the scope; the caller waits for the slowest refill.
			exhausted ??= b;
			retryAfterMs = Math.max(retryAfterMs, Math.ceil(((1 - available[i]) * b.ttlMs) / b.limit));
		});
		if (exhausted) return { ok: false, bucket: exhausted, retryAfterMs };
		buckets.forEach(([name], i) => this.states.set(name, { tokens: available[i] - 1, at: now }));
		return { ok: true };
	}
}
