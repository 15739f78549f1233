// The one way a page follows a long job (import, read-back, rollback, delta push, replay):
// poll /api/jobs/<id> until it ends, hand each progress to the page, answer with the result or
// throw the job's own error sentence as an ApiCallError.
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

/** Follows job `id` to its end: its result when done; an ApiCallError with the job's error when it failed. */
export async function followJob<R = unknown, P = unknown>(id: string, o: FollowOptions<P> = {}): Promise<R> {
	for (;;) {
		const job = await call(routes.job, { params: { id }, signal: o.signal });
		if (job.progress != null) o.onProgress?.(job.progress as P);
		if (job.status === 'done') return job.result as R;
		if (job.status === 'failed')
			throw new ApiCallError(200, job.error ?? `the ${job.kind} job failed without saying why; see the server log`);
		await pause(o.every ?? 400, o.signal);
	}
}
