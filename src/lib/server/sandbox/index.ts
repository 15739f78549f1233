// Ferry's Twenty sandbox: a local server that answers like Twenty's API for what Ferry uses.
//   const sb = createSandbox({ profile: 'current' });
//   const { url, close } = await sb.listen();   // or sb.app.fetch(request) in-process
import type { Hono } from 'hono';
import { buildApp } from './app.js';
import { sandboxState } from './control/index.js';
import { SandboxCore } from './core.js';
import type { FaultConfig, FaultInput } from './http/faults.js';
import type { RateLimitSettings } from './http/rate-limit.js';
import { resolveOptions, resolveRateLimit, type RateLimitOptions, type SandboxOptions } from './options.js';
import { StateFile } from './persist/index.js';
import type { ProfileName } from './profiles/index.js';
import type { Store } from './records/store.js';
import { listen, type Listening } from './server.js';

export type { SandboxOptions, RateLimitOptions, MemberSeed } from './options.js';
export type { FaultConfig, FaultInput } from './http/faults.js';
export type { RateLimitSettings } from './http/rate-limit.js';
export type { ProfileName } from './profiles/index.js';
export { PROFILES, PROFILE_NAMES } from './profiles/index.js';
export type { Listening } from './server.js';

export interface Sandbox {
	app: Hono;
	readonly store: Store;
	readonly core: SandboxCore;
	readonly apiKey: string;
	readonly profile: ProfileName;
	/** Empties the workspace: records, custom metadata, files, counters, rate-limit buckets. */
	reset(): void;
	state(): ReturnType<typeof sandboxState>;
	setFaults(faults: FaultInput): FaultConfig;
	setRateLimit(settings: RateLimitOptions | false): RateLimitSettings;
	listen(port?: number, host?: string): Promise<Listening>;
	/** Writes the state file, if any. listen()'s close() calls it too. */
	flush(): Promise<void>;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
	const resolved = resolveOptions(options);
	const core = new SandboxCore(resolved);
	const stateFile = resolved.stateFile ? new StateFile(core, resolved.stateFile) : null;
	stateFile?.load();
	if (stateFile) core.onChange(() => stateFile.schedule());
	const app = buildApp(core);
	const flush = async () => {
		await stateFile?.flush();
	};
	return {
		app,
		core,
		get store() {
			return core.store;
		},
		apiKey: resolved.apiKey,
		profile: resolved.profile.name,
		reset: () => core.reset(),
		state: () => sandboxState(core),
		setFaults: (f) => core.faults.set(f),
		setRateLimit: (s) => {
			core.limiter.settings = resolveRateLimit(s, core.limiter.settings);
			core.limiter.reset();
			return core.limiter.settings;
		},
		listen: (port = 0, host = '127.0.0.1') => listen(app, core.hung, port, host, flush),
		flush
	};
}
