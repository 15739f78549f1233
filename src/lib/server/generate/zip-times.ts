// Pins every entry time in a zip file (local headers and central directory) to one
// date, so a workbook written twice has the same bytes. Reads and writes only the
// headers, never the whole file.
import fs from 'node:fs';

function dosDateTime(d: Date): [number, number] {
	const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
	const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
	return [time, date];
}

function readAt(fd: number, position: number, length: number): Buffer {
	const buf = Buffer.alloc(length);
	fs.readSync(fd, buf, 0, length, position);
	return buf;
}

export function pinZipTimes(path: string, when: Date): void {
	const [time, date] = dosDateTime(when);
	const stamp = Buffer.alloc(4);
	stamp.writeUInt16LE(time, 0);
	stamp.writeUInt16LE(date, 2);
	const fd = fs.openSync(path, 'r+');
	try {
		const size = fs.fstatSync(fd).size;
		const tailLen = Math.min(size, 65_557);
		const tail = readAt(fd, size - tailLen, tailLen);
		const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
		if (eocd < 0) throw new Error(`${path} is not a zip file`);
		let entries = tail.readUInt16LE(eocd + 10);
		let cdSize = tail.readUInt32LE(eocd + 12);
		let cdOffset = tail.readUInt32LE(eocd + 16);
		const locator = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
		if (locator >= 0 && (cdOffset === 0xffffffff || entries === 0xffff)) {
			const rec = readAt(fd, Number(tail.readBigUInt64LE(locator + 8)), 56);
			entries = Number(rec.readBigUInt64LE(32));
			cdSize = Number(rec.readBigUInt64LE(40));
			cdOffset = Number(rec.readBigUInt64LE(48));
		}
		const cd = readAt(fd, cdOffset, cdSize);
		let at = 0;
		for (let i = 0; i < entries; i++) {
			if (cd.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
			stamp.copy(cd, at + 12);
			const nameLen = cd.readUInt16LE(at + 28);
			const extraLen = cd.readUInt16LE(at + 30);
			const commentLen = cd.readUInt16LE(at + 32);
			let local = cd.readUInt32LE(at + 42);
			if (local === 0xffffffff) {
				// The zip64 extra field holds, in order, the sizes that overflowed, then the offset.
				let e = at + 46 + nameLen;
				const end = e + extraLen;
				while (e < end) {
					const id = cd.readUInt16LE(e);
					const len = cd.readUInt16LE(e + 2);
					if (id === 1) {
						let k = e + 4;
						if (cd.readUInt32LE(at + 24) === 0xffffffff) k += 8;
						if (cd.readUInt32LE(at + 20) === 0xffffffff) k += 8;
						local = Number(cd.readBigUInt64LE(k));
					}
					e += 4 + len;
				}
			}
			fs.writeSync(fd, stamp, 0, 4, local + 10);
			at += 46 + nameLen + extraLen + commentLen;
		}
		fs.writeSync(fd, cd, 0, cd.length, cdOffset);
	} finally {
		fs.closeSync(fd);
	}
}
