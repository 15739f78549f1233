// XLSX workbooks: every sheet becomes a raw table, read with exceljs' streaming reader so a
// large workbook never sits in memory whole. Formulas are kept as text, never evaluated.
import type ExcelJS from 'exceljs';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { ident, qualified } from '../db/sql.js';
import { pickHeader } from './dialect.js';
import { normaliseHeaders } from './headers.js';
import type { Reject, TableLoad } from './types.js';

export interface SheetLoad extends TableLoad {
	sheet: string;
	table?: string;
}

type Cell = ExcelJS.CellValue;

export function cellText(value: Cell): string | null {
	if (value == null) return null;
	if (value instanceof Date) {
		const iso = value.toISOString();
		return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
	}
	if (typeof value === 'object') {
		if ('formula' in value || 'sharedFormula' in value) return `=${(value as ExcelJS.CellFormulaValue).formula ?? ''}`;
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
		if ('error' in value) return String(value.error);
		return JSON.stringify(value);
	}
	return String(value);
}

function rowCells(row: ExcelJS.Row): Array<string | null> {
	const values = row.values as Cell[];
	const out: Array<string | null> = [];
	for (let i = 1; i < values.length; i++) out.push(cellText(values[i]));
	return out;
}

type SheetRow = { line: number; cells: Array<string | null> };

/** Streams each sheet into `tableFor(sheetName)` in `schema`; only 40 rows are held at once. */
export async function loadWorkbook(
	file: string,
	conn: DuckDBConnection,
	schema: string,
	tableFor: (sheet: string) => string
): Promise<SheetLoad[]> {
	const { default: excel } = await import('exceljs'); // ~0.7 CPU s to load: only where a workbook is read
	const reader = new excel.stream.xlsx.WorkbookReader(file, {
		sharedStrings: 'cache',
		hyperlinks: 'cache',
		styles: 'cache',
		worksheets: 'emit',
		entries: 'emit'
	});
	const loads: SheetLoad[] = [];
	for await (const worksheet of reader) {
		const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string; id?: number };
		const rows = (async function* () {
			for await (const row of ws) {
				const cells = trimTrailing(rowCells(row));
				if (cells.some((c) => c != null && c !== '')) yield { line: row.number, cells };
			}
		})();
		const name = ws.name ?? `Sheet${ws.id ?? loads.length + 1}`;
		loads.push(await loadSheet(name, rows, conn, schema, () => tableFor(name)));
	}
	return loads;
}

async function loadSheet(
	sheet: string,
	rows: AsyncGenerator<SheetRow>,
	conn: DuckDBConnection,
	schema: string,
	tableName: () => string
): Promise<SheetLoad> {
	const head: SheetRow[] = [];
	// next() rather than for-await with break: breaking would close the generator.
	for (let r = await rows.next(); !r.done; r = await rows.next()) if (head.push(r.value) >= 40) break;
	if (head.length === 0) return { sheet, rowsStaged: 0, rejects: [], columns: [], warnings: ['sheet is empty'] };
	const pick = pickHeader(
		head.map((r) => r.cells.map((c) => c ?? '')),
		{ ragged: true }
	);
	const { columns, warnings } = normaliseHeaders(pick.header);
	const table = tableName();
	await conn.run(`create table ${qualified(schema, table)} (${columns.map((c) => `${ident(c.name)} varchar`).join(', ')})`);
	const appender = await conn.createAppender(table, schema);
	try {
		return await appendSheet(sheet, table, head, rows, pick, columns, warnings, appender);
	} finally {
		// Closed even when the workbook breaks off mid-sheet: the connection takes one appender at a time.
		appender.closeSync();
	}
}

async function appendSheet(
	sheet: string,
	table: string,
	head: SheetRow[],
	rows: AsyncGenerator<SheetRow>,
	pick: ReturnType<typeof pickHeader>,
	columns: ReturnType<typeof normaliseHeaders>['columns'],
	warnings: string[],
	appender: DuckDBAppender
): Promise<SheetLoad> {
	const rejects: Reject[] = [];
	let rowsStaged = 0;
	let index = 0;
	const take = (row: SheetRow) => {
		const i = index++;
		if (i < pick.preamble)
			return void rejects.push({ line: row.line, reason: 'before the header row (report title or notes)', raw: row.cells.join('\t') });
		if (i === pick.preamble && pick.headerIndex >= 0) return;
		if (row.cells.length > columns.length) {
			return void rejects.push({
				line: row.line,
				reason: `expected ${columns.length} cells, found a value in column ${row.cells.length}`,
				raw: row.cells.join('\t')
			});
		}
		for (let c = 0; c < columns.length; c++) {
			const v = row.cells[c];
			v == null || v === '' ? appender.appendNull() : appender.appendVarchar(v);
		}
		appender.endRow();
		rowsStaged++;
	};
	head.forEach(take);
	for await (const row of rows) take(row);
	appender.flushSync();
	return { sheet, table, rowsStaged, rejects, columns, warnings, headerRow: pick.headerIndex >= 0 ? head[pick.headerIndex].line : 0 };
}

function trimTrailing<T>(cells: Array<T | null>): Array<T | null> {
	let n = cells.length;
	while (n > 0 && (cells[n - 1] == null || cells[n - 1] === '')) n--;
	return cells.slice(0, n);
}
