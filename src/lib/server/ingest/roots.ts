// Where a server-path import may read from. A path typed into the API names a file on the
// server's disk, so the API reads only below the data folder, the bundled sample and the
// folders a person listed in FERRY_IMPORT_ROOTS. The CLI (a person at this machine's shell)
// is not bound by this: it reads what that person can.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, sampleExportDir } from '../config.js';

/** The allowed roots, read at call time so a changed setting applies to the next import. */
export function importRoots(): string[] {
	const listed = (process.env.FERRY_IMPORT_ROOTS ?? '')
		.split(/[,:]/)
		.map((s) => s.trim())
		.filter(Boolean);
	return [dataDir, sampleExportDir, ...listed].map((r) => path.resolve(r));
}

const within = (root: string, p: string) => {
	const rel = path.relative(root, p);
	return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : p);

/**
 * Null when `source` lies below an allowed root (by its name and, when it exists, by where its
 * links lead); otherwise the refusal. The refusal never says whether the path exists.
 */
export function importRootRefusal(source: string): string | null {
	const resolved = path.resolve(source);
	const roots = importRoots();
	const realRoots = roots.map(real);
	if (roots.some((r) => within(r, resolved)) && realRoots.some((r) => within(r, real(resolved)))) return null;
	return (
		`'${resolved}' is outside the folders the API imports from: the data folder (${dataDir}), the bundled sample and the folders ` +
		`in the FERRY_IMPORT_ROOTS setting (${roots.length > 2 ? roots.slice(2).join(', ') : 'none set'}). ` +
		`Upload the files instead, import it with \`ferry import <path>\` at this machine's shell, or start the server with FERRY_IMPORT_ROOTS=<folder> (several separated by ':')`
	);
}
