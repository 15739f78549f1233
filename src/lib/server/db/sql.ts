// Quoting for the few places where SQL text must carry a name or a literal.
// Values always travel as bound parameters; names cannot, so they are quoted here.

export function ident(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string): string {
	return `'${value.replaceAll("'", "''")}'`;
}

export function qualified(schema: string, table: string): string {
	return `${ident(schema)}.${ident(table)}`;
}
