// Notebooks live as Markdown files in cells/ at the project root (workspace-independent);
// their results live in the workspace. FERRY_CELLS points elsewhere (tests do).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';
import { cellsOf, NotebookError, parseNotebook, serialiseNotebook, type Notebook } from './format.js';
import { FerryError } from '../errors.js';

const NOTEBOOK_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function cellsDir(): string {
	return path.resolve(process.env.FERRY_CELLS ?? path.join(projectRoot, 'cells'));
}

function fileOf(name: string): string {
	if (!NOTEBOOK_NAME.test(name)) throw new FerryError(`notebook name '${name}' is invalid: use lower-case letters, digits, - or _`);
	return path.join(cellsDir(), `${name}.md`);
}

export const hashText = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 16);

export interface NotebookFile {
	name: string;
	text: string;
	/** Hash of the text on disk: a save naming an older base is refused (the file changed by hand). */
	version: string;
	notebook?: Notebook;
	/** Set when the file cannot be parsed (e.g. a broken fence). */
	error?: string;
}

export function listNotebooks(): Array<{ name: string; cells: number; error?: string }> {
	const dir = cellsDir();
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.md') && NOTEBOOK_NAME.test(f.slice(0, -3)))
		.sort()
		.map((f) => {
			const nb = readNotebook(f.slice(0, -3));
			return { name: nb.name, cells: nb.notebook ? cellsOf(nb.notebook).length : 0, ...(nb.error ? { error: nb.error } : {}) };
		});
}

export function readNotebook(name: string): NotebookFile {
	const file = fileOf(name);
	if (!fs.existsSync(file)) throw new FerryError(`notebook '${name}' does not exist in ${path.basename(cellsDir())}/`, 404);
	const text = fs.readFileSync(file, 'utf8');
	try {
		return { name, text, version: hashText(text), notebook: parseNotebook(text) };
	} catch (err) {
		if (err instanceof NotebookError) return { name, text, version: hashText(text), error: err.message };
		throw err;
	}
}

/** Writes a notebook given as text or blocks; refuses when the file changed since `base`. */
export function saveNotebook(name: string, content: { text: string } | { notebook: Notebook }, base?: string): NotebookFile {
	const file = fileOf(name);
	if (base && fs.existsSync(file) && hashText(fs.readFileSync(file, 'utf8')) !== base) {
		throw new FerryError(`notebook '${name}' changed on disk since you opened it; reload it before saving`, 409);
	}
	const text = 'text' in content ? content.text : serialiseNotebook(content.notebook);
	if ('text' in content) parseNotebook(text); // a broken file is refused with its line, not written
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
	return readNotebook(name);
}
