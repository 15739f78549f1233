// The browser's API client: one typed `call()` per route contract, and one job follower.
export { ApiCallError, call, callRaw, errorOf, hrefOf, isAbort, openEvents, send, type CallOptions } from './api.js';
export { followJob, type FollowOptions } from './jobs.js';
export { upload, type UploadOptions } from './upload.js';
export { routes } from '../shared/contracts/routes.js';
