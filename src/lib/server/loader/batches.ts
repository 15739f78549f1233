// Batches: staged payloads frozen per Twenty object, each record validated against the
// target's metadata. Only an approved batch with no invalid record can be pushed.
import { sourceId, type Workspace } from '../db/index.js';
import type { ObjectMetadata } from '../twenty/index.js';
import { ensureLoader } from './schema.js';
import { makeValidator } from './validate.js';
import { freezeLinks } from './links.js';
import { freezeOptionalLinks } from './unresolved.js';
import { stampBatch } from './confirmation.js';
import { brokenFiles } from './files.js';
import { pushSettingsSchema } from './settings.js';
import { conflict, FerryError } from '../errors.js';

export interface BatchSummary {
	id: number;
	plural: string;
	step: number;
	status: 'draft' | 'approved';
	createdAt: string;
	approvedAt: string | null;
	records: number;
	valid: number;
	invalid: number;
	excluded: number;
	/** Values, references and files the map lost for this batch's object (loader.batch_losses), and who acknowledged them. */
	lost: number;
	lossesAcknowledgedBy: string | null;
	lossesAcknowledgedAt: string | null;
	/** Optional relations sent without their record if it is missing at the push (the map said send-without). */
	sendWithout: string[];
}

export interface PlanStep {
	plural: string;
	step: number;
}

async function hasRelation(ws: Workspace, schema: string, name: string): Promise<boolean> {
	return ws.exists(schema, name, 'any');
}

