import { Hono } from 'hono';
import { checkTarget, getTarget, setTarget, startLocalSandbox } from '../twenty/index.js';
import { parseJson, workspaceOf } from './util.js';
import * as W from '../../shared/contracts/workspaces.js';

export const target = new Hono();

target.get('/:ws/target', async (c) => c.json(await getTarget(await workspaceOf(c))));

target.put('/:ws/target', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, W.SetTarget);
	return c.json(await setTarget(ws, body.url, body.apiKey));
});

target.post('/:ws/target/sandbox', async (c) => {
	const ws = await workspaceOf(c);
	const { profile } = await parseJson(c, W.SandboxRequest);
	return c.json(await startLocalSandbox(ws, profile), 201);
});

target.get('/:ws/target/check', async (c) => c.json(await checkTarget(await workspaceOf(c))));
