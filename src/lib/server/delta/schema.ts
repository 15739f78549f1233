// Delta's own tables: which records changed between two snapshots, by source key and row hash.
export const deltaStatements = [
	`create schema if not exists delta`,
	`create table if not exists delta.tables (
		from_snapshot integer not null, to_snapshot integer not null, table_name varchar not null,
		key_columns varchar[], added_columns varchar[], dropped_columns varchar[],
		rows_before bigint not null, rows_after bigint not null,
		new bigint not null, changed bigint not null, vanished bigint not null, note varchar,
		primary key (from_snapshot, to_snapshot, table_name))`,
	`create table if not exists delta.records (
		from_snapshot integer not null, to_snapshot integer not null, table_name varchar not null,
		source_id varchar not null, change varchar not null, hash_before varchar, hash_after varchar,
		primary key (from_snapshot, to_snapshot, table_name, source_id))`,
	// Batches a delta freeze made (loader.batches holds them; this says which, and how many moved).
	`create table if not exists delta.batches (batch_id integer primary key, plural varchar not null, new bigint not null, changed bigint not null, created_at timestamptz not null default now())`
];
