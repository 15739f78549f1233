// Known internal conditions reach a person as a sentence saying what happened and what to do:
// DuckDB's own words (as the real database says them) never reach the page.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../src/lib/server/errors.js';
import { plainError, plainMessage } from '../../src/lib/server/plain-errors.js';

/** Runs each `;`-separated statement on its own, as Ferry does, and returns the failure. */
async function duckError(sql: string): Promise<Error> {
	const db = await DuckDBInstance.create(':memory:');
	const c = await db.connect();
	try {
		for (const statement of sql.split(';')) await c.run(statement);
	} catch (err) {
		return err as Error;
	} finally {
		c.closeSync();
	}
	throw new Error(`expected '${sql}' to fail`);
}

describe('plain errors', () => {
	it('says which step makes a missing table, whether or not its schema exists', async () => {
		for (const sql of ['select * from stage.plan', 'create schema stage; select * from stage.people']) {
			const p = plainError(await duckError(sql));
			expect(p?.status, sql).toBe(409);
			expect(p?.message, sql).toMatch(/^The mapping has not been compiled yet.*Compile stage views/);
		}
		expect(plainError(await duckError('create schema loader; select * from loader.batches'))?.message).toMatch(
			/Freeze a sample or the whole migration on the Load page/
		);
		expect(plainError(await duckError('select * from dedupe.clusters'))?.message).toMatch(/Run the search on the Duplicates page/);
		expect(plainError(await duckError('create schema raw; select * from raw.invoices'))?.message).toBe(
			"The current snapshot has no table 'invoices'. Import an export that has it, or make a snapshot that has it current (Home)."
		);
		expect(plainError(await duckError('select * from elsewhere.thing'))?.message).toMatch(
			/^A table this step needs \(thing\) is not in the workspace yet/
		);
	});

	it('names an unreachable Twenty and a locked workspace, and leaves everything else alone', async () => {
		const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
		expect(plainError(refused)).toEqual({
			status: 503,
			message: expect.stringMatching(/^Twenty could not be reached \(ECONNREFUSED\)\. Check the target's address on Home/)
		});
		expect(plainError(new Error('IO Error: Could not set lock on file "/x/ws.duckdb": Conflicting lock is held'))?.message).toMatch(
			/open in another Ferry process/
		);
		// A refusal Ferry wrote, and anything not known, keep their own words.
		expect(plainError(new FerryError('Catalog Error: Table with name x does not exist!'))).toBeUndefined();
		const own = await duckError('select 1 +');
		expect(plainError(own)).toBeUndefined();
		expect(plainMessage(own)).toBe(own.message);
	});
});
