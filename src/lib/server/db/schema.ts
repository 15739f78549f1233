// Ferry's own tables live in the `ferry` schema of each workspace file. Cells may read
// them but never write them (the notebook enforces that). Statements are idempotent so
// opening a workspace always brings it up to date.

export const INTERNAL_SCHEMA = 'ferry';
/** Views onto the current snapshot's raw tables, so `select * from patients` just works. */
export const RAW_SCHEMA = 'raw';

export const schemaStatements: string[] = [
	`create schema if not exists ferry`,
	`create schema if not exists raw`,
	`create schema if not exists stage`,
	// Contract between dedupe (writes) and mapping (reads): which patient record survives
	// for each source patient id, and the field values a person chose for a survivor.
	`create table if not exists ferry.patient_survivors (patient_id varchar primary key, survivor_id varchar not null)`,
	`create table if not exists ferry.golden_values (survivor_id varchar not null, field varchar not null, value varchar, primary key (survivor_id, field))`,
	`create table if not exists ferry.settings (key varchar primary key, value varchar not null)`,
	`create sequence if not exists ferry.snapshot_ids start 1`,
	`create table if not exists ferry.snapshots (
		id integer primary key,
		created_at timestamptz not null,
		source varchar not null,
		source_kind varchar not null,
		content_hash varchar not null,
		file_count integer not null,
		rows_read bigint not null,
		rows_staged bigint not null,
		rows_rejected bigint not null,
		attachment_files integer not null default 0,
		attachment_bytes bigint not null default 0,
		files_dir varchar
	)`,
	`create table if not exists ferry.snapshot_files (
		snapshot_id integer not null,
		file varchar not null,
		sheet varchar not null default '',
		table_name varchar,
		format varchar not null,
		sha256 varchar not null,
		bytes bigint not null,
		encoding varchar,
		delimiter varchar,
		line_ending varchar,
		header_row integer,
		rows_read bigint not null default 0,
		rows_staged bigint not null default 0,
		rows_rejected bigint not null default 0,
		status varchar not null,
		error varchar,
		warnings varchar[] not null default [],
		primary key (snapshot_id, file, sheet)
	)`,
	`create table if not exists ferry.snapshot_columns (
		snapshot_id integer not null,
		table_name varchar not null,
		position integer not null,
		name varchar not null,
		original_name varchar not null,
		primary key (snapshot_id, table_name, position)
	)`,
	`create table if not exists ferry.rejects (
		snapshot_id integer not null,
		file varchar not null,
		sheet varchar not null default '',
		line bigint,
		reason varchar not null,
		raw varchar
	)`,
	// A person's decision on a quarantined row (snapshots/quarantine.ts): fixed and admitted, or dropped with why.
	`create table if not exists ferry.reject_resolutions (
		snapshot_id integer not null,
		file varchar not null,
		sheet varchar not null default '',
		line bigint not null,
		resolution varchar not null,
		reason varchar,
		actor varchar not null,
		"at" timestamptz not null default now(),
		primary key (snapshot_id, file, sheet, line)
	)`,
	`create sequence if not exists ferry.audit_ids start 1`,
	// Deterministic Twenty ids: RFC 4122 UUID v5 of a source key under the workspace namespace,
	// computed in SQL so staged payloads and their relations carry final ids (ids.ts is the JS twin).
	`create or replace macro ferry.uuid5_hex(h) as
		substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-5' || substr(h, 14, 3) || '-' ||
		substr('89ab89ab89ab89ab', position(substr(h, 17, 1) in '0123456789abcdef'), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)`,
	`create or replace macro ferry.uuid5(ns, name) as ferry.uuid5_hex(sha1(unhex(replace(ns, '-', '')) || encode(name)))`,
	`create or replace macro ferry.source_id(name) as ferry.uuid5((select value from ferry.settings where key = 'namespace'), name)`,
	`create table if not exists ferry.audit_log (
		id bigint primary key default nextval('ferry.audit_ids'),
		"at" timestamptz not null default now(),
		actor varchar not null,
		action varchar not null,
		subject varchar,
		detail json
	)`
];
