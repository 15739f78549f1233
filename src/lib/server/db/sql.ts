// Quoting for the few places where SQL text must carry a name or a literal.
// Values always travel as bound parameters; names cannot, so they are quoted here.
import { listValue, type DuckDBListValue } from '@duckdb/node-api';

/**
 * A list of strings as one bound parameter, read as `$n::varchar[]` (`list_contains($1::varchar[], x)`):
 * the one way a list travels. No nulls in it (a leading null makes its type unknown): '' stands for none.
 */
export function textList(values: readonly string[]): DuckDBListValue {
	return listValue([...values]);
}

export function ident(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string): string {
	return `'${value.replaceAll("'", "''")}'`;
}

export function qualified(schema: string, table: string): string {
	return `${ident(schema)}.${ident(table)}`;
}
