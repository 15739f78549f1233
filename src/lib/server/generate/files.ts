// Small but valid documents for files/: a one-page PDF, a PNG, a text file; and
// cheap oversize files (written sparse with truncate).
import fs from 'node:fs';
import zlib from 'node:zlib';

/** Twenty's upload limit is 25 MB; these are one byte over. */
export const OVERSIZE_BYTES = 25 * 1024 * 1024 + 1;

export function pdf(title: string, lines: string[]): Buffer {
	const text = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
	const content =
		'BT /F1 14 Tf 56 780 Td (' + text(title) + ') Tj /F1 10 Tf ' + lines.map((l) => `0 -18 Td (${text(l)}) Tj`).join(' ') + ' ET';
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	return Buffer.concat([len, body, crc]);
}

/** A zlib stream of stored (uncompressed) blocks: the same bytes on every zlib build. */
function storedZlib(raw: Buffer): Buffer {
	const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
	for (let off = 0; off < raw.length || off === 0; off += 65535) {
		const block = raw.subarray(off, off + 65535);
		const head = Buffer.alloc(5);
		head[0] = off + 65535 >= raw.length ? 1 : 0;
		head.writeUInt16LE(block.length, 1);
		head.writeUInt16LE(~block.length & 0xffff, 3);
		parts.push(head, block);
		if (off + 65535 >= raw.length) break;
	}
	let a = 1;
	let b = 0;
	for (const byte of raw) {
		a = (a + byte) % 65521;
		b = (b + a) % 65521;
	}
	const adler = Buffer.alloc(4);
	adler.writeUInt32BE(((b << 16) | a) >>> 0);
	parts.push(adler);
	return Buffer.concat(parts);
}

/** A palette PNG: a card-like rectangle with a coloured band. */
export function png(width: number, height: number, rgb: [number, number, number]): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 3; // palette
	const palette = Buffer.from([245, 245, 240, ...rgb, 40, 40, 40]);
	const raw = Buffer.alloc((width + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * (width + 1);
		for (let x = 0; x < width; x++) {
			const text = y > height / 2 && y % 6 === 0 && x > 6 && x < width - 10;
			raw[row + 1 + x] = y < height / 4 ? 1 : text ? 2 : 0;
		}
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('PLTE', palette),
		chunk('IDAT', storedZlib(raw)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/** A file over the limit: a real PDF header, then zeros (sparse on disk). */
export function writeOversize(path: string, head: Buffer): void {
	fs.writeFileSync(path, head);
	fs.truncateSync(path, OVERSIZE_BYTES);
}
