// Pacing to the target's request budget. A token bucket whose refill is (budget − burst) per
// window and whose capacity is the burst: then no sliding window of that length ever holds
// more than the budget, so Twenty's own bucket (budget per window) never runs dry. Every
// request takes a token (reads too), and a 429 pauses everyone until Retry-After has passed.

export interface PacerOptions {
	/** Requests allowed per window; Twenty's default is 100 per minute. */
	budget: number;
	windowMs: number;
	/** Tokens available at once; default 2% of the budget (at least 1). */
	burst?: number;
	now?: () => number;
}

export class Pacer {
	readonly budget: number;
	readonly windowMs: number;
	readonly burst: number;
	private tokens: number;
	private at: number;
	private pausedUntil = 0;
	private waiters: Array<() => void> = [];
	private timer: NodeJS.Timeout | null = null;
	private sent: number[] = [];
	private now: () => number;
	requests = 0;

	constructor(o: PacerOptions) {
		if (!(o.budget >= 1)) throw new Error(`request budget must be at least 1 per window, got ${o.budget}`);
		this.budget = o.budget;
		this.windowMs = o.windowMs;
		this.burst = Math.max(1, Math.min(o.budget - 1 || 1, o.burst ?? Math.floor(o.budget * 0.02)));
		this.now = o.now ?? (() => performance.now());
		this.tokens = this.burst;
		this.at = this.now();
	}

	/** Refill per ms: the budget less the burst, so burst + refill never exceeds the budget. */
	private get rate(): number {
		return Math.max(this.budget - this.burst, 1) / this.windowMs;
	}

	private refill(): void {
		const now = this.now();
		this.tokens = Math.min(this.burst, this.tokens + (now - this.at) * this.rate);
		this.at = now;
	}

	/** Resolves when a request may go out; counts it. */
	take(): Promise<void> {
		return new Promise((resolve) => {
			this.waiters.push(resolve);
			this.drain();
		});
	}

	/** Everyone waits at least this long (a 429's Retry-After, or backoff without one). */
	pauseFor(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
		this.tokens = Math.min(this.tokens, 0);
	}

	/** Requests sent in the last window, and what is left of the budget there. */
	headroom(): { sentInWindow: number; budget: number; share: number } {
		const cutoff = this.now() - this.windowMs;
		while (this.sent.length && this.sent[0] <= cutoff) this.sent.shift();
		return { sentInWindow: this.sent.length, budget: this.budget, share: 1 - this.sent.length / this.budget };
	}

	private drain(): void {
		if (this.timer) return;
		for (;;) {
			if (!this.waiters.length) return;
			const now = this.now();
			if (now < this.pausedUntil) return this.wake(this.pausedUntil - now);
			this.refill();
			if (this.tokens < 1) return this.wake((1 - this.tokens) / this.rate);
			this.tokens -= 1;
			this.requests++;
			this.sent.push(now);
			if (this.sent.length > this.budget * 2) this.sent.splice(0, this.sent.length - this.budget);
			this.waiters.shift()!();
		}
	}

	private wake(ms: number): void {
		this.timer = setTimeout(
			() => {
				this.timer = null;
				this.drain();
			},
			Math.max(1, Math.ceil(ms))
		);
	}

	stop(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}

/** A fetch that waits for the pacer and gives up on a request after timeoutMs (hung sockets). */
export function pacedFetch(pacer: Pacer, timeoutMs: number, base: typeof fetch = fetch): typeof fetch {
	return async (input, init = {}) => {
		await pacer.take();
		const signal = AbortSignal.timeout(timeoutMs);
		return base(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal });
	};
}
