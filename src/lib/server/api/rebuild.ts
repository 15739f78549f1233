// The rebuild reference of a workspace's automations: blocks for the page, Markdown or HTML to download.
import { Hono } from 'hono';

import { workspaceReference } from '../rebuild/index.js';
import { parseQuery, workspaceOf } from './util.js';
import { RebuildQuery } from '../../shared/contracts/recipes.js';

export const rebuild = new Hono();

rebuild.get('/:ws/rebuild-reference', async (c) => {
	const ws = await workspaceOf(c);
	const { format } = parseQuery(c, RebuildQuery);
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
