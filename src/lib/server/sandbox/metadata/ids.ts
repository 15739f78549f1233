// Deterministic ids for standard metadata and seeded rows, so that saved state, tests and
// two sandboxes started alike agree on them.
import { createHash, randomUUID } from 'node:crypto';

/** A v4-shaped UUID derived from a name (not RFC 4122 v5, but stable and valid). */
export function stableUuid(name: string): string {
	const h = createHash('sha1').update(`ferry-sandbox:${name}`).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const newUuid = (): string => randomUUID();

// Postgres accepts any 8-4-4-4-12 hex string as a uuid, whatever its version bits.
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);
