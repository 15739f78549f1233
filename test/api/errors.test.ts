// Issue 16: an unexpected server failure tells the person what happened and gives an error id
// that the server log has too, while the log keeps no value from the message (PHI).
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messageClause, newErrorId, onError } from '../../src/lib/server/api/errors.js';

afterEach(() => vi.restoreAllMocks());

describe('unexpected errors', () => {
	it('answer 500 with the message and an error id the log line also carries, and no patient value in the log', async () => {
		const app = new Hono();
		app.onError(onError);
		app.get('/boom/:id', () => {
			throw new Error("Conversion Error: Could not convert string 'Ann Smith' to INT32");
		});
		const lines: string[] = [];
		vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
		const res = await app.request('/boom/7');
		expect(res.status).toBe(500);
		const body = await res.json();
		expect(body.errorId).toMatch(/^err-[a-z2-9]{6}$/);
		expect(body.error).toMatch(
			/^the server failed on this request: Conversion Error: Could not convert string 'Ann Smith' to INT32\. Try again; if it repeats, report error id err-/
		);
		const line = lines.find((l) => l.includes('api.error'));
		expect(line).toContain(`errorId=${body.errorId}`);
		expect(line).toContain('clause=conversion_error');
		expect(line).not.toMatch(/Ann|Smith/);
	});

	it('error ids differ, and only DuckDB-style heads become a log clause', () => {
		const ids = new Set(Array.from({ length: 200 }, newErrorId));
		expect(ids.size).toBe(200);
		expect(messageClause('Binder Error: Referenced column x not found')).toBe('binder_error');
		expect(messageClause('Ann Smith: no such patient')).toBeUndefined();
		expect(messageClause('something broke')).toBeUndefined();
	});
});
