// What an export is made of: the table files at its top level, the documents in its
// sub-folders, and the files to leave alone. A zip is extracted first (safely).
import fs from 'node:fs';
import path from 'node:path';

export type FileKind = 'delimited' | 'xlsx' | 'json' | 'unsupported' | 'ignored';

export interface ExportFile {
	/** Path relative to the export root, with forward slashes. */
	name: string;
	abs: string;
	bytes: number;
	kind: FileKind;
	reason?: string;
}

export interface ExportLayout {
	root: string;
	tables: ExportFile[];
	/** Documents (attachments) below the root, e.g. files/. */
	documents: ExportFile[];
	documentDirs: string[];
}

const DELIMITED = new Set(['.csv', '.tsv', '.tab', '.txt', '.psv', '.dat']);
const SYSTEM = /^(\.ds_store|thumbs\.db|desktop\.ini|\._.*|~\$.*|\.gitkeep)$/i;

export function classify(name: string): { kind: FileKind; reason?: string } {
	const base = path.basename(name);
	if (SYSTEM.test(base)) return { kind: 'ignored', reason: 'operating-system or editor file, not part of the export' };
	const ext = path.extname(base).toLowerCase();
	if (DELIMITED.has(ext)) return { kind: 'delimited' };
	if (ext === '.xlsx' || ext === '.xlsm') return { kind: 'xlsx' };
	if (ext === '.json') return { kind: 'json' };
	if (ext === '.xls')
		return { kind: 'unsupported', reason: 'is a legacy Excel 97 .xls workbook: save it as .xlsx or CSV and import again' };
	if (ext === '.zip')
		return {
			kind: 'unsupported',
			reason: 'is a zip inside the export: Ferry does not open archives within archives; extract it and import its folder'
		};
	return {
		kind: 'unsupported',
		reason: `has an unsupported file type '${ext || '(none)'}': Ferry reads CSV/TSV/TXT, XLSX and JSON tables`
	};
}

const SYMLINK = 'is a symbolic link: Ferry reads only the files inside the export, never what a link points at (copy the file in instead)';

type Found = { name: string; abs: string; bytes: number; refused?: string };

/**
 * Every file below `dir`, iteratively: a documents folder can hold millions of files.
 * Links are listed as refused, never followed: one could point at any file on the machine.
 */
function walk(dir: string): Found[] {
	const out: Found[] = [];
	const pending: Array<{ abs: string; rel: string }> = [{ abs: dir, rel: '' }];
	while (pending.length) {
		const { abs: here, rel } = pending.pop()!;
		for (const entry of fs.readdirSync(here, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			if (entry.name === '__MACOSX') continue;
			const abs = path.join(here, entry.name);
			const name = rel ? `${rel}/${entry.name}` : entry.name;
			if (entry.isDirectory()) pending.push({ abs, rel: name });
			else if (entry.isFile()) out.push({ name, abs, bytes: fs.statSync(abs).size });
			else if (entry.isSymbolicLink()) out.push({ name, abs, bytes: 0, refused: SYMLINK });
		}
	}
	return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A zip that wraps everything in one folder is read from inside that folder. */
export function exportRoot(dir: string): string {
	const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.name !== '__MACOSX' && !SYSTEM.test(e.name));
	if (entries.length === 1 && entries[0].isDirectory()) {
		const inner = path.join(dir, entries[0].name);
		const innerFiles = fs.readdirSync(inner, { withFileTypes: true });
		if (innerFiles.some((e) => e.isFile() && classify(e.name).kind !== 'unsupported')) return inner;
	}
	return dir;
}

/** One file imported on its own: nothing beside it belongs to the export. */
function single(root: string, name: string): Found[] {
	const abs = path.join(root, name);
	const stat = fs.lstatSync(abs);
	return [stat.isSymbolicLink() ? { name, abs, bytes: 0, refused: SYMLINK } : { name, abs, bytes: stat.size }];
}

export function readLayout(root: string, only?: string[]): ExportLayout {
	const all = only ? only.flatMap((name) => single(root, name)) : walk(root);
	const tables: ExportFile[] = [];
	const documents: ExportFile[] = [];
	const documentDirs = new Set<string>();
	for (const f of all) {
		// Refused entries are reported as files of their own, wherever they are.
		if (f.refused) {
			tables.push({ name: f.name, abs: f.abs, bytes: 0, kind: 'unsupported', reason: f.refused });
			continue;
		}
		const topLevel = !f.name.includes('/');
		if (!topLevel) {
			documents.push({ ...f, kind: 'ignored' });
			documentDirs.add(f.name.split('/')[0]);
			continue;
		}
		tables.push({ ...f, ...classify(f.name) });
	}
	return { root, tables, documents, documentDirs: [...documentDirs] };
}
