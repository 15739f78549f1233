import type { MetadataRegistry } from '../metadata/registry.js';
import type { Profile } from '../profiles/index.js';
import type { Store } from './store.js';
import type { ValueContext } from './values.js';

/** The API-key actor written into createdBy/updatedBy [TWENTY.md §4.1]. */
export interface Actor {
	source: string;
	workspaceMemberId: string | null;
	name: string;
	context: Record<string, unknown>;
}

export interface RecordContext {
	profile: Profile;
	registry: MetadataRegistry;
	store: Store;
	now: () => number;
	actor: Actor;
	/** Postgres schema name of the workspace (v1.x messages quote it). */
	schemaName: string;
	fileExtension: (fileId: string) => string | undefined;
	/** A stored file's signed download URL, as 2.x answers it in FILES items (v2.19 q6_03). */
	fileUrl?: (fileId: string, origin: string) => string | undefined;
}

export const valueContext = (ctx: RecordContext, object: string): ValueContext => ({
	profile: ctx.profile,
	schema: ctx.schemaName,
	object,
	fileExtension: ctx.fileExtension
});

export const isoNow = (ctx: RecordContext): string => new Date(ctx.now()).toISOString();
