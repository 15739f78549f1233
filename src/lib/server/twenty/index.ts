// Ferry's client for Twenty (REST, metadata, GraphQL, uploads). See client.ts.
export { createTwentyClient, type TwentyClient, type TwentyClientOptions } from './client.js';
export { TwentyError } from './errors.js';
export type * from './types.js';
export { getTarget, setTarget, targetClient, targetCredentials, TargetError, startLocalSandbox, stopLocalSandboxes, checkTarget, type TargetInfo } from './target.js';
