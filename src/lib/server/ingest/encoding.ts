// Decide a text file's encoding, or say that it is not text at all.
import type { FileScan } from './scan.js';
import { FerryError } from '../errors.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A file that is not a readable table (a 400); its own class because the import rejects that file and goes on. */
export class NotTextError extends FerryError {
	constructor(message: string) {
		super(message, 400);
		this.name = 'NotTextError';
	}
}

const MAGIC: Array<[string, number[]]> = [
	['a PDF document', [0x25, 0x50, 0x44, 0x46]],
	['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
	['a JPEG image', [0xff, 0xd8, 0xff]],
	['a GIF image', [0x47, 0x49, 0x46, 0x38]],
	['a zip archive (or an .xlsx/.docx saved under the wrong name)', [0x50, 0x4b, 0x03, 0x04]],
	['a legacy Office (.xls/.doc) file', [0xd0, 0xcf, 0x11, 0xe0]],
	['a gzip archive', [0x1f, 0x8b]],
	['an executable', [0x7f, 0x45, 0x4c, 0x46]]
];

function startsWith(buf: Buffer, bytes: number[]): boolean {
	return bytes.every((b, i) => buf[i] === b);
}

/** UTF-16 without a BOM shows up as NULs in every other byte of ASCII text. */
function utf16Parity(head: Buffer): 'le' | 'be' | null {
	const n = Math.min(head.length & ~1, 4096);
	if (n < 4) return null;
	let even = 0;
	let odd = 0;
	for (let i = 0; i < n; i += 2) {
		if (head[i] === 0) even++;
		if (head[i + 1] === 0) odd++;
	}
	const half = n / 2;
	if (odd > half * 0.6 && even < half * 0.05) return 'le';
	if (even > half * 0.6 && odd < half * 0.05) return 'be';
	return null;
}

export function detectEncoding(scan: FileScan): TextEncoding {
	const { head } = scan;
	if (startsWith(head, [0xef, 0xbb, 0xbf])) {
		// A BOM that lies (Windows-1252 rows saved under a UTF-8 mark) is read line by line,
		// each line in the encoding it is valid in, and the file's outcome says so.
		return scan.validUtf8 || scan.truncatedUtf8 ? 'utf-8-bom' : 'windows-1252';
	}
	if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
	if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
	for (const [what, magic] of MAGIC) {
		if (startsWith(head, magic)) throw new NotTextError(`is binary: its content is ${what}, not text`);
	}
	const parity = utf16Parity(head);
	if (parity) return parity === 'le' ? 'utf-16le' : 'utf-16be';
	// Binary formats are full of NULs; a stray NUL or two in a text file costs only its rows.
	if (scan.nulBytes >= 1024 || scan.nulBytes * 100 > scan.bytes)
		throw new NotTextError(
			`is binary: it holds ${scan.nulBytes >= 1024 ? 'many' : scan.nulBytes} NUL bytes, which no text export contains`
		);
	if (scan.validUtf8 || scan.truncatedUtf8) return 'utf-8';
	// Not UTF-8: the regional Excel default. Every byte decodes, so nothing is lost; lines
	// that are valid UTF-8 (a file appended to by two systems) keep UTF-8 (see csv.ts).
	return 'windows-1252';
}

/** iconv-lite's name for an encoding. */
export function iconvName(enc: TextEncoding): string {
	return enc === 'utf-8-bom' ? 'utf-8' : enc === 'windows-1252' ? 'win1252' : enc;
}

/** Control characters other than tab/CR/LF in decoded text mean it is binary after all. */
export function looksBinaryText(text: string): boolean {
	const sample = text.slice(0, 65536);
	let ctrl = 0;
	for (let i = 0; i < sample.length; i++) {
		const c = sample.charCodeAt(i);
		if (c < 32 && c !== 9 && c !== 10 && c !== 13) ctrl++;
	}
	return sample.length > 0 && ctrl / sample.length > 0.01;
}
