// Uploads streamed to disk: a multipart body (one .zip, an export's files, or a whole folder
// with its relative paths) is parsed as it arrives and each file is piped into a fresh folder
// under the workspace, so a multi-gigabyte export never sits in memory.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { safeEntryPath } from '../ingest/zip.js';
import { FerryError } from '../errors.js';

export interface SavedUpload {
	/** What to import: the folder, or the lone .zip inside it. */
	source: string;
	/** The folder to remove once the import is over. */
	dir: string;
	files: string[];
	bytes: number;
}

/** Leading folder shared by every name (a browser folder upload prefixes each path with it) is kept. */
function uploadName(field: string, filename: string | undefined): string {
	const name = (filename ?? '').trim();
	if (!name) throw new FerryError(`a file in field '${field}' has no name; name each uploaded file`);
	return name;
}

/**
 * Streams a multipart body into `<root>/upload-…/`. Every file part is written as it arrives;
 * a part that fails (a path escaping the folder, a disk error) removes the folder and says why.
 */
export async function saveMultipart(
	root: string,
	headers: Record<string, string>,
	body: WebReadableStream<Uint8Array> | null,
	onBytes?: (bytes: number) => void
): Promise<SavedUpload> {
	if (!body) throw new FerryError('files: the upload has no body; send the export as multipart/form-data');
	const dir = path.join(root, `upload-${randomBytes(6).toString('hex')}`);
	fs.mkdirSync(dir, { recursive: true });
	const files: string[] = [];
	let bytes = 0;
	try {
		await new Promise<void>((resolve, reject) => {
			let parser: busboy.Busboy;
			try {
				parser = busboy({ headers, preservePath: true, limits: { fieldSize: 64 * 1024 } });
			} catch (err) {
				return reject(new FerryError(`files: ${(err as Error).message}; send the export as multipart/form-data`));
			}
			const writes: Promise<void>[] = [];
			parser.on('file', (field, stream, info) => {
				let target: string;
				try {
					const name = uploadName(field, info.filename);
					target = safeEntryPath(dir, name);
					files.push(name);
				} catch (err) {
					stream.resume();
					// The zip check words it for an archive; here it is one uploaded file.
					return reject(new FerryError((err as Error).message.replace(/^zip entry/, 'uploaded file')));
				}
				fs.mkdirSync(path.dirname(target), { recursive: true });
				const count = new Transform({
					transform(chunk: Buffer, _e, done) {
						bytes += chunk.length;
						onBytes?.(bytes);
						done(null, chunk);
					}
				});
				writes.push(pipeline(stream, count, fs.createWriteStream(target)));
			});
			parser.on('error', (err: Error) => reject(new FerryError(`the upload was cut or malformed: ${err.message}`)));
			parser.on('close', () => Promise.all(writes).then(() => resolve(), reject));
			Readable.fromWeb(body)
				.on('error', (err) => reject(new FerryError(`the upload was interrupted: ${err.message}`)))
				.pipe(parser);
		});
		if (files.length === 0)
			throw new FerryError('files: upload at least one file (an export .zip, its CSV/XLSX/JSON files, or its folder)');
	} catch (err) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw err;
	}
	const lone = files.length === 1 && /\.zip$/i.test(files[0]);
	return { source: lone ? safeEntryPath(dir, files[0]) : dir, dir, files, bytes };
}
