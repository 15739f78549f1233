// The rebuild reference of a workspace's automations: blocks for the page, Markdown or HTML to download.
import { Hono } from 'hono';
import { z } from 'zod';
import { workspaceReference } from '../rebuild/index.js';
import { parseQuery, workspaceOf } from './util.js';

export const rebuild = new Hono();

rebuild.get('/:ws/rebuild-reference', async (c) => {
	const ws = await workspaceOf(c);
	const { format } = parseQuery(c, z.object({ format: z.enum(['json', 'md', 'html'], 'format: use json, md or html').default('json') }));
	const ref = await workspaceReference(ws);
	if (format === 'json') return c.json({ blocks: ref.blocks, counts: ref.counts });
	const body = format === 'md' ? ref.markdown : ref.html;
	const type = format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8';
	// A download, never rendered from our origin: the HTML is escaped, and a strict CSP backs that up.
	return c.body(body, 200, {
		'content-type': type,
		'content-disposition': `attachment; filename="${ws.name}-automations.${format}"`,
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
		'x-content-type-options': 'nosniff'
	});
});
