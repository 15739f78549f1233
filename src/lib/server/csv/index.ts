// CSV that Ferry writes back out (mapping documents, invitations, reports, the audit log).
// Cells a spreadsheet would read as a formula (=, +, -, @, tab, CR) get an apostrophe so
// they stay text: exports carry cells like `=HYPERLINK(...)` and must never run them.

export function safeCell(v: unknown): string {
	const s = v === undefined || v === null ? '' : String(v);
	return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function toCsv(rows: unknown[][]): string {
	return rows.map((r) => r.map((v) => quote(safeCell(v))).join(',')).join('\r\n') + '\r\n';
}
