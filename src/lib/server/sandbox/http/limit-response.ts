// What a throttled request gets, per version:
//  - v1.5 (13_*_LIMIT20): REST metadata → 400 "Too many requests."; GraphQL → 200 with an
//    INTERNAL_SERVER_ERROR "Too many requests." error. REST records are not throttled.
//  - v2.20 (13_rate_limit_rest_get_people_default): 429 {"error":"HttpException","messages":
//    ["Limit reached (100 tokens per 60000 ms)"]}, no Retry-After.
//  - current: the usage-limit module's 429 with Retry-After and X-RateLimit-* headers and a
//    retryAfterSeconds body [TWENTY.md §3.1 "Newest code"; body fields unconfirmed].
import type { Profile } from '../profiles/index.js';
import { ApiError } from './errors.js';
import type { LimitResult } from './rate-limit.js';

type Refusal = Extract<LimitResult, { ok: false }>;

const limitMessage = (r: Refusal) => `Limit reached (${r.bucket.limit} tokens per ${Math.round(r.bucket.ttlMs)} ms)`;

export function restLimitError(profile: Profile, r: Refusal): ApiError {
	if (profile.limiter === 'window') return new ApiError(400, { statusCode: 400, messages: ['Too many requests.'], error: 'Bad Request' });
	if (profile.limiter === 'floor')
		return new ApiError(429, { statusCode: 429, error: 'HttpException', messages: [limitMessage(r)] }, 'TOO_MANY_REQUESTS');
	const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
	const period = Math.max(1, Math.round(r.bucket.ttlMs / 1000));
	return new ApiError(
		429,
		{
			statusCode: 429,
			error: 'RATE_LIMITED',
			messages: [`Rate limit exceeded for apiKey: ${r.bucket.limit} requests per ${period}s.`],
			limitKind: 'speed',
			exhaustedKind: 'limit',
			scope: { spenderType: 'apiKey', operationType: 'api' },
			limit: r.bucket.limit,
			remaining: 0,
			periodCount: period,
			periodUnit: 'second',
			retryAfterSeconds: seconds
		},
		'TOO_MANY_REQUESTS',
		{
			'Retry-After': String(seconds),
			'X-RateLimit-Limit': String(r.bucket.limit),
			'X-RateLimit-Remaining': '0',
			'X-RateLimit-Reset': String(seconds)
		}
	);
}

export function graphqlLimitError(profile: Profile, r: Refusal): { message: string; extensions: Record<string, unknown> } {
	if (profile.limiter === 'window')
		return { message: 'Too many requests.', extensions: { code: 'INTERNAL_SERVER_ERROR', userFriendlyMessage: 'An error occurred.' } };
	const e = restLimitError(profile, r);
	const body = e.body as { retryAfterSeconds?: number };
	return {
		message: e.message,
		extensions: { code: 'TOO_MANY_REQUESTS', ...(body.retryAfterSeconds ? { retryAfterSeconds: body.retryAfterSeconds } : {}) }
	};
}
