import { Hono } from 'hono';
import { z } from 'zod';
import { checkTarget, getTarget, setTarget, startLocalSandbox } from '../twenty/index.js';
import { parseJson, workspaceOf } from './util.js';

export const target = new Hono();

target.get('/:ws/target', async (c) => c.json(await getTarget(await workspaceOf(c))));

target.put('/:ws/target', async (c) => {
	const ws = await workspaceOf(c);
	const body = await parseJson(c, z.object({ url: z.url('url: give the Twenty base URL, e.g. https://crm.example.com'), apiKey: z.string().min(10).optional() }));
	return c.json(await setTarget(ws, body.url, body.apiKey));
});

target.post('/:ws/target/sandbox', async (c) => {
	const ws = await workspaceOf(c);
	const { profile } = await parseJson(c, z.object({ profile: z.enum(['current', 'v2.20', 'v1.5']).default('current') }).default({ profile: 'current' }));
	return c.json(await startLocalSandbox(ws, profile), 201);
});

target.get('/:ws/target/check', async (c) => c.json(await checkTarget(await workspaceOf(c))));
