// One streaming pass over a file: its sha256, whether it is valid UTF-8, and the first
// bytes for sniffing. Everything the importer decides about encoding comes from here.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';

export interface FileScan {
	sha256: string;
	bytes: number;
	/** The first bytes of the file (up to 256 KiB), for sniffing. */
	head: Buffer;
	validUtf8: boolean;
	/** Valid UTF-8 except for an incomplete character at the very end: a file cut short. */
	truncatedUtf8: boolean;
	nulBytes: number;
	/** Longest physical line in bytes (between LFs, or CRs in a CR-only file). */
	maxLineBytes: number;
}

const HEAD_BYTES = 256 * 1024;

/** Length of an incomplete UTF-8 sequence at the end of a chunk, carried into the next. */
function trailingPartial(buf: Buffer): number {
	for (let back = 1; back <= Math.min(3, buf.length); back++) {
		const b = buf[buf.length - back];
		if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
		const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

export async function scanFile(file: string): Promise<FileScan> {
	const hash = createHash('sha256');
	const headParts: Buffer[] = [];
	let headLen = 0;
	let bytes = 0;
	let validUtf8 = true;
	let nulBytes = 0;
	let carry = Buffer.alloc(0);
	const lf = new LineGap(10);
	const cr = new LineGap(13);
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
		hash.update(chunk);
		bytes += chunk.length;
		if (headLen < HEAD_BYTES) {
			headParts.push(chunk.subarray(0, HEAD_BYTES - headLen));
			headLen += Math.min(chunk.length, HEAD_BYTES - headLen);
		}
		if (nulBytes < 1024) nulBytes += countNul(chunk);
		lf.feed(chunk);
		cr.feed(chunk);
		if (validUtf8) {
			const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
			const partial = trailingPartial(joined);
			validUtf8 = isUtf8(joined.subarray(0, joined.length - partial));
			carry = Buffer.from(joined.subarray(joined.length - partial));
		}
	}
	const truncatedUtf8 = validUtf8 && carry.length > 0;
	if (carry.length) validUtf8 = false;
	// The shorter of the two gaps is the real line length: in an LF (or CRLF) file the CR
	// gaps span the whole file, in a CR-only file the LF gaps do.
	const maxLineBytes = Math.min(lf.end(), cr.end());
	return { sha256: hash.digest('hex'), bytes, head: Buffer.concat(headParts), validUtf8, truncatedUtf8, nulBytes, maxLineBytes };
}

/** The longest run between two occurrences of one byte, found with indexOf (memchr). */
class LineGap {
	private max = 0;
	private current = 0;
	constructor(private readonly byte: number) {}
	feed(chunk: Buffer): void {
		let from = 0;
		for (let at = chunk.indexOf(this.byte); at !== -1; at = chunk.indexOf(this.byte, at + 1)) {
			this.max = Math.max(this.max, this.current + at - from);
			this.current = 0;
			from = at + 1;
		}
		this.current += chunk.length - from;
	}
	end(): number {
		return Math.max(this.max, this.current);
	}
}

function countNul(chunk: Buffer): number {
	let n = 0;
	for (let i = chunk.indexOf(0); i !== -1 && n < 1024; i = chunk.indexOf(0, i + 1)) n++;
	return n;
}
