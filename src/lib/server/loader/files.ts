// Attachments carry files (issue 7, 8): before an attachment record is created its file is
// uploaded from the snapshot's files folder into the attachment's FILES field, and the record
// then names the uploaded file. A missing, empty or too large file makes its record invalid at
// freeze (issue 13), for a person to fix or exclude before the push; a file that broke after the
// freeze fails its record at push with the same reason. Nothing is skipped silently. Uploads are
// paced and retried like every request.
import fs from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../db/index.js';
import type { LedgerRow } from './ledger.js';
import type { ChunkSender } from './sender.js';
import { CURRENT_SNAPSHOT_SQL } from '../snapshots/index.js';

export interface FileInfo {
	file: string | null;
	name: string;
	contentType: string;
}

/**
 * Each attachment's file as the confirmed map stages it: stage.attachments carries the file path
 * and content type (the map's extras, read from whichever table plays the attachments role), the
 * payload its name; paths are relative to the current snapshot's folder.
 */
export async function attachmentFiles(ws: Workspace, keys: string[]): Promise<Map<string, FileInfo>> {
	const out = new Map<string, FileInfo>();
	const cols = new Set(
		(
			await ws.all<{ c: string }>(
				`select column_name as c from duckdb_columns() where schema_name = 'stage' and table_name = 'attachments'`
			)
		).map((r) => r.c)
	);
	const snap = await ws.one<{ dir: string | null; source: string }>(
		`select files_dir as dir, source from ferry.snapshots where id = ${CURRENT_SNAPSHOT_SQL}`
	);
	if (!cols.has('file_path') || !snap) return out;
	const base = snap.dir ?? (fs.existsSync(snap.source) && fs.statSync(snap.source).isDirectory() ? snap.source : path.dirname(snap.source));
	const type = cols.has('content_type') ? 'content_type' : 'null';
	const rows = await ws.all<{ k: string; p: string | null; name: string | null; type: string | null }>(
		`select source_key as k, nullif(trim(file_path), '') as p, payload->>'name' as name, ${type} as type from stage.attachments
		 where source_key in (select unnest(from_json($1::json, '["VARCHAR"]')))`,
		[JSON.stringify(keys)]
	);
	// Exports written on Windows give folder\file paths.
	for (const r of rows) {
		const rel = r.p?.replaceAll('\\', '/') ?? null;
		out.set(r.k, {
			file: rel ? path.resolve(base, rel) : null,
			name: r.name ?? path.basename(rel ?? 'file'),
			contentType: r.type ?? 'application/octet-stream'
		});
	}
	return out;
}

/** Uploads each row's file and puts it in the payload; returns the rows that may be created. */
export async function withFiles(
	ws: Workspace,
	sender: ChunkSender,
	rows: LedgerRow[],
	fieldId: string,
	maxBytes: number
): Promise<LedgerRow[]> {
	const files = await attachmentFiles(
		ws,
		rows.map((r) => r.sourceKey)
	);
	const ready: LedgerRow[] = [];
	for (const row of rows) {
		if (row.payload.file) {
			ready.push(row);
			continue;
		}
		const problem = fileProblem(files.get(row.sourceKey), maxBytes);
		if (problem) {
			await sender.failRows('attachments', [row], problem);
			continue;
		}
		const f = files.get(row.sourceKey)!;
		const data = fs.readFileSync(f.file!);
		const up = await sender.retrying('attachments', [], () =>
			sender.client.uploadFile({ data, filename: f.name, contentType: f.contentType, fieldMetadataId: fieldId })
		);
		row.payload = { ...row.payload, file: [{ fileId: up.id, label: f.name }] };
		ready.push(row);
	}
	return ready;
}

/**
 * The file problems of attachment records frozen without an uploaded file (source key → reason):
 * the same checks the push makes, so a broken file is found before approval, not at the push.
 */
export async function brokenFiles(
	ws: Workspace,
	rows: Array<{ sourceKey: string; payload: unknown }>,
	maxBytes: number
): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	const keys = rows.filter((r) => !(r.payload as { file?: unknown } | null)?.file).map((r) => r.sourceKey);
	if (!keys.length) return out;
	const files = await attachmentFiles(ws, keys);
	for (const k of keys) {
		const problem = fileProblem(files.get(k), maxBytes);
		if (problem) out.set(k, problem);
	}
	return out;
}

function fileProblem(f: FileInfo | undefined, maxBytes: number): string | null {
	return !f?.file ? 'no file is listed for this attachment in the export' : checkFile(f.file, maxBytes);
}

function checkFile(file: string, maxBytes: number): string | null {
	if (!fs.existsSync(file)) return `file missing from the export: ${path.basename(file)}`;
	const size = fs.statSync(file).size;
	if (size === 0) return `file is empty: ${path.basename(file)}`;
	if (size > maxBytes) return `file is ${bytes(size)}, over the target's limit of ${bytes(maxBytes)}: ${path.basename(file)}`;
	return null;
}

const bytes = (n: number) => (n < 1048576 ? `${n} bytes` : `${(n / 1048576).toFixed(1)} MB`);
