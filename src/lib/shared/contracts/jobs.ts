// Long work the API runs as a job (GET /api/jobs/:id): each kind's progress and result. The
// server's startJob is typed by them, the browser's followJob parses with them, and the job
// answer is held to them, so a result that drifts fails where it is read.
import { z } from 'zod';
import { Job } from './common.js';
import { DeltaPushed, DeltaPushProgress, DeltaRolledBack } from './delta.js';
import { RunProgress } from './loader.js';
import { ReplayProgress, ReplaySummary } from './recipes.js';
import { ImportProgress, ImportResult } from './workspaces.js';

/** A job with no progress to show: the page shows that it runs. */
const None = z.null();

export const ReadBackResult = z.object({ records: z.record(z.string(), z.number()), requests: z.number() });
export type ReadBackResult = z.infer<typeof ReadBackResult>;
export const RollbackResult = z.object({
	runId: z.number(),
	destroyed: z.number(),
	restored: z.number(),
	/** Ids still found in Twenty after the rollback (must be 0). */
	remaining: z.number(),
	requests: z.number()
});
export type RollbackResult = z.infer<typeof RollbackResult>;

export const JOBS = {
	import: { progress: ImportProgress, result: ImportResult },
	push: { progress: RunProgress, result: RunProgress },
	readback: { progress: None, result: ReadBackResult },
	rollback: { progress: None, result: RollbackResult },
	'delta.push': { progress: DeltaPushProgress, result: DeltaPushed },
	'delta.rollback': { progress: None, result: DeltaRolledBack },
	'recipe-replay': { progress: ReplayProgress, result: ReplaySummary }
} as const;
export type JobKind = keyof typeof JOBS;
export type ProgressOf<K extends JobKind> = z.infer<(typeof JOBS)[K]['progress']>;
export type ResultOf<K extends JobKind> = z.infer<(typeof JOBS)[K]['result']>;

const isKind = (k: string): k is JobKind => Object.hasOwn(JOBS, k);

/** A job as the API answers it: its progress and, once done, its result held to its kind's schemas. */
export const JobAnswer = Job.superRefine((job, ctx) => {
	if (!isKind(job.kind)) return ctx.addIssue({ code: 'custom', path: ['kind'], message: `an unknown job kind '${job.kind}'` });
	const spec = JOBS[job.kind];
	const check = (key: 'progress' | 'result', schema: z.ZodType) => {
		const parsed = schema.safeParse(job[key]);
		if (!parsed.success)
			for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [key, ...issue.path], message: issue.message });
	};
	if (job.progress != null) check('progress', spec.progress);
	if (job.status === 'done') check('result', spec.result);
});
export const JobsAnswer = z.object({ jobs: z.array(JobAnswer) });