/** The push order from stage.plan (mapping's contract), one step per plural. */
export async function readPlan(ws: Workspace): Promise<PlanStep[]> {
	if (!(await hasRelation(ws, 'stage', 'plan')))
		throw new FerryError(
			'The mapping has not been compiled yet, so nothing is staged to freeze. On the Mapping page confirm every object and press "Compile stage views", then freeze.',
			409
		);
	const rows = await ws.all<{ plural: string; step: number }>(
		`select plural, min(step)::integer as step from stage.plan group by plural order by step, plural`
	);
	return rows.map((r) => ({ plural: r.plural, step: Number(r.step) }));
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface FreezeOptions {
	/** The target's largest upload: an attachment whose file is larger is invalid (default: the push settings' 10 MB). */
	maxFileBytes?: number;
}

/** Freezes each planned stage view (or only `plurals`) into a new draft batch and validates it. */
export async function freezeBatches(
	ws: Workspace,
	objects: ObjectMetadata[],
	plurals?: string[],
	where?: string,
	o: FreezeOptions = {}
): Promise<BatchSummary[]> {
	await ensureLoader(ws);
	const plan = await readPlan(ws);
	const wanted = plurals ? plan.filter((p) => plurals.includes(p.plural)) : plan;
	for (const p of plurals ?? []) if (!plan.some((s) => s.plural === p)) throw new FerryError(`'${p}' is not in stage.plan`, 404);
	const validator = makeValidator(objects);
	const ns = await ws.namespace();
	const ids: number[] = [];
	for (const step of wanted) {
		if (!(await hasRelation(ws, 'stage', step.plural)))
			throw new FerryError(
				`The compiled mapping plans ${step.plural} but its stage view is missing (an interrupted compile?). Press "Compile stage views" on the Mapping page again, then freeze.`,
				409
			);
		ids.push(await freezeOne(ws, step, validator, ns, objects, where, o.maxFileBytes ?? pushSettingsSchema.parse({}).maxFileBytes));
	}
	const all = await listBatches(ws);
	const summaries = all.filter((b) => ids.includes(b.id));
	await ws.audit('loader.freeze', null, {
		batches: summaries.map((b) => ({ id: b.id, plural: b.plural, records: b.records, invalid: b.invalid }))
	});
	return summaries;
}

/** `where` (internal SQL, never user text) narrows the view, e.g. to a sample's ids. */
async function freezeOne(
	ws: Workspace,
	step: PlanStep,
	validator: ReturnType<typeof makeValidator>,
	ns: string,
	objects: ObjectMetadata[],
	where: string | undefined,
	maxFileBytes: number
): Promise<number> {
	const { id } = (await ws.one<{ id: number }>(`select nextval('loader.batch_ids')::integer as id`))!;
	const links = await hasRelation(ws, 'stage', 'second_pass');
	const optional = await hasRelation(ws, 'stage', 'optional_links');
	await ws.transaction(async (c) => {
		await c.run(`insert into loader.batches (id, plural, step) values ($1, $2, $3)`, [id, step.plural, step.step]);
		await stampBatch(c, id);
		await c.run(
			`insert into loader.batch_records (batch_id, source_key, id, payload, status)
			select $1, source_key, id, payload::json, 'valid' from stage.${quote(step.plural)} ${where ? `where ${where}` : ''}`,
			[id]
		);
		await c.run(
			`insert into loader.batch_staged select batch_id, source_key, md5(payload::varchar) from loader.batch_records where batch_id = $1`,
			[id]
		);
		if (links) await freezeLinks(c, id, step.plural);
		if (optional) await freezeOptionalLinks(c, id, step.plural);
		if (await hasRelation(ws, 'stage', 'losses'))
			await c.run(
				`insert into loader.batch_losses
			select $1, source, target, "column", reason, count(*)::integer from stage.losses
			where plural = $2 ${where ? `and source_key in (select source_key from loader.batch_records where batch_id = $1)` : ''} group by all`,
				[id, step.plural]
			);
		const files =
			step.plural === 'attachments'
				? objects.find((o) => o.namePlural === 'attachments')?.fields.find((f) => f.type === 'FILES')
				: undefined;
		if (files) await c.run(`insert into loader.files_field values ($1, $2)`, [id, files.id]);
	});
	const rows = await ws.all<{ source_key: string; id: string; payload: string }>(
		`select source_key, id, payload::varchar as payload from loader.batch_records where batch_id = $1`,
		[id]
	);
	// An attachment whose file cannot be uploaded (missing, empty, over the target's limit) is caught here, not at the push.
	const files =
		step.plural === 'attachments'
			? await brokenFiles(
					ws,
					rows.map((r) => ({ sourceKey: r.source_key, payload: parsed(r.payload) })),
					maxFileBytes
				)
			: new Map<string, string>();
	const invalid: Array<{ k: string; r: string[] }> = [];
	for (const row of rows) {
		const reasons = checkRow(row, step.plural, validator, ns);
		const file = files.get(row.source_key);
		if (file) reasons.push(file);
		if (reasons.length) invalid.push({ k: row.source_key, r: reasons });
	}
	await markInvalid(ws, id, invalid);
	await markDuplicates(ws, id, uniquePaths(objects.find((o) => o.namePlural === step.plural)));
	return id;
}

/** JSON paths of the target's unique fields (emails → primaryEmail, links → primaryLinkUrl). */
function uniquePaths(object: ObjectMetadata | undefined): Array<{ label: string; path: string; key?: string }> {
	const out: Array<{ label: string; path: string; key?: string }> = [];
	for (const f of object?.fields ?? []) {
		if (!f.isUnique || f.name === 'id') continue;
		if (f.type === 'EMAILS') out.push({ label: `${f.name}.primaryEmail`, path: `$.${f.name}.primaryEmail` });
		else if (f.type === 'LINKS') out.push({ label: `${f.name}.primaryLinkUrl`, path: `$.${f.name}.primaryLinkUrl`, key: LINK_KEY });
		else if (!['PHONES', 'FULL_NAME', 'ADDRESS', 'CURRENCY', 'RELATION', 'MORPH_RELATION'].includes(f.type))
			out.push({ label: f.name, path: `$.${f.name}` });
	}
	return out;
}

/** Twenty compares link URLs after normalizeUrlOrigin: scheme and host lower-cased, a trailing slash dropped. */
const LINK_KEY = `regexp_replace(lower(regexp_extract(v, '^([a-zA-Z]+://)?[^/?#]*')) || substr(v, length(regexp_extract(v, '^([a-zA-Z]+://)?[^/?#]*')) + 1), '/$', '')`;

/**
 * Twenty keeps unique fields unique (emails compared lower-case): two staged records with the
 * same value would make a whole batch call fail. The first keeps the value; the others are
 * marked invalid, naming the record they clash with, for a person to resolve (dedupe or fix).
 */
async function markDuplicates(ws: Workspace, batchId: number, paths: Array<{ label: string; path: string; key?: string }>): Promise<void> {
	for (const { label, path, key = 'lower(v)' } of paths)
		await ws.run(
			`update loader.batch_records b set status = 'invalid', reasons = list_append(b.reasons, $3 || ' is also staged for ' || d.first || ' (Twenty keeps it unique)')
			from (select source_key, first_value(source_key) over w as first, row_number() over w as rn
				from (select source_key, trim(json_extract_string(payload, $2)) as v from loader.batch_records where batch_id = $1 and status <> 'excluded')
				where nullif(v, '') is not null
				window w as (partition by ${key} order by source_key)) d
			where b.batch_id = $1 and b.source_key = d.source_key and d.rn > 1`,
			[batchId, path, label]
		);
}

function parsed(payload: string): unknown {
	try {
		return JSON.parse(payload);
	} catch {
		return null;
	}
}

function checkRow(
	row: { source_key: string; id: string; payload: string },
	plural: string,
	validator: ReturnType<typeof makeValidator>,
	ns: string
): string[] {
	const reasons: string[] = [];
	if (row.id !== sourceId(ns, row.source_key)) reasons.push(`id is not the deterministic id of source key ${row.source_key}`);
	let payload: unknown;
	try {
		payload = JSON.parse(row.payload);
	} catch {
		return [...reasons, 'payload is not valid JSON'];
	}
	const r = validator.check(plural, payload);
	return r.ok ? reasons : [...reasons, ...r.reasons];
}

async function markInvalid(ws: Workspace, batchId: number, invalid: Array<{ k: string; r: string[] }>): Promise<void> {
	if (!invalid.length) return;
	await ws.run(
		`update loader.batch_records b set status = 'invalid', reasons = j.r
		 from (select unnest(from_json($2::json, '[{"k":"VARCHAR","r":["VARCHAR"]}]'), recursive := true)) j
		 where b.batch_id = $1 and b.source_key = j.k`,
		[batchId, JSON.stringify(invalid)]
	);
}

export async function listBatches(ws: Workspace): Promise<BatchSummary[]> {
	await ensureLoader(ws);
	const rows =
		await ws.all(`select b.id, b.plural, b.step, b.status, b.created_at::varchar as "createdAt", b.approved_at::varchar as "approvedAt",
		count(r.source_key)::integer as records,
		count(*) filter (where r.status = 'valid')::integer as valid,
		count(*) filter (where r.status = 'invalid')::integer as invalid,
		count(*) filter (where r.status = 'excluded')::integer as excluded,
		coalesce((select sum(l.records) from loader.batch_losses l where l.batch_id = b.id), 0)::integer as lost,
		a.acknowledged_by as "lossesAcknowledgedBy", a.acknowledged_at::varchar as "lossesAcknowledgedAt",
		coalesce((select list(distinct o.field order by o.field) from loader.batch_optional_links o where o.batch_id = b.id), []) as "sendWithout"
		from loader.batches b left join loader.batch_records r on r.batch_id = b.id left join loader.loss_acks a on a.batch_id = b.id
		group by all order by b.id`);
	return (rows as unknown as BatchSummary[]).map((b) => ({ ...b, sendWithout: [...b.sendWithout] }));
}

export async function getBatch(ws: Workspace, id: number): Promise<BatchSummary> {
	const b = (await listBatches(ws)).find((x) => x.id === id);
	if (!b) throw new FerryError(`batch ${id} does not exist`, 404);
	return b;
}

export interface BatchRecord {
	sourceKey: string;
	id: string;
	status: 'valid' | 'invalid' | 'excluded';
	reasons: string[];
	payload: unknown;
}

export async function batchRecords(
	ws: Workspace,
	batchId: number,
	o: { status?: string; offset?: number; limit?: number } = {}
): Promise<{ total: number; records: BatchRecord[] }> {
	await getBatch(ws, batchId);
	const where = `batch_id = $1 ${o.status ? `and status = $2` : ''}`;
	const params = o.status ? [batchId, o.status] : [batchId];
	const total = await ws.count(`loader.batch_records where ${where}`, params);
	const rows = await ws.all<{ source_key: string; id: string; status: BatchRecord['status']; reasons: string[]; payload: string }>(
		`select source_key, id, status, reasons, payload::varchar as payload from loader.batch_records where ${where}
		 order by status = 'valid', source_key limit ${o.limit ?? 100} offset ${o.offset ?? 0}`,
		params
	);
	return {
		total,
		records: rows.map((r) => ({
			sourceKey: r.source_key,
			id: r.id,
			status: r.status,
			reasons: [...r.reasons],
			payload: JSON.parse(r.payload)
		}))
	};
}

async function assertKeys(ws: Workspace, batchId: number, keys: string[]): Promise<void> {
	const found = await ws.all<{ k: string }>(
		`select source_key as k from loader.batch_records where batch_id = $1 and source_key in (select unnest(from_json($2::json, '["VARCHAR"]')))`,
		[batchId, JSON.stringify(keys)]
	);
	const missing = keys.filter((k) => !found.some((f) => f.k === k));
	if (missing.length)
		throw new FerryError(
			`batch ${batchId} has no record ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (+${missing.length - 3})` : ''}`,
			404
		);
}

/** Excluded records never move; the reason stays with them. Any change returns the batch to draft. */
export async function excludeRecords(ws: Workspace, batchId: number, sourceKeys: string[], reason: string): Promise<BatchSummary> {
	await getBatch(ws, batchId);
	await assertKeys(ws, batchId, sourceKeys);
	await ws.run(
		`update loader.batch_records set status = 'excluded', reasons = list_append(reasons, $3) where batch_id = $1 and source_key in (select unnest(from_json($2::json, '["VARCHAR"]')))`,
		[batchId, JSON.stringify(sourceKeys), `excluded: ${reason}`]
	);
	await toDraft(ws, batchId);
	await ws.audit('loader.exclude', `batch:${batchId}`, { records: sourceKeys.length });
	return getBatch(ws, batchId);
}

/** Replaces one record's payload and validates it again. */
export async function fixRecord(
	ws: Workspace,
	batchId: number,
	sourceKey: string,
	payload: unknown,
	objects: ObjectMetadata[]
): Promise<BatchRecord> {
	const batch = await getBatch(ws, batchId);
	await assertKeys(ws, batchId, [sourceKey]);
	const ns = await ws.namespace();
	const row = { source_key: sourceKey, id: sourceId(ns, sourceKey), payload: JSON.stringify(payload) };
	const reasons = checkRow(row, batch.plural, makeValidator(objects), ns);
	await ws.run(
		`update loader.batch_records set payload = $3::json, status = $4, reasons = from_json($5::json, '["VARCHAR"]') where batch_id = $1 and source_key = $2`,
		[batchId, sourceKey, row.payload, reasons.length ? 'invalid' : 'valid', JSON.stringify(reasons)]
	);
	await toDraft(ws, batchId);
	await ws.audit('loader.fix', `batch:${batchId}`, { record: sourceKey, valid: reasons.length === 0 });
	return { sourceKey, id: row.id, status: reasons.length ? 'invalid' : 'valid', reasons, payload };
}

async function toDraft(ws: Workspace, batchId: number): Promise<void> {
	await ws.run(`update loader.batches set status = 'draft', approved_at = null, approved_by = null where id = $1`, [batchId]);
}

export interface BatchLoss {
	source: string;
	target: string;
	column: string | null;
	reason: string;
	records: number;
}

/** What the map lost for a batch, per field and reason, most first. */
export async function batchLosses(ws: Workspace, batchId: number): Promise<BatchLoss[]> {
	await getBatch(ws, batchId);
	return ws.all<BatchLoss>(
		`select source, target, "column" as column, reason, records from loader.batch_losses where batch_id = $1 order by records desc, target, reason`,
		[batchId]
	);
}

/** "12 value(s) lost: 10 emails.primaryEmail not a valid email address; 2 …" — counts and field names only. */
function lossSentence(b: BatchSummary, losses: BatchLoss[]): string {
	const top = losses
		.slice(0, 4)
		.map((l) => `${l.records} ${l.target} ${l.reason}`)
		.join('; ');
	return `batch ${b.id} (${b.plural}) has ${b.lost} value(s), reference(s) or file(s) the map could not stage (${top}${losses.length > 4 ? `; +${losses.length - 4} more` : ''})`;
}

/** A person says they have reviewed what the map lost for a batch; kept with who and when, and audited. */
export async function acknowledgeLosses(ws: Workspace, batchId: number, actor = 'analyst'): Promise<BatchSummary> {
	const b = await getBatch(ws, batchId);
	if (!b.lost || b.lossesAcknowledgedBy) return b;
	const losses = await batchLosses(ws, batchId);
	await ws.run(`insert or replace into loader.loss_acks (batch_id, acknowledged_by) values ($1, $2)`, [batchId, actor]);
	await ws.audit(
		'loader.acknowledge-losses',
		`batch:${batchId}`,
		{ plural: b.plural, lost: b.lost, losses: losses.map((l) => ({ target: l.target, reason: l.reason, records: l.records })) },
		actor
	);
	return getBatch(ws, batchId);
}

/** Refuses, naming the counts, while a batch's losses are not acknowledged. */
async function assertLossesAcknowledged(ws: Workspace, b: BatchSummary): Promise<void> {
	if (!b.lost || b.lossesAcknowledgedBy) return;
	throw conflict(
		`${lossSentence(b, await batchLosses(ws, b.id))}: review them and acknowledge before approving (ferry batches acknowledge ${b.id}, or approve with --acknowledge-losses; on the Load page, tick the acknowledgement under the batch)`
	);
}

/** A run refuses batches whose losses nobody acknowledged (approved before acknowledgements existed), naming the counts. */
export async function assertLossesAcknowledgedFor(ws: Workspace, batchIds: number[]): Promise<void> {
	for (const b of (await listBatches(ws)).filter((x) => batchIds.includes(x.id)))
		if (b.lost && !b.lossesAcknowledgedBy)
			throw conflict(
				`push refused: ${lossSentence(b, await batchLosses(ws, b.id))}: nobody acknowledged them (ferry batches acknowledge ${b.id})`
			);
}

/**
 * A person approves a batch; refused while any record is invalid (fix or exclude it first) and
 * while what the map lost for it is not acknowledged (`acknowledgeLosses` does both at once).
 */
export async function approveBatch(
	ws: Workspace,
	batchId: number,
	actor = 'analyst',
	o: { acknowledgeLosses?: boolean } = {}
): Promise<BatchSummary> {
	let b = await getBatch(ws, batchId);
	if (b.invalid > 0) throw new FerryError(`batch ${batchId} has ${b.invalid} invalid record(s): fix or exclude them before approving`, 409);
	if (b.valid === 0) throw new FerryError(`batch ${batchId} has no valid record to approve`, 409);
	if (o.acknowledgeLosses) b = await acknowledgeLosses(ws, batchId, actor);
	await assertLossesAcknowledged(ws, b);
	await ws.run(`update loader.batches set status = 'approved', approved_at = now(), approved_by = $2 where id = $1`, [batchId, actor]);
	await ws.audit('loader.approve', `batch:${batchId}`, { plural: b.plural, records: b.valid, excluded: b.excluded }, actor);
	return getBatch(ws, batchId);
}

export interface RunLoss extends BatchLoss {
	batchId: number;
	plural: string;
	acknowledgedBy: string | null;
	acknowledgedAt: string | null;
}

/** What the map lost for the batches of a run (or of every run pushed when none is given), with who acknowledged it. */
export async function runLosses(ws: Workspace, runId?: number): Promise<RunLoss[]> {
	await ensureLoader(ws);
	const runs = runId === undefined ? 'select id from loader.runs' : `select ${Number(runId)}`;
	return ws.all<RunLoss>(`select l.batch_id::integer as "batchId", b.plural, l.source, l.target, l."column" as column, l.reason, l.records,
		a.acknowledged_by as "acknowledgedBy", a.acknowledged_at::varchar as "acknowledgedAt"
		from loader.batch_losses l join loader.batches b on b.id = l.batch_id left join loader.loss_acks a on a.batch_id = l.batch_id
		where l.batch_id in (select unnest(batch_ids) from loader.runs where id in (${runs}))
		order by b.step, b.plural, l.records desc, l.target`);
}
