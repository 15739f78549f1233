// JSON files: an array of records becomes one table; an object whose values are arrays of
// records becomes a table per key (automations.json: reminder rules, workflows, templates).
// Nested values are kept as JSON text; the file itself stays on disk for the rebuild reference.
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { importLimits } from '../config.js';
import { ident, qualified } from '../db/sql.js';
import { NotTextError } from './encoding.js';
import { normaliseHeaders } from './headers.js';
import type { TableLoad } from './types.js';

export interface JsonTableLoad extends TableLoad {
	/** The key the records came from ('' for a top-level array). */
	sheet: string;
	table: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isRecord(v: Json): v is { [k: string]: Json } {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parse(file: string, bytes: number): Json {
	if (bytes > importLimits.maxJsonBytes)
		throw new NotTextError(`is a JSON file of ${bytes} bytes, over the ${importLimits.maxJsonBytes}-byte limit for JSON`);
	const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	try {
		return JSON.parse(text) as Json;
	} catch (err) {
		if (err instanceof RangeError)
			throw new NotTextError('is JSON nested too deeply to read (thousands of levels); no export nests like that');
		throw new NotTextError(`is not valid JSON: ${(err as Error).message}`);
	}
}

/** The record arrays a JSON document holds, by key. */
function recordSets(doc: Json): Array<{ key: string; records: Json[] }> {
	if (Array.isArray(doc)) return [{ key: '', records: doc }];
	if (isRecord(doc)) {
		const sets = Object.entries(doc)
			.filter(([, v]) => Array.isArray(v))
			.map(([key, v]) => ({ key, records: v as Json[] }));
		return sets.length ? sets : [{ key: '', records: [doc] }];
	}
	throw new NotTextError('is JSON but holds a single value, not records');
}

function rawText(v: Json): string {
	try {
		return JSON.stringify(v);
	} catch {
		return '(too deep to print)';
	}
}

export async function loadJson(
	file: string,
	bytes: number,
	conn: DuckDBConnection,
	schema: string,
	tableFor: (key: string) => string
): Promise<JsonTableLoad[]> {
	const loads: JsonTableLoad[] = [];
	for (const { key, records } of recordSets(parse(file, bytes))) {
		const keys: string[] = [];
		const seen = new Set<string>();
		for (const r of records) if (isRecord(r)) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), keys.push(k));
		const { columns, warnings } = normaliseHeaders(keys.length ? keys : ['value']);
		const table = tableFor(key);
		await conn.run(`create table ${qualified(schema, table)} (${columns.map((c) => `${ident(c.name)} varchar`).join(', ')})`);
		const appender = await conn.createAppender(table, schema);
		const rejects: TableLoad['rejects'] = [];
		let rowsStaged = 0;
		records.forEach((r, i) => {
			if (keys.length && !isRecord(r)) return void rejects.push({ line: i + 1, reason: `item ${i + 1} is not a record`, raw: rawText(r) });
			const values = isRecord(r) ? keys.map((k) => r[k]) : [r];
			let cells: Array<string | null>;
			try {
				cells = values.map((v) => (v == null ? null : typeof v === 'string' ? v : JSON.stringify(v)));
			} catch (err) {
				if (!(err instanceof RangeError)) throw err;
				return void rejects.push({
					line: i + 1,
					reason: `item ${i + 1} nests too deeply to keep as JSON text`,
					raw: `(${Object.keys(isRecord(r) ? r : {}).length} keys; too deep to print)`
				});
			}
			for (const v of cells) v == null ? appender.appendNull() : appender.appendVarchar(v);
			appender.endRow();
			rowsStaged++;
		});
		appender.flushSync();
		appender.closeSync();
		loads.push({ sheet: key, table, rowsStaged, rejects, columns, warnings });
	}
	return loads;
}
