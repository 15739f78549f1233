// HTTP concerns around the API: auth, rate limiting, fault injection, counters, error bodies.
export { auth } from './auth.js';
export { observe } from './observe.js';
export { RateLimiter, DEFAULT_RATE_LIMIT, type RateLimitSettings } from './rate-limit.js';
export { FaultInjector, faultSchema, type FaultConfig, type FaultInput } from './faults.js';
export { ApiError } from './errors.js';
