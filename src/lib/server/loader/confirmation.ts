// Nothing moves unconfirmed (DESIGN invariant 2), as an explicit check rather than a hook: the
// mapping publishes the confirmed map's hash in the workspace settings (empty while any field
// is unconfirmed), each frozen batch is stamped with the hash current at its freeze, and a run
// sends only batches whose stamp is the map confirmed now. The loader reads a setting, not the
// mapping module (see docs/contracts.md).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';

/** ferry.settings key: the hash of the saved map when every field is confirmed, else ''. */
export const CONFIRMED_MAP_SETTING = 'mapping.confirmed';

/** Inside the freeze transaction: the batch carries the confirmed map's hash of this moment. */
export async function stampBatch(c: DuckDBConnection, batchId: number): Promise<void> {
	await c.run(
		`insert into loader.batch_maps (batch_id, map_hash) values ($1, coalesce((select value from ferry.settings where key = $2), ''))`,
		[batchId, CONFIRMED_MAP_SETTING]
	);
}

/** Refuses (409, saying what to do) unless the map is confirmed now and every batch was frozen from exactly that map. */
export async function assertFrozenFromConfirmedMap(ws: Workspace, batchIds: number[]): Promise<void> {
	const current = (await ws.setting(CONFIRMED_MAP_SETTING)) ?? '';
	if (!current)
		throw new FerryError(
			'push refused: the mapping is not confirmed: confirm every field on the mapping page (or ferry map confirm all), compile it, then freeze and approve the batches again',
			409
		);
	const rows = await ws.all<{ id: number; plural: string; map_hash: string | null }>(
		`select b.id, b.plural, m.map_hash from loader.batches b left join loader.batch_maps m on m.batch_id = b.id
		where b.id in (select unnest(from_json($1::json, '["INTEGER"]'))) order by b.id`,
		[JSON.stringify(batchIds)]
	);
	const stale = rows.filter((r) => r.map_hash !== current);
	if (!stale.length) return;
	const names =
		stale
			.slice(0, 6)
			.map((r) => `batch ${r.id} (${r.plural})`)
			.join(', ') + (stale.length > 6 ? ', …' : '');
	const why = stale.every((r) => !r.map_hash) ? 'a map that was not confirmed' : 'another version of the map than the one confirmed now';
	throw new FerryError(
		`push refused: ${names} ${stale.length === 1 ? 'was' : 'were'} frozen from ${why}: freeze ${stale.length === 1 ? 'it' : 'them'} again from the confirmed map and approve`,
		409
	);
}
