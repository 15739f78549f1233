// Seeded fault injection so loader tests can be exact: the same seed and request order give
// the same latencies and faults; failNth fails exactly the n-th request since the faults were set.
import { z } from 'zod';

export const latencySchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('fixed'), ms: z.number().min(0) }),
	z.object({ kind: z.literal('uniform'), min: z.number().min(0), max: z.number().min(0) }),
	z.object({ kind: z.literal('normal'), mean: z.number().min(0), sd: z.number().min(0) })
]);

const share = z.number().min(0).max(1).default(0);

export const faultSchema = z
	.object({
		seed: z.number().int().default(1),
		latency: latencySchema.optional(),
		rate429: share,
		rate5xx: share,
		status5xx: z.number().int().min(500).max(599).default(503),
		rateHang: share,
		/** A hung request is dropped after this long; without it, it waits for the client. */
		hangMs: z.number().min(0).optional(),
		rateDrop: share,
		failNth: z.array(z.number().int().min(1)).default([]),
		failStatus: z.number().int().min(400).max(599).default(500),
		/** The n-th request is carried out, then answered 400 "Query read timeout": a real Twenty 2.19 did so when its
		 * database read timed out after PostgreSQL had committed a batch create (bench/README, the 5,000-patient run). */
		lostNth: z.array(z.number().int().min(1)).default([])
	})
	.strict();

export type FaultConfig = z.infer<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

export type FaultAction =
	| { kind: 'none' }
	| { kind: 'status'; status: number; cause: 'failNth' | '429' | '5xx' }
	| { kind: 'hang' }
	| { kind: 'drop' }
	| { kind: 'lost' };

export interface FaultDecision {
	delayMs: number;
	action: FaultAction;
	/** 1-based count of the request since the faults were set. */
	n: number;
}

/** mulberry32: small, fast, good enough for test randomness. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultInjector {
	config: FaultConfig;
	private random: () => number;
	private count = 0;

	constructor(input: FaultInput = {}) {
		this.config = faultSchema.parse(input);
		this.random = mulberry32(this.config.seed);
	}

	/** Replace the configuration; restarts the sequence and the request count. */
	set(input: FaultInput): FaultConfig {
		this.config = faultSchema.parse(input);
		this.random = mulberry32(this.config.seed);
		this.count = 0;
		return this.config;
	}

	/** Always draws three numbers so one request's config does not shift the next one's draws. */
	next(): FaultDecision {
		const n = ++this.count;
		const [r1, r2, r3] = [this.random(), this.random(), this.random()];
		const c = this.config;
		const delayMs = sampleLatency(c.latency, r1, r2);
		if (c.failNth.includes(n)) return { n, delayMs, action: { kind: 'status', status: c.failStatus, cause: 'failNth' } };
		if (c.lostNth.includes(n)) return { n, delayMs, action: { kind: 'lost' } };
		let edge = c.rate429;
		if (r3 < edge) return { n, delayMs, action: { kind: 'status', status: 429, cause: '429' } };
		if (r3 < (edge += c.rate5xx)) return { n, delayMs, action: { kind: 'status', status: c.status5xx, cause: '5xx' } };
		if (r3 < (edge += c.rateHang)) return { n, delayMs, action: { kind: 'hang' } };
		if (r3 < edge + c.rateDrop) return { n, delayMs, action: { kind: 'drop' } };
		return { n, delayMs, action: { kind: 'none' } };
	}
}

function sampleLatency(l: FaultConfig['latency'], r1: number, r2: number): number {
	if (!l) return 0;
	if (l.kind === 'fixed') return l.ms;
	if (l.kind === 'uniform') return l.min + (l.max - l.min) * r1;
	// Box–Muller; negative samples clamp to 0.
	const z = Math.sqrt(-2 * Math.log(1 - r1)) * Math.cos(2 * Math.PI * r2);
	return Math.max(0, l.mean + l.sd * z);
}
