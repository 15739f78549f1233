import { Hono } from 'hono';

import { auditLog, auditPage, listWorkspaces, openWorkspace } from '../db/index.js';
import { snapshotSummary } from '../ingest/index.js';
import { pipelineState } from '../pipeline/index.js';
import { signOffReport } from '../signoff/index.js';
import { patientTrail } from '../patients/index.js';
import {
	deleteSnapshot,
	dropReject,
	fixReject,
	listSnapshots,
	makeCurrent,
	snapshotColumns,
	snapshotDependents,
	snapshotRejects
} from '../snapshots/index.js';
import { toCsv } from '../csv/index.js';
import { parseJson, parseQuery, plain, workspaceOf } from './util.js';
import * as W from '../../shared/contracts/workspaces.js';

export const workspaces = new Hono();

workspaces.get('/', async (c) => c.json({ workspaces: listWorkspaces() }));

workspaces.post('/', async (c) => {
	const { name } = await parseJson(c, W.CreateWorkspace);
	await openWorkspace(name, { create: true });
	return c.json({ name }, 201);
});

workspaces.get('/:ws', async (c) => {
	const ws = await workspaceOf(c);
	const snapshots = await listSnapshots(ws);
	const cur = snapshots.find((s) => s.current);
	const current = cur ? await snapshotSummary(ws, Number(cur.id)) : null;
	return c.json(plain({ name: ws.name, snapshots, current, pipeline: await pipelineState(ws) }));
});

const SnapshotId = W.SnapshotId;

workspaces.get('/:ws/snapshots/:id', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await snapshotSummary(ws, SnapshotId.parse(c.req.param('id')))));
});

// The sign-off report for the practice: migrated, left out and why, who approved what.
workspaces.get('/:ws/signoff', async (c) => c.json(plain(await signOffReport(await workspaceOf(c)))));

// One patient through every step: raw row, duplicates decision, staged payload, batches, ledger, Twenty id.
workspaces.get('/:ws/patients/:id', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await patientTrail(ws, W.PatientId.parse(c.req.param('id')))));
});

workspaces.get('/:ws/snapshots', async (c) => c.json(plain({ snapshots: await listSnapshots(await workspaceOf(c)) })));

// What depends on a snapshot, for the confirmation before deleting it.
workspaces.get('/:ws/snapshots/:id/dependents', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await snapshotDependents(ws, SnapshotId.parse(c.req.param('id')))));
});

workspaces.post('/:ws/snapshots/:id/current', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await makeCurrent(ws, SnapshotId.parse(c.req.param('id')))));
});

workspaces.delete('/:ws/snapshots/:id', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain({ deleted: await deleteSnapshot(ws, SnapshotId.parse(c.req.param('id'))) }));
});

workspaces.get('/:ws/snapshots/:id/rejects', async (c) => {
	const ws = await workspaceOf(c);
	const id = SnapshotId.parse(c.req.param('id'));
	const q = parseQuery(c, W.RejectsQuery);
	return c.json(plain(await snapshotRejects(ws, id, q)));
});

/** A quarantined row fixed (admitted into the raw table) or dropped with a reason, where it is shown. */
workspaces.post('/:ws/snapshots/:id/rejects/fix', async (c) => {
	const { raw, ...ref } = await parseJson(c, W.RejectFixRequest);
	return c.json(await fixReject(await workspaceOf(c), { snapshot: SnapshotId.parse(c.req.param('id')), ...ref }, raw));
});
workspaces.post('/:ws/snapshots/:id/rejects/drop', async (c) => {
	const { reason, ...ref } = await parseJson(c, W.RejectDropRequest);
	return c.json(await dropReject(await workspaceOf(c), { snapshot: SnapshotId.parse(c.req.param('id')), ...ref }, reason));
});

workspaces.get('/:ws/snapshots/:id/columns', async (c) => {
	const ws = await workspaceOf(c);
	const id = SnapshotId.parse(c.req.param('id'));
	const { table } = parseQuery(c, W.ColumnsQuery);
	return c.json(plain({ columns: await snapshotColumns(ws, id, table) }));
});

workspaces.get('/:ws/audit', async (c) => {
	const ws = await workspaceOf(c);
	const q = parseQuery(c, W.AuditQuery);
	if (q.format === 'csv') {
		// The whole log, oldest first: it holds ids and counts only, so it can leave the machine.
		const rows = await auditLog(ws);
		const csv = toCsv([
			['id', 'at', 'actor', 'action', 'subject', 'detail'],
			...rows.map((r) => [r.id, r.at, r.actor, r.action, r.subject, r.detail])
		]);
		return c.body(csv, 200, {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${ws.name}-audit-log.csv"`
		});
	}
	return c.json(plain({ rows: await auditPage(ws, q) }));
});
