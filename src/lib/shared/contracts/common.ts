// Pieces every contract uses: names, paging, the error answer, jobs.
import { z } from 'zod';

export const WORKSPACE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const WorkspaceName = z.string().regex(WORKSPACE_NAME, 'use lower-case letters, digits, - or _ (at most 63)');

export const Paging = z.object({
	offset: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(10_000).default(100)
});

/** Every refusal and failure: a sentence for the person; `errorId` when the server failed unexpectedly (its log has the same id). */
export const ErrorAnswer = z.object({ error: z.string(), errorId: z.string().optional(), untrusted: z.string().optional() });
export type ErrorAnswer = z.infer<typeof ErrorAnswer>;

/** A long piece of work the page follows at /api/jobs/<id> (each kind's progress and result: jobs.ts). */
export const JobStatus = z.enum(['running', 'done', 'failed']);
export const Job = z.object({
	id: z.string(),
	kind: z.string(),
	workspace: z.string(),
	status: JobStatus,
	progress: z.unknown(),
	result: z.unknown(),
	error: z.string().nullable(),
	startedAt: z.string(),
	endedAt: z.string().nullable()
});
export type Job = z.infer<typeof Job>;
/** 202 answers that start a job (the loader's routes say jobId, the others job). */
export const JobStarted = z.object({ job: z.string() });
export const JobIdStarted = z.object({ jobId: z.string() });

/** An empty or optional JSON body. */
export const NoBody = z.object({}).strict().optional();
