// Sandbox-only endpoints under /__sandbox (same API key): read-only state for tests, reset,
// faults and rate-limit settings changeable at run time, and the recent request log.
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxCore } from '../core.js';
import { faultSchema } from '../http/faults.js';
import { resolveRateLimit } from '../options.js';

const bucket = z.object({ limit: z.number().int().min(1).optional(), ttlMs: z.number().positive().optional() }).strict();
const rateLimitSchema = z
	.object({
		enabled: z.boolean().optional(),
		short: bucket.optional(),
		long: bucket.optional(),
		window: bucket.optional(),
		scale: z.number().positive().optional()
	})
	.strict();

export function sandboxState(core: SandboxCore) {
	const objects = Object.fromEntries(core.store.objectNames().map((n) => [n, core.store.table(n).counts()]));
	return {
		profile: core.profile.name,
		objects,
		requests: { total: core.stats.total, byStatus: core.stats.byStatus, injected: core.stats.injected },
		rateLimited: core.limiter.limited,
		files: core.files.files.size,
		rateLimit: core.limiter.settings,
		faults: core.faults.config
	};
}

async function jsonBody(req: Request): Promise<unknown> {
	try {
		return await req.json();
	} catch {
		return {};
	}
}

export function controlRoutes(core: SandboxCore): Hono {
	const app = new Hono();
	app.get('/state', (c) => c.json(sandboxState(core)));
	app.post('/reset', (c) => {
		core.reset();
		return c.json(sandboxState(core));
	});
	app.get('/faults', (c) => c.json(core.faults.config));
	app.put('/faults', async (c) => {
		const parsed = faultSchema.safeParse(await jsonBody(c.req.raw));
		if (!parsed.success)
			return c.json(
				{ statusCode: 400, error: 'Bad Request', messages: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
				400
			);
		return c.json(core.faults.set(parsed.data));
	});
	app.get('/rate-limit', (c) => c.json(core.limiter.settings));
	app.put('/rate-limit', async (c) => {
		const parsed = rateLimitSchema.safeParse(await jsonBody(c.req.raw));
		if (!parsed.success)
			return c.json(
				{ statusCode: 400, error: 'Bad Request', messages: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
				400
			);
		core.limiter.settings = resolveRateLimit(parsed.data, core.limiter.settings);
		core.limiter.reset();
		return c.json(core.limiter.settings);
	});
	app.get('/requests', (c) => c.json({ requests: core.stats.recent(Number(c.req.query('limit') ?? 100)) }));
	return app;
}
