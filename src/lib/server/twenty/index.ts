// Ferry's client for Twenty (REST, metadata, GraphQL, uploads). See client.ts.
export { createTwentyClient, type TwentyClient, type TwentyClientOptions } from './client.js';
export { TwentyError } from './errors.js';
export type * from './types.js';
export { getTarget, setTarget, targetClient, targetCredentials, markLocalTarget, checkTarget, type TargetInfo } from './target.js';
export {
	compositeProblems,
	isValidEmail,
	isValidLinkUrl,
	normalizeEmail,
	normalizeLinkUrl,
	normalizePhone,
	LINK_URL_REFUSED,
	type PhoneInput,
	type PhoneResult
} from './rules.js';
