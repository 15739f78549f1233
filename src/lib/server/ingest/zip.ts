// Safe zip extraction: entries that would land outside the target folder are refused,
// and inflation stops at a total size, an entry count and a per-entry ratio (zip bombs).
// Sizes are counted on the bytes actually inflated, never trusted from the headers.
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { importLimits } from '../config.js';
import { FerryError } from '../errors.js';

function openZip(file: string): Promise<yauzl.ZipFile> {
	return new Promise((resolve, reject) =>
		yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
			err ? reject(new FerryError(`the zip file cannot be read: ${err.message}`)) : resolve(zip!)
		)
	);
}

/** Refuses absolute paths, drive letters, backslash tricks and `..` that climb out of `root`. */
export function safeEntryPath(root: string, name: string): string {
	const normalised = name.replaceAll('\\', '/');
	if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised) || normalised.split('/').includes('..')) {
		throw new FerryError(`zip entry '${name}' points outside the export folder; refusing the whole zip`);
	}
	const target = path.resolve(root, normalised);
	if (target !== root && !target.startsWith(root + path.sep))
		throw new FerryError(`zip entry '${name}' points outside the export folder; refusing the whole zip`);
	return target;
}

function limiter(entry: yauzl.Entry, total: { bytes: number }): Transform {
	let written = 0;
	const ratioCap = Math.max(Math.max(entry.compressedSize, 1024) * importLimits.maxZipRatio, importLimits.zipRatioFloorBytes);
	return new Transform({
		transform(chunk: Buffer, _enc, done: TransformCallback) {
			written += chunk.length;
			total.bytes += chunk.length;
			if (written > ratioCap)
				return done(
					new FerryError(
						`zip entry '${entry.fileName}' inflates more than ${importLimits.maxZipRatio}× its compressed size: a zip bomb? refusing the whole zip`
					)
				);
			if (total.bytes > importLimits.maxZipBytes)
				return done(new FerryError(`the zip inflates to more than ${importLimits.maxZipBytes} bytes, the limit; refusing the whole zip`));
			done(null, chunk);
		}
	});
}

/** Extracts `file` into `dest` (created). On any error the partial folder is removed. */
export async function extractZip(file: string, dest: string): Promise<void> {
	const root = path.resolve(dest);
	fs.mkdirSync(root, { recursive: true });
	try {
		await extractInto(file, root);
	} catch (err) {
		fs.rmSync(root, { recursive: true, force: true });
		// yauzl validates names itself; say it in the same words as our own check.
		const escaped = /^(?:invalid (?:relative|absolute) path|absolute path|relative path): (.*)$/.exec((err as Error).message);
		if (escaped) throw new FerryError(`zip entry '${escaped[1]}' points outside the export folder; refusing the whole zip`);
		throw err instanceof FerryError ? err : new FerryError(`the zip file cannot be read: ${(err as Error).message}`);
	}
}

async function extractInto(file: string, root: string): Promise<void> {
	const zip = await openZip(file);
	// The zip's own directory says how many entries it holds: refuse before extracting one.
	if (zip.entryCount > importLimits.maxZipEntries) {
		zip.close();
		throw new FerryError(
			`the zip holds ${zip.entryCount} entries; Ferry reads at most ${importLimits.maxZipEntries} (the FERRY_MAX_ZIP_ENTRIES setting): refusing it before extracting anything`
		);
	}
	const total = { bytes: 0 };
	let entries = 0;
	await new Promise<void>((resolve, reject) => {
		zip.on('error', reject);
		zip.on('end', resolve);
		zip.on('entry', (entry: yauzl.Entry) => {
			(async () => {
				if (++entries > importLimits.maxZipEntries)
					throw new FerryError(
						`the zip holds more than ${importLimits.maxZipEntries} entries (the FERRY_MAX_ZIP_ENTRIES setting); refusing it`
					);
				const target = safeEntryPath(root, entry.fileName);
				if (entry.fileName.endsWith('/')) {
					fs.mkdirSync(target, { recursive: true });
					return;
				}
				fs.mkdirSync(path.dirname(target), { recursive: true });
				const stream = await new Promise<NodeJS.ReadableStream>((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s!))));
				await pipeline(stream, limiter(entry, total), fs.createWriteStream(target));
			})().then(
				() => zip.readEntry(),
				(err) => {
					zip.close();
					reject(err);
				}
			);
		});
		zip.readEntry();
	});
}
