// The Twenty target: one click starts the local sandbox and points the workspace at it;
// the API key never comes back in an answer and is stored 0600.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/server/api/index.js';
import { startLocalSandbox, stopLocalSandboxes } from '../../src/lib/server/sandbox/local.js';
import { freshWorkspace } from '../helpers.js';
import { apiCaller } from '../support/api.js';

const api = createApi({ token: 't0ken', startSandbox: startLocalSandbox });
const call = apiCaller(api, { token: 't0ken' });

afterAll(stopLocalSandboxes);

describe('Twenty target', () => {
	it('one click: the local sandbox becomes the target and answers with its metadata', async () => {
		const ws = await freshWorkspace('target');
		const res = await call(`/workspaces/${ws.name}/target/sandbox`, { method: 'POST', json: {} });
		expect(res.status).toBe(201);
		const info = await res.json();
		expect(info).toMatchObject({ sandbox: true, keySource: 'file' });
		expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const check = await (await call(`/workspaces/${ws.name}/target/check`)).json();
		expect(check.ok).toBe(true);
		expect(check.objects).toBeGreaterThan(5);
		expect(fs.statSync(path.join(ws.dir, 'twenty-api-key')).mode & 0o777).toBe(0o600);
	});

	it('a set key is stored 0600 and never returned; a bad URL names the field', async () => {
		const ws = await freshWorkspace('target');
		const secret = 'sk-live-abcdefghijklmnop';
		const res = await call(`/workspaces/${ws.name}/target`, { method: 'PUT', json: { url: 'https://crm.example.com/', apiKey: secret } });
		const text = await res.text();
		expect(res.status).toBe(200);
		expect(text).not.toContain(secret);
		expect(JSON.parse(text)).toEqual({ url: 'https://crm.example.com', keySource: 'file', sandbox: false });
		const audit = await ws.all<{ detail: string }>(`select detail::varchar as detail from ferry.audit_log`);
		expect(JSON.stringify(audit)).not.toContain(secret);
		const bad = await call(`/workspaces/${ws.name}/target`, { method: 'PUT', json: { url: 'not a url' } });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/^url: /);
	});
});
