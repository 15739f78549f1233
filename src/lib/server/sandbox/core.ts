// The sandbox's state and services, shared by every route: metadata, records, files, the
// rate limiter, fault injection and counters. reset() rebuilds the workspace from scratch.
import { createHash } from 'node:crypto';
import { FileStore } from './files/index.js';
import { FaultInjector } from './http/faults.js';
import { RateLimiter } from './http/rate-limit.js';
import { Stats } from './http/stats.js';
import { stableUuid } from './metadata/ids.js';
import { MetadataRegistry } from './metadata/registry.js';
import type { ResolvedOptions } from './options.js';
import type { Profile } from './profiles/index.js';
import type { Actor, RecordContext } from './records/context.js';
import { createRecords } from './records/mutations.js';
import { Store } from './records/store.js';

export class SandboxCore {
	readonly profile: Profile;
	readonly actor: Actor;
	readonly schemaName: string;
	readonly limiter: RateLimiter;
	readonly faults: FaultInjector;
	readonly stats = new Stats();
	/** Hung requests waiting for their client; released when the server closes. */
	readonly hung = new Set<() => void>();
	registry!: MetadataRegistry;
	store!: Store;
	files!: FileStore;
	private changeListeners: Array<() => void> = [];

	constructor(readonly options: ResolvedOptions) {
		this.profile = options.profile;
		this.actor = { source: 'API', workspaceMemberId: null, name: options.apiKeyName, context: {} };
		this.schemaName = `workspace_${BigInt('0x' + createHash('sha1').update(options.workspaceId).digest('hex'))
			.toString(36)
			.slice(0, 25)}`;
		this.limiter = new RateLimiter(this.profile.limiter, options.rateLimit, options.now);
		this.faults = new FaultInjector(options.faults);
		this.reset();
	}

	now = (): number => this.options.now();

	/** A fresh workspace: standard metadata, seeded workspace members, no records. */
	reset(): void {
		this.install(MetadataRegistry.fromDefs(this.profile.objects, new Date(this.now()).toISOString()), new FileStore());
		this.seedMembers();
		this.limiter.reset();
		this.stats.reset();
		this.changed();
	}

	install(registry: MetadataRegistry, files: FileStore): void {
		this.registry = registry;
		this.store = new Store(registry);
		this.files = files;
		this.store.onChange(() => this.changed());
	}

	recordContext(actor: Actor = this.actor): RecordContext {
		return {
			profile: this.profile,
			registry: this.registry,
			store: this.store,
			now: this.now,
			actor,
			schemaName: this.schemaName,
			fileExtension: (id) => this.files.extension(id, this.profile.fileExtensionDot),
			fileUrl: (id, origin) => {
				const f = this.profile.filesItemUrl ? this.files.files.get(id) : undefined;
				return f && `${origin}/file/files-field/${f.id}?token=${f.token}`;
			}
		};
	}

	/** Call after metadata changed: tables pick up new fields and unique indexes. */
	metadataChanged(): void {
		this.store.refreshSchemas();
		this.changed();
	}

	onChange(fn: () => void): void {
		this.changeListeners.push(fn);
	}

	changed(): void {
		for (const fn of this.changeListeners) fn();
	}

	private seedMembers(): void {
		const system: Actor = { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: {} };
		const rows = this.options.members.map((m) => ({
			id: stableUuid(`member:${m.email.toLowerCase()}`),
			name: { firstName: m.firstName, lastName: m.lastName },
			userEmail: m.email.toLowerCase(),
			userId: stableUuid(`user:${m.email.toLowerCase()}`)
		}));
		if (rows.length) createRecords(this.recordContext(system), 'workspaceMember', rows, false);
	}
}
