// Long work (imports, pushes, read-backs, rollbacks, recipe replays) runs as a job the UI can watch
// instead of one HTTP request that hangs. Jobs live in memory: they are about this server's life
// only. Work that must not overlap waits its turn in the workspace's queue (ws.oneAtATime).
import { randomUUID } from 'node:crypto';
import { errorKind, log } from '../log/index.js';
import { plainMessage } from '../plain-errors.js';
import type { JobKind, ProgressOf, ResultOf } from '../../shared/contracts/jobs.js';

export interface Job<P = unknown, R = unknown> {
	id: string;
	kind: string;
	workspace: string;
	status: 'running' | 'done' | 'failed';
	progress: P | null;
	result: R | null;
	error: string | null;
	startedAt: string;
	endedAt: string | null;
}

// Module-level on purpose: a job is found by its id alone (GET /jobs/<id>), and it outlives the
// workspace handle that started it (a workspace closed or deleted mid-job keeps its answer).
const jobs = new Map<string, Job>();
const KEEP = 200;
/** Each job's end, for a caller that waits (`?wait=true`) instead of polling; kept off the JSON answer. */
const ends = new WeakMap<Job, Promise<Job>>();

/** Starts `work` as a job of `kind`, whose progress and result are the kind's (contracts/jobs.ts). */
export function startJob<K extends JobKind>(
	kind: K,
	workspace: string,
	work: (report: (p: ProgressOf<K>) => void) => Promise<ResultOf<K>>
): Job<ProgressOf<K>, ResultOf<K>> {
	const job: Job<ProgressOf<K>, ResultOf<K>> = {
		id: randomUUID(),
		kind,
		workspace,
		status: 'running',
		progress: null,
		result: null,
		error: null,
		startedAt: new Date().toISOString(),
		endedAt: null
	};
	jobs.set(job.id, job as Job);
	if (jobs.size > KEEP) jobs.delete(jobs.keys().next().value!);
	log.debug('job.start', { job: job.id, kind, ws: workspace });
	const end = work((p) => (job.progress = p)).then(
		(r) => (
			Object.assign(job, { status: 'done', result: r, endedAt: new Date().toISOString() }),
			log.debug('job.done', { job: job.id, kind, ms: Date.parse(job.endedAt!) - Date.parse(job.startedAt) })
		),
		(e: unknown) => (
			Object.assign(job, { status: 'failed', error: plainMessage(e), endedAt: new Date().toISOString() }),
			log.warn('job.failed', { job: job.id, kind, error: errorKind(e) })
		)
	);
	ends.set(
		job as Job,
		end.then(() => job as Job)
	);
	return job;
}

/** Resolves when the job is done or failed (never rejects: the job holds its error). */
export function jobEnded<P, R>(job: Job<P, R>): Promise<Job<P, R>> {
	return (ends.get(job as Job) ?? Promise.resolve(job)) as Promise<Job<P, R>>;
}

export function getJob(id: string): Job | undefined {
	return jobs.get(id);
}

export function listJobs(workspace: string): Job[] {
	return [...jobs.values()].filter((j) => j.workspace === workspace).reverse();
}
