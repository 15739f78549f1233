// The one way to count rows: `select count(*) from <from>` with its values bound, as a JS number.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Rows of `from`: a table or view, with or without a where clause and joins
 * (`loader.runs where status = $1`), or a subquery in parentheses.
 */
export async function countRows(
	conn: DuckDBConnection,
	from: string,
	params?: DuckDBValue[] | Record<string, DuckDBValue>
): Promise<number> {
	const reader = await conn.runAndReadAll(`select count(*) from ${from}`, params);
	return Number(reader.getRows()[0][0]);
}
