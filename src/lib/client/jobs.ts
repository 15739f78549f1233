// The one way a page follows a long job (import, read-back, rollback, delta push, replay):
// poll /api/jobs/<id> until it ends, hand each progress to the page, answer with the result or
// throw the job's own error sentence as an ApiCallError.
import { JOBS, type JobKind, type ProgressOf, type ResultOf } from '../shared/contracts/jobs.js';
import { routes } from '../shared/contracts/routes.js';
import { ApiCallError, call } from './api.js';

export interface FollowOptions<P> {
	/** Called with the job's progress after every poll that has one. */
	onProgress?: (progress: P) => void;
	/** Stops following (the job itself runs on at the server). */
	signal?: AbortSignal;
	/** Milliseconds between polls. */
	every?: number;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const t = setTimeout(() => (signal?.removeEventListener('abort', stop), resolve()), ms);
		const stop = () => (clearTimeout(t), reject(signal!.reason));
		signal?.addEventListener('abort', stop, { once: true });
	});
}

/**
 * Follows job `id` of `kind` to its end: its result when done, held to the kind's schema
 * (contracts/jobs.ts); an ApiCallError with the job's error when it failed.
 */
export async function followJob<K extends JobKind>(kind: K, id: string, o: FollowOptions<ProgressOf<K>> = {}): Promise<ResultOf<K>> {
	const spec = JOBS[kind];
	for (;;) {
		const job = await call(routes.job, { params: { id }, signal: o.signal });
		if (job.kind !== kind) throw new ApiCallError(200, `job ${id} is a ${job.kind} job, not ${kind}`);
		if (job.progress != null) o.onProgress?.(spec.progress.parse(job.progress) as ProgressOf<K>);
		if (job.status === 'done') return spec.result.parse(job.result) as ResultOf<K>;
		if (job.status === 'failed')
			throw new ApiCallError(200, job.error ?? `the ${job.kind} job failed without saying why; see the server log`);
		await pause(o.every ?? 400, o.signal);
	}
}
