// Header normalisation: case, spacing and punctuation folded into snake_case names that
// SQL can use unquoted; the original text is kept beside each name in the snapshot.

import { importLimits } from '../config.js';
import { NotTextError } from './encoding.js';

export interface ColumnName {
	name: string;
	original: string;
}

export function normaliseHeader(raw: string): string {
	const cleaned = raw
		.replace(/^\uFEFF/, '')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.toLowerCase()
		.replace(/#/g, ' number ')
		.replace(/%/g, ' percent ')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
	if (!cleaned) return '';
	return /^[0-9]/.test(cleaned) ? `c_${cleaned}` : cleaned;
}

/** Normalises every header, naming blanks by position and numbering repeats (email, email_2). */
export function normaliseHeaders(headers: string[]): { columns: ColumnName[]; warnings: string[] } {
	if (headers.length > importLimits.maxColumns)
		throw new NotTextError(
			`has ${headers.length} columns; Ferry reads at most ${importLimits.maxColumns} per table (the FERRY_MAX_COLUMNS setting)`
		);
	const seen = new Map<string, number>();
	const warnings: string[] = [];
	const columns = headers.map((original, i) => {
		let name = normaliseHeader(original) || `column_${i + 1}`;
		if (!normaliseHeader(original)) warnings.push(`column ${i + 1} has no header; named ${name}`);
		const base = name;
		const count = (seen.get(base) ?? 0) + 1;
		seen.set(base, count);
		if (count > 1) {
			name = `${base}_${count}`;
			while (seen.has(name)) name = `${name}_`;
			seen.set(name, 1);
			warnings.push(`header '${original.trim()}' repeats (column ${i + 1}); named ${name}`);
		}
		return { name, original };
	});
	return { columns, warnings };
}

/** A file's table: its name without the extension, normalised (`Patient List (2).csv` → patient_list_2). */
export function tableNameFor(file: string): string {
	return sheetTableName(file.replace(/\.[^.]+$/, ''));
}

/** A sheet's table: its whole name normalised (a dot in a sheet name is not an extension). */
export function sheetTableName(sheet: string): string {
	return normaliseHeader(sheet) || 'table';
}
