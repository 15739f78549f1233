// A tiny seeded PRNG (sfc32, seeded through cyrb128). Never Math.random: the
// generator must write the same bytes for the same seed on every machine.

function cyrb128(str: string): [number, number, number, number] {
	let h1 = 1779033703;
	let h2 = 3144134277;
	let h3 = 1013904242;
	let h4 = 2773480762;
	for (let i = 0; i < str.length; i++) {
		const k = str.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	readonly label: string;

	constructor(seed: number | string) {
		this.label = String(seed);
		[this.a, this.b, this.c, this.d] = cyrb128(this.label);
		for (let i = 0; i < 15; i++) this.u32();
	}

	/** An independent stream for one purpose, so adding draws in one place does not shift another. */
	fork(label: string): Rng {
		return new Rng(`${this.label}/${label}`);
	}

	u32(): number {
		this.a >>>= 0;
		this.b >>>= 0;
		this.c >>>= 0;
		this.d >>>= 0;
		let t = (this.a + this.b) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.d = (this.d + 1) | 0;
		t = (t + this.d) | 0;
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		return this.u32() / 4294967296;
	}

	/** Integer in [min, max], both inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return p > 0 && this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** Digits as text (never a JS number: long ids do not fit one). */
	digits(n: number, firstNonZero = false): string {
		let s = firstNonZero ? String(this.int(1, 9)) : '';
		while (s.length < n) s += String(this.u32() % 10);
		return s;
	}

	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[items[i], items[j]] = [items[j], items[i]];
		}
		return items;
	}
}

/** A weighted choice table built once and drawn from many times. */
export function weighted<T>(entries: ReadonlyArray<readonly [T, number]>): (rng: Rng) => T {
	const values = entries.map((e) => e[0]);
	const cumulative: number[] = [];
	let total = 0;
	for (const [, w] of entries) cumulative.push((total += w));
	return (rng) => {
		const x = rng.next() * total;
		let lo = 0;
		let hi = cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		return values[lo];
	};
}

/**
 * Exactly `count` events spread over `population` slots (selection sampling).
 * A slot that cannot take the event (e.g. a patient with no attachment) leaves it
 * pending for the next slot that can.
 */
export class Quota {
	private remaining: number;
	private slotsLeft: number;
	private pending = 0;

	constructor(
		private readonly rng: Rng,
		count: number,
		population: number
	) {
		this.remaining = Math.max(0, Math.min(count, population));
		this.slotsLeft = population;
	}

	/** Call once per slot, in order. */
	advance(): void {
		if (this.slotsLeft <= 0) return;
		if (this.remaining > 0 && this.rng.next() * this.slotsLeft < this.remaining) {
			this.remaining--;
			this.pending++;
		}
		this.slotsLeft--;
	}

	/** True (and consumed) when an event is due and this candidate can carry it. */
	take(): boolean {
		if (this.pending <= 0) return false;
		this.pending--;
		return true;
	}

	get due(): boolean {
		return this.pending > 0;
	}
}
