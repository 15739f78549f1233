// createSandbox options and their defaults.
import { randomBytes } from 'node:crypto';
import type { FaultInput } from './http/faults.js';
import { DEFAULT_RATE_LIMIT, type Bucket, type RateLimitSettings } from './http/rate-limit.js';
import { stableUuid } from './metadata/ids.js';
import { getProfile, type Profile, type ProfileName } from './profiles/index.js';

export interface MemberSeed {
	email: string;
	firstName: string;
	lastName: string;
}

export interface RateLimitOptions {
	enabled?: boolean;
	short?: Partial<Bucket>;
	long?: Partial<Bucket>;
	window?: Partial<Bucket>;
	scale?: number;
}

export interface SandboxOptions {
	/** Which Twenty to imitate; default 'current' (≈ v2.43). */
	profile?: ProfileName;
	/** Bearer key clients must send; default a random one. */
	apiKey?: string;
	/** More valid keys of the same workspace: they share its rate-limit budget. */
	extraApiKeys?: string[];
	/** Name written into createdBy for API writes (recordings: "My api key"). */
	apiKeyName?: string;
	/** false disables rate limiting; otherwise overrides of Twenty's defaults. */
	rateLimit?: false | RateLimitOptions;
	/** Upload and JSON body limit in bytes; default per profile (10 MB v1.x, 100 MB v2.x). */
	maxFileSize?: number;
	/** JSON snapshot loaded on start and saved on change and close. */
	stateFile?: string;
	faults?: FaultInput;
	/** Workspace members (cannot be created through the API in Twenty). */
	members?: MemberSeed[];
	/** Injectable clock (ms since epoch) for exact rate-limit tests. */
	now?: () => number;
	workspaceId?: string;
}

export const DEFAULT_MEMBERS: MemberSeed[] = [
	{ email: 'owner@ferry-clinic.example', firstName: 'Olivia', lastName: 'Owner' },
	{ email: 'frontdesk@ferry-clinic.example', firstName: 'Frank', lastName: 'Desk' }
];

export interface ResolvedOptions {
	profile: Profile;
	apiKey: string;
	extraApiKeys: string[];
	apiKeyName: string;
	rateLimit: RateLimitSettings;
	maxFileSize: number;
	stateFile?: string;
	faults: FaultInput;
	members: MemberSeed[];
	now: () => number;
	workspaceId: string;
}

export function resolveRateLimit(o: SandboxOptions['rateLimit'], base = DEFAULT_RATE_LIMIT): RateLimitSettings {
	if (o === false) return { ...base, enabled: false };
	return {
		enabled: o?.enabled ?? base.enabled,
		short: { ...base.short, ...o?.short },
		long: { ...base.long, ...o?.long },
		window: { ...base.window, ...o?.window },
		scale: o?.scale ?? base.scale
	};
}

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
	const profile = getProfile(o.profile ?? 'current');
	return {
		profile,
		apiKey: o.apiKey ?? `sandbox_${randomBytes(18).toString('base64url')}`,
		extraApiKeys: o.extraApiKeys ?? [],
		apiKeyName: o.apiKeyName ?? 'My api key',
		rateLimit: resolveRateLimit(o.rateLimit),
		maxFileSize: o.maxFileSize ?? profile.maxFileSize,
		stateFile: o.stateFile,
		faults: o.faults ?? {},
		members: o.members ?? DEFAULT_MEMBERS,
		now: o.now ?? Date.now,
		workspaceId: o.workspaceId ?? stableUuid('workspace')
	};
}
