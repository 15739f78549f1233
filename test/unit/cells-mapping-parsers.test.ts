// Hand-written parsers outside ingest: source-map lines of a TS cell, header similarity for the
// proposed map, SQL fragments checked by DuckDB's parser, and the log level setting.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originalLine } from '../../src/lib/server/cells/sourcemap.js';
import { cleanFragment, parseFragment } from '../../src/lib/server/db/fragment.js';
import { parseLevel } from '../../src/lib/server/log/index.js';
import { canonical, nameScore } from '../../src/lib/server/mapping/names.js';

describe('originalLine (esbuild source maps)', () => {
	it("maps each generated line of a compiled cell back to the cell's line", async () => {
		const src =
			'export default async function () {\nconst a: number = 1;\n\n  const b = (x: string) => x.toUpperCase();\nthrow new Error("x" + b("q") + a);\n};';
		const out = await transform(src, { loader: 'ts', sourcemap: 'external', sourcefile: 'cell.ts' });
		const { mappings } = JSON.parse(out.map) as { mappings: string };
		// The type annotation and the blank line are gone: generated 3 is source 4, generated 4 is source 5.
		expect([1, 2, 3, 4].map((l) => originalLine(mappings, l, 1))).toEqual([1, 2, 4, 5]);
		expect(originalLine(mappings, 4, 30)).toBe(5);
		expect(originalLine('', 1)).toBeNull();
	});
});

describe('header similarity', () => {
	it("folds practice systems' words onto the reference wording", () => {
		expect(canonical('D.O.B.')).toBe('date of birth');
		expect(canonical('Surname')).toBe('last name');
		expect(canonical('First')).toBe('first name');
		expect(canonical('Mobile No')).toBe('mobile phone');
		expect(canonical('Post Code')).toBe('postcode');
		expect(canonical('MRN')).toBe('patient id');
	});
	it('scores 1 for the same thing, less for near names, little for unrelated ones', () => {
		expect(nameScore('Date of Birth', 'DOB')).toBe(1);
		expect(nameScore('Email', 'E-mail Address')).toBe(1);
		const near = nameScore('Referral Source', 'Referral Sources');
		expect(near).toBeGreaterThan(0.7);
		expect(near).toBeLessThan(1);
		expect(nameScore('Email', 'Suburb')).toBeLessThan(0.3);
	});
});

describe('SQL fragments', () => {
	let db: DuckDBInstance;
	let conn: DuckDBConnection;
	beforeAll(async () => {
		db = await DuckDBInstance.create(':memory:');
		conn = await db.connect();
	});
	afterAll(() => {
		conn.closeSync();
		db.closeSync();
	});
	it('trailing semicolons and whitespace go', () => {
		expect(cleanFragment('  select 1 ;; \n')).toBe('select 1');
	});
	it('one SELECT or one expression passes; anything else is refused by name', async () => {
		await expect(parseFragment(conn, 'select 1 as x;', 'select')).resolves.toBeTruthy();
		await expect(parseFragment(conn, "upper(first_name) || ' ' || (select 1)", 'expression')).resolves.toBeTruthy();
		await expect(parseFragment(conn, '', 'select', 'join p')).rejects.toThrow(/^join p is empty: write one SELECT query/);
		await expect(parseFragment(conn, 'select 1; select 2', 'select')).rejects.toThrow(/exactly one SELECT query; this holds 2 statements/);
		await expect(parseFragment(conn, "copy (select 1) to '/tmp/x.csv'", 'select')).rejects.toThrow(/cannot create, change or drop tables/);
		await expect(parseFragment(conn, 'select 1) union (select 2', 'select')).rejects.toThrow(/parentheses must balance|does not parse/);
		await expect(parseFragment(conn, 'selec 1', 'select')).rejects.toThrow(/does not parse/);
		await expect(parseFragment(conn, "1); copy (select 1) to '/tmp/x.csv'; select (1", 'expression')).rejects.toThrow();
	});
});

describe('log level', () => {
	it('reads level names in any case and names the choices otherwise', () => {
		expect(parseLevel(' WARN ')).toBe('warn');
		expect(() => parseLevel('loud')).toThrow(/FERRY_LOG='loud' is not a log level: use one of/);
	});
});
