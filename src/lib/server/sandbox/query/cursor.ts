// Cursors are base64 of JSON {...orderByFieldValues, id} (cursors.util.ts), e.g. the
// recorded eyJpZCI6Ii4uLiJ9 = {"id":"..."}. Clients must treat them as opaque.
import { badRequest } from '../http/errors.js';

export function encodeCursor(row: Record<string, unknown>, columns: string[]): string {
	const values: Record<string, unknown> = {};
	for (const c of columns) if (c !== 'id') values[c] = row[c] ?? null;
	values.id = row.id;
	return Buffer.from(JSON.stringify(values)).toString('base64');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
	try {
		const v = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
		if (v && typeof v === 'object' && typeof v.id === 'string') return v;
	} catch {
		/* falls through */
	}
	throw badRequest(`Invalid cursor '${cursor}'`);
}
