// The loader's own tables (schema `loader`): frozen batches and their records, runs, and the
// ledger. Created through Workspace.ensure, so opening a workspace keeps them current.
import type { Workspace } from '../db/index.js';

const DDL = [
	`create schema if not exists loader`,
	`create sequence if not exists loader.batch_ids start 1`,
	`create table if not exists loader.batches (
		id integer primary key,
		plural varchar not null,
		step integer not null,
		created_at timestamptz not null default now(),
		status varchar not null default 'draft',
		approved_at timestamptz,
		approved_by varchar
	)`,
	// One row per staged record frozen into a batch: status valid / invalid / excluded.
	`create table if not exists loader.batch_records (
		batch_id integer not null,
		source_key varchar not null,
		id varchar not null,
		payload json not null,
		status varchar not null,
		reasons varchar[] not null default [],
		primary key (batch_id, source_key)
	)`,
	`create table if not exists loader.runs (
		id integer primary key,
		started_at timestamptz not null default now(),
		ended_at timestamptz,
		status varchar not null,
		batch_ids integer[] not null,
		settings json,
		error varchar
	)`,
	// The ledger (DESIGN "ledger"): written before a request leaves and after its answer.
	// One row per (run_id, source_key), guaranteed by createRun's select; no index, because
	// maintaining one costs more on a 100k-row insert than it saves on 60-key updates.
	// uncertain = a request carrying this record went out and its outcome is unknown
	// (timeout, reset, 5xx, crash): only then may a record found in Twenty count as ours.
	`create table if not exists loader.ledger (
		run_id integer not null,
		source_key varchar not null,
		plural varchar not null,
		step integer not null,
		batch_id integer not null,
		twenty_id varchar not null,
		payload json not null,
		operation varchar not null default 'create',
		status varchar not null default 'pending',
		reason varchar,
		attempts integer not null default 0,
		uncertain boolean not null default false,
		before_image json,
		updated_at timestamptz not null default now(),
		-- Push tier within an object: after the records of the same object it points at
		-- (a patient's referring physician is a person too). See orderWithinObjects.
		ord integer not null default 0
	)`,
	// Links that form a cycle inside an object (loader/links.ts): frozen per batch, then per run.
	`create table if not exists loader.batch_links (batch_id integer not null, source_key varchar not null, payload json not null, primary key (batch_id, source_key))`,
	// The target's attachment FILES field id, read with the metadata at freeze: a run then needs no
	// second read of the whole (large, slow on a busy server) metadata list before uploading.
	`create table if not exists loader.files_field (batch_id integer primary key, field_id varchar not null)`,
	// The confirmed map's hash at each batch's freeze ('' when the map was not confirmed): a run
	// sends a batch only when this is the map confirmed now (loader/confirmation.ts).
	`create table if not exists loader.batch_maps (batch_id integer primary key, map_hash varchar not null)`,
	`create table if not exists loader.links (
		run_id integer not null,
		source_key varchar not null,
		plural varchar not null,
		twenty_id varchar not null,
		payload json not null,
		status varchar not null default 'pending',
		reason varchar,
		primary key (run_id, source_key)
	)`,
	// What the map lost (stage.losses, written at compile) counted per batch at freeze, per field and
	// reason; a person acknowledges them (who, when) before the batch can be approved.
	`create table if not exists loader.batch_losses (batch_id integer not null, source varchar not null, target varchar not null, "column" varchar, reason varchar not null, records integer not null)`,
	`create table if not exists loader.loss_acks (batch_id integer primary key, acknowledged_by varchar not null, acknowledged_at timestamptz not null default now())`,
	// Optional relations a person chose to send without their record when it is missing (stage.optional_links
	// frozen per batch), and the links a run sent without: record, field, the record it pointed at and why (loader/unresolved.ts).
	`create table if not exists loader.batch_optional_links (batch_id integer not null, field varchar not null)`,
	`create table if not exists loader.unresolved (
		run_id integer not null,
		source_key varchar not null,
		plural varchar not null,
		field varchar not null,
		target_plural varchar,
		target_key varchar,
		reason varchar
	)`,
	// The md5 of each record's staged payload at freeze, kept when a person corrects the payload:
	// delta pickup compares what is staged now with what was staged then (ledger.ts, lastSeenSql).
	`create table if not exists loader.batch_staged (batch_id integer not null, source_key varchar not null, h varchar not null)`,
	// What Twenty held when last read back: the validation report and the diff read it.
	`create table if not exists loader.readback (plural varchar not null, id varchar not null, record json not null, read_at timestamptz not null default now())`
];

const checkpointed = new WeakSet<Workspace>();

/**
 * Creates the tables, then checkpoints once so their DDL never waits in the WAL: DuckDB 1.5
 * fails to replay some DDL after a kill -9 (an ALTER … ADD COLUMN on a table with a now()
 * default made a workspace unopenable), and the loader must survive kill -9 at any moment.
 * Never ALTER these tables: change them only with a new table.
 */
export async function ensureLoader(ws: Workspace): Promise<void> {
	await ws.ensure('loader', DDL);
	if (checkpointed.has(ws)) return;
	checkpointed.add(ws);
	await ws.run('checkpoint').catch(() => {}); // busy: the next open tries again
}
