// Just enough of source maps to turn a generated line back into the cell's line.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(segment: string): number[] {
	const out: number[] = [];
	let value = 0;
	let shift = 0;
	for (const ch of segment) {
		const digit = B64.indexOf(ch);
		value += (digit & 31) << shift;
		if (digit & 32) shift += 5;
		else {
			out.push(value & 1 ? -(value >>> 1) : value >>> 1);
			value = 0;
			shift = 0;
		}
	}
	return out;
}

/** 1-based original line for a 1-based generated line/column, or null when unmapped. */
export function originalLine(mappings: string, line: number, column = 1): number | null {
	let srcLine = 0;
	let found: number | null = null;
	const lines = mappings.split(';');
	for (let l = 0; l < lines.length && l < line; l++) {
		let genCol = 0;
		for (const seg of lines[l].split(',')) {
			if (!seg) continue;
			const v = decodeVlq(seg);
			genCol += v[0];
			if (v.length < 4) continue;
			srcLine += v[2];
			if (l === line - 1 && (found === null || genCol <= column - 1)) found = srcLine + 1;
		}
	}
	return found;
}
