import { Hono } from 'hono';
import type { z } from 'zod';
import { checkTarget, getTarget, setTarget, type TargetInfo } from '../twenty/index.js';
import type { Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';
import { parseJson, workspaceOf } from './util.js';
import * as W from '../../shared/contracts/workspaces.js';

/** Starts a local Twenty sandbox as the workspace's target; given by the composition (sandbox/local.ts). */
export type StartSandbox = (ws: Workspace, profile: z.infer<typeof W.SandboxRequest>['profile']) => Promise<TargetInfo>;

export function targetApi(startSandbox?: StartSandbox): Hono {
	const target = new Hono();

	target.get('/:ws/target', async (c) => c.json(await getTarget(await workspaceOf(c))));

	target.put('/:ws/target', async (c) => {
		const ws = await workspaceOf(c);
		const body = await parseJson(c, W.SetTarget);
		return c.json(await setTarget(ws, body.url, body.apiKey));
	});

	target.post('/:ws/target/sandbox', async (c) => {
		const ws = await workspaceOf(c);
		const { profile } = await parseJson(c, W.SandboxRequest);
		if (!startSandbox) throw new FerryError('this server runs without the local sandbox: set a Twenty target instead', 409);
		return c.json(await startSandbox(ws, profile), 201);
	});

	target.get('/:ws/target/check', async (c) => c.json(await checkTarget(await workspaceOf(c))));
	return target;
}
