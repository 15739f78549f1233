// Twenty transformed records of one source, unconfirmed fields included, as the stage view
// would produce them once confirmed.
import type { Workspace } from '../db/index.js';
import { sourceSelect } from './compile.js';
import { fillLookups } from './lookups.js';
import { type Mapping } from './model.js';
import { brokenJoins, tableExists } from './sources.js';
import { FerryError } from '../errors.js';

export async function previewSource(
	ws: Workspace,
	m: Mapping,
	sourceId: string,
	limit = 20
): Promise<Array<{ source_key: string; payload: string }>> {
	const s = m.sources.find((x) => x.id === sourceId);
	if (!s) throw new FerryError(`no mapping source '${sourceId}'`, 404);
	if (!(await tableExists(ws, s.table))) throw new FerryError(`source table ${s.table} is not in the snapshot`);
	const broken = await brokenJoins(ws, s);
	if (broken.length) throw new FerryError(broken.map((b) => b.message).join('; '));
	await fillLookups(ws, { ...m, sources: [s] });
	return ws.all(
		`select source_key, payload::varchar as payload from (${sourceSelect(s, m, { includeUnconfirmed: true })}) order by source_key limit ${Math.min(Math.max(1, limit), 200)}`
	);
}
