import { describe, expect, it } from 'vitest';
import { sourceId } from '../../src/lib/server/db/index.js';
import { freshWorkspace } from '../helpers.js';

describe('deterministic ids', () => {
	it('SQL ferry.uuid5 equals RFC 4122 UUID v5 in JS, for many keys', async () => {
		const ws = await freshWorkspace('ids');
		const ns = await ws.namespace();
		const rows = await ws.all<{ key: string; id: string }>(
			`select 'patient:' || range as key, ferry.source_id('patient:' || range) as id from range(2000)`
		);
		for (const r of rows) expect(r.id).toBe(sourceId(ns, r.key));
		expect(new Set(rows.map((r) => r.id)).size).toBe(2000);
	});

	it('the known RFC example: DNS namespace, www.example.com', async () => {
		const ws = await freshWorkspace('ids');
		const [r] = await ws.all<{ id: string }>(`select ferry.uuid5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com') as id`);
		expect(r.id).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
	});
});
