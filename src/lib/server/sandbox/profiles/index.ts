// Version profiles. Each flag is a behaviour that differs between Twenty versions, with the
// source that says so; "current" (≈ v2.43) is the default.
import { CURRENT_OBJECTS, V1_5_OBJECTS, V2_20_OBJECTS } from '../metadata/standard/index.js';
import type { ObjectDef } from '../metadata/types.js';

export type ProfileName = 'v1.5' | 'v2.19' | 'v2.20' | 'current';
export const PROFILE_NAMES: ProfileName[] = ['v1.5', 'v2.19', 'v2.20', 'current'];

/** window: v1.x fixed window; floor: v2.x token buckets with floor() refill
 *  (throttler.service.ts); exact: newest usage-limit buckets with fractional refill. */
export type LimiterStyle = 'window' | 'floor' | 'exact';

export interface Profile {
	name: ProfileName;
	objects: ObjectDef[];
	/** Generation of messages and shapes: 1 = v1.x, 2 = v2.x. */
	generation: 1 | 2;
	/** Max records per batch create; null = no check (v1.5 recording 07_1000 → 201). */
	batchMax: number | null;
	/** Silent cap on list limit; null = none (v1.5 recording 14j: limit=500 honoured). */
	listMaxLimit: number | null;
	notFoundStatus: 400 | 404;
	/** A filter on deletedAt finds soft-deleted rows (v2.20 08c; v1.5 09c answered []). */
	deletedAtFilterFindsSoftDeleted: boolean;
	/** Soft-deleted rows keep their unique values (v2.20 08d vs v1.5 09d). */
	softDeletedHoldUnique: boolean;
	/** DELETE ?soft_delete=true honoured (v1.5: ignored, always destroys). */
	honoursSoftDelete: boolean;
	/** PATCH /rest/restore/<plural>/<id> exists (v2.20 08e: invalid path; TWENTY.md §1.1: yes). */
	restoreOneByPath: boolean;
	/** Empty batch array rejected (v1.5 14e) or answered 201 [] (v2.20 07e). */
	rejectEmptyBatch: boolean;
	/** REST record requests are throttled (v1.5 13_rest_*: never). */
	throttlesRecords: boolean;
	/** Metadata requests are throttled (v1.5 13_rest_metadata: yes, as 400). */
	throttlesMetadata: boolean;
	limiter: LimiterStyle;
	/** Request body / upload size limit (settings.storage.maxFileSize, TWENTY.md §1.4, §6). */
	maxFileSize: number;
	/** Composite array subfields default to null (v1.5) or [] (v2.20). */
	emptyArraysAsNull: boolean;
	/** Records carry updatedBy (v2.20 recordings; absent in v1.5). */
	hasUpdatedBy: boolean;
	/** New rows get position 0 (v1.5) or go first, min-1 (v2.20 recordings). */
	prependPosition: boolean;
	/** Emails are canonicalised to lower case (transform-emails-value.util.ts; v1.x too, issue 13). */
	lowercaseEmails: boolean;
	/** REST `?upsert=true` is read (v2.x); v1.x REST ignores it and creates (issue 13; GraphQL's upsert argument is unaffected). */
	restUpsert: boolean;
	/** A soft delete answers the whole record (v2.20 08a) rather than {id}. */
	softDeleteReturnsRecord: boolean;
	/** The file upload mutation of this version [TWENTY.md §6]. */
	upload: 'uploadFile' | 'uploadFilesFieldFile';
	/** RICH_TEXT is called RICH_TEXT_V2 before v1.20 [TWENTY.md §4.2]. */
	richTextType: 'RICH_TEXT' | 'RICH_TEXT_V2';
	/** Records a bulk update/delete may touch (TWENTY.md: MUTATION_MAXIMUM_AFFECTED_RECORDS 100; 2.19 q2_03 destroyed 200 in one call). */
	bulkMax: number;
	/** A FILES item's extension keeps its dot (2.19 q6_03: ".txt"). */
	fileExtensionDot: boolean;
	/** POST /rest/workspaceMembers: 403 PermissionsException, or 2.19's 400 with code PERMISSION_DENIED (q8_06). */
	memberCreate: 'forbidden' | 'permission-denied';
	/** A member record may be updated by API key (v2.19 q8_05: its custom fields); create and delete stay refused. */
	memberUpdate?: boolean;
	/** FILES items are answered with their signed download url (2.19 q6_03, q6_04). */
	filesItemUrl?: boolean;
}

const MB = 1024 * 1024;

const V2_BASE: Omit<Profile, 'name' | 'objects' | 'limiter' | 'restoreOneByPath'> = {
	generation: 2,
	batchMax: 200,
	listMaxLimit: 200,
	notFoundStatus: 404,
	deletedAtFilterFindsSoftDeleted: true,
	softDeletedHoldUnique: true,
	honoursSoftDelete: true,
	rejectEmptyBatch: false,
	throttlesRecords: true,
	throttlesMetadata: false,
	maxFileSize: 100 * MB,
	emptyArraysAsNull: false,
	hasUpdatedBy: true,
	prependPosition: true,
	lowercaseEmails: true,
	restUpsert: true,
	softDeleteReturnsRecord: true,
	upload: 'uploadFilesFieldFile',
	richTextType: 'RICH_TEXT',
	bulkMax: 100,
	fileExtensionDot: false,
	memberCreate: 'forbidden'
};

export const PROFILES: Record<ProfileName, Profile> = {
	'v1.5': {
		name: 'v1.5',
		objects: V1_5_OBJECTS,
		generation: 1,
		batchMax: null,
		listMaxLimit: null,
		notFoundStatus: 400,
		deletedAtFilterFindsSoftDeleted: false,
		softDeletedHoldUnique: false,
		honoursSoftDelete: false,
		restoreOneByPath: true,
		rejectEmptyBatch: true,
		throttlesRecords: false,
		throttlesMetadata: true,
		limiter: 'window',
		maxFileSize: 10 * MB,
		emptyArraysAsNull: true,
		hasUpdatedBy: false,
		prependPosition: false,
		lowercaseEmails: true,
		restUpsert: false,
		softDeleteReturnsRecord: false,
		upload: 'uploadFile',
		richTextType: 'RICH_TEXT_V2',
		bulkMax: 100,
		fileExtensionDot: false,
		memberCreate: 'forbidden'
	},
	// A real Twenty 2.19 server (../shared/twenty-recordings/v2.19-fork); standard objects as v2.20's (same for what Ferry writes).
	'v2.19': {
		...V2_BASE,
		maxFileSize: 10 * MB,
		name: 'v2.19',
		objects: V2_20_OBJECTS,
		limiter: 'floor',
		restoreOneByPath: false,
		bulkMax: 200,
		fileExtensionDot: true,
		memberCreate: 'permission-denied',
		memberUpdate: true,
		filesItemUrl: true
	},
	'v2.20': { ...V2_BASE, name: 'v2.20', objects: V2_20_OBJECTS, limiter: 'floor', restoreOneByPath: false },
	current: { ...V2_BASE, name: 'current', objects: CURRENT_OBJECTS, limiter: 'exact', restoreOneByPath: true }
};

export function getProfile(name: string = 'current'): Profile {
	const p = PROFILES[name as ProfileName];
	if (!p) throw new Error(`unknown sandbox profile '${name}' (expected ${PROFILE_NAMES.join(', ')})`);
	return p;
}
