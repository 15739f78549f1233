// The profile of the current snapshot: raw tables, one table's column profile, cross-table checks.
import { Hono } from 'hono';

import { profileTable, rawTables, runChecks } from '../profile/index.js';
import { plain, workspaceOf } from './util.js';
import { RawTable } from '../../shared/contracts/profile.js';

export const profile = new Hono();

const Table = RawTable;

profile.get('/:ws/profile/tables', async (c) => {
	const ws = await workspaceOf(c);
	return c.json({ tables: await rawTables(ws), note: 'distinct counts are approximate (HyperLogLog)' });
});

profile.get('/:ws/profile/tables/:table', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await profileTable(ws, Table.parse(c.req.param('table')), { signal: c.req.raw.signal })));
});

profile.get('/:ws/profile/checks', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(plain(await runChecks(ws)));
});
