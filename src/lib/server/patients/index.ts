// "Where is patient 100048?": one patient followed through every step — the raw row of the
// current snapshot, the duplicates decision that touched it, the staged payload (its own or its
// survivor's), the batches that froze it, the ledger of every run, and its Twenty id and link.
import { ident, sourceId, sourceKey, type Workspace } from '../db/index.js';
import { loadSettings } from '../dedupe/index.js';
import { FerryError } from '../errors.js';
import type { PatientTrail } from '../../shared/contracts/workspaces.js';

export type { PatientTrail };

async function has(ws: Workspace, schema: string, name: string): Promise<boolean> {
	return ws.exists(schema, name, 'any');
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

export async function patientTrail(ws: Workspace, patientId: string): Promise<PatientTrail> {
	const id = patientId.trim();
	if (!id) throw new FerryError('give a patient id, as in the export (e.g. 100048)');
	const settings = await loadSettings(ws);
	const idCol = settings.roles.patient_id;
	if (!idCol)
		throw new FerryError(
			`no column of ${settings.table} is known as the patient's id: set the patients table's key (ferry map table ${settings.table} --role patients --key <column>) or choose it in the dedupe settings`,
			409
		);
	const raw = (await has(ws, 'raw', settings.table))
		? await ws.one<{ j: string }>(
				`select to_json(t)::varchar as j from raw.${ident(settings.table)} t where trim(${ident(idCol)}::varchar) = $1 limit 1`,
				[id]
			)
		: null;
	const decisions = (await has(ws, 'dedupe', 'decisions'))
		? await ws.all<Record<string, unknown>>(
				`select id, kind, members, survivor_id, actor, decided_at::varchar as at from dedupe.decisions where list_contains(members, $1) and undone_at is null and superseded_by is null order by id`,
				[id]
			)
		: [];
	const key = sourceKey('patient', id);
	const merged = decisions.find((d) => d.kind === 'merge' && d.survivor_id && d.survivor_id !== id);
	const movesAs = merged ? sourceKey('patient', String(merged.survivor_id)) : key;
	if (!raw && !decisions.length && !(await has(ws, 'loader', 'batch_records')))
		throw new FerryError(`no patient '${id}' in the current snapshot's ${settings.table} table (by ${idCol})`, 404);
	const staged = (await has(ws, 'stage', 'people'))
		? await ws.one<{ p: string }>(`select payload::varchar as p from stage.people where source_key = $1`, [movesAs])
		: null;
	const batches = (await has(ws, 'loader', 'batch_records'))
		? await ws.all<Record<string, unknown>>(
				`select r.batch_id, b.plural, r.status, b.status as batch_status, r.reasons from loader.batch_records r join loader.batches b on b.id = r.batch_id where r.source_key = $1 order by r.batch_id`,
				[movesAs]
			)
		: [];
	const ledger = (await has(ws, 'loader', 'ledger'))
		? await ws.all<Record<string, unknown>>(
				`select l.run_id, r.status as run_status, l.operation, l.status, l.reason, l.attempts, l.updated_at::varchar as at from loader.ledger l join loader.runs r on r.id = l.run_id where l.source_key = $1 order by l.run_id`,
				[movesAs]
			)
		: [];
	if (!raw && !decisions.length && !batches.length && !ledger.length)
		throw new FerryError(
			`no patient '${id}' in the current snapshot's ${settings.table} table (by ${idCol}), nor in any batch or run`,
			404
		);
	const twentyId = sourceId(await ws.namespace(), movesAs);
	const target = await ws.setting('target.url');
	return {
		patientId: id,
		sourceKey: key,
		movesAs,
		raw: raw ? json(raw.j) : null,
		rawTable: settings.table,
		decisions: decisions.map((d) => ({
			id: Number(d.id),
			kind: String(d.kind),
			members: [...(d.members as string[])],
			survivor: (d.survivor_id as string) ?? null,
			actor: String(d.actor),
			at: String(d.at)
		})),
		staged: staged ? { plural: 'people', payload: json(staged.p) } : null,
		batches: batches.map((b) => ({
			batchId: Number(b.batch_id),
			plural: String(b.plural),
			status: String(b.status),
			batchStatus: String(b.batch_status),
			reasons: [...((b.reasons as string[]) ?? [])]
		})),
		ledger: ledger.map((l) => ({
			runId: Number(l.run_id),
			runStatus: String(l.run_status),
			operation: String(l.operation),
			status: String(l.status),
			reason: (l.reason as string) ?? null,
			attempts: Number(l.attempts),
			at: String(l.at)
		})),
		twentyId,
		twentyUrl: target ? `${String(target).replace(/\/+$/, '')}/object/person/${twentyId}` : null
	};
}
