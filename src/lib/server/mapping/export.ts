// The field-level mapping document as CSV and XLSX. Cells that a spreadsheet would read as a
// formula (=, +, -, @, tab, CR) are prefixed with an apostrophe so they stay text.
import type { Mapping } from './model.js';
import { fieldName } from './model.js';
import { safeCell, toCsv } from '../csv/index.js';

export { safeCell, toCsv };

const HEADER = [
	'object',
	'stage view',
	'source',
	'source table',
	'source column',
	'sql expression',
	'target field',
	'twenty field',
	'type',
	'transform',
	'options',
	'custom',
	'confirmed',
	'confidence',
	'reason / why left out'
];

export function mappingRows(m: Mapping): string[][] {
	const rows: string[][] = [];
	for (const s of m.sources) {
		for (const f of s.fields)
			rows.push([
				s.object,
				s.plural,
				s.id,
				s.table,
				f.column ?? '',
				f.sql ?? '',
				f.target,
				fieldName(f),
				f.type,
				f.transform,
				(f.options ?? []).map((o) => `${o.label}=${o.value}`).join('; '),
				f.custom ? 'yes' : 'no',
				f.confirmed ? 'yes' : 'no',
				f.confidence === undefined ? '' : f.confidence.toFixed(2),
				f.reason ?? ''
			]);
		for (const l of s.leftOut)
			rows.push([s.object, s.plural, s.id, s.table, l.column, '', '', '', '', '', '', '', '', '', `left out: ${l.why}`]);
		for (const n of s.notInExport)
			rows.push([s.object, s.plural, s.id, s.table, '', '', n.target, '', '', '', '', '', '', '', `not in this export: ${n.why}`]);
	}
	return rows.map((r) => r.map(safeCell));
}

export function mappingCsv(m: Mapping): string {
	return toCsv([HEADER, ...mappingRows(m)]);
}

export async function mappingXlsx(m: Mapping): Promise<Buffer> {
	const { default: excel } = await import('exceljs'); // ~0.7 CPU s to load: only where a workbook is written
	const book = new excel.Workbook();
	const sheet = book.addWorksheet('Mapping');
	sheet.addRow(HEADER).font = { bold: true };
	for (const r of mappingRows(m)) sheet.addRow(r);
	sheet.columns.forEach((c) => (c.width = 22));
	return Buffer.from(await book.xlsx.writeBuffer());
}
