// The shapes Ferry reads from Twenty. Thin on purpose: fields Ferry does not use stay unknown.

export interface TwentyRecord {
	id: string;
	[field: string]: unknown;
}

export interface PageInfo {
	hasNextPage: boolean;
	/** Absent on v1.x servers. */
	hasPreviousPage?: boolean;
	startCursor: string | null;
	endCursor: string | null;
}

export interface Page<T> {
	records: T[];
	totalCount: number;
	pageInfo: PageInfo;
}

export interface ListOptions {
	/** REST filter, e.g. `emails.primaryEmail[eq]:a@b.c` or `and(a[eq]:1,b[gt]:2)`. */
	filter?: string;
	/** e.g. `name.lastName[AscNullsFirst],createdAt[DescNullsLast]`. */
	orderBy?: string;
	/** Default 60, capped at 200 by v2 servers. */
	limit?: number;
	startingAfter?: string;
	endingBefore?: string;
	depth?: 0 | 1;
	fields?: string[];
}

export interface FieldMetadata {
	id: string;
	name: string;
	label: string;
	type: string;
	isNullable?: boolean;
	isUnique?: boolean;
	/** v1.x only; v2 tells custom fields apart by applicationId. */
	isCustom?: boolean;
	isSystem?: boolean;
	defaultValue?: unknown;
	/** RATING options carry no color (recorded on v1.5 and v2.20). */
	options?: Array<{ id?: string; value: string; label: string; color?: string; position: number }> | null;
	settings?: Record<string, unknown> | null;
	relation?: unknown;
	[key: string]: unknown;
}

export interface ObjectMetadata {
	id: string;
	nameSingular: string;
	namePlural: string;
	labelSingular: string;
	labelPlural: string;
	isCustom?: boolean;
	isSystem?: boolean;
	fields: FieldMetadata[];
	[key: string]: unknown;
}

export interface CreateObjectInput {
	nameSingular: string;
	namePlural: string;
	labelSingular: string;
	labelPlural: string;
	description?: string;
	icon?: string;
}

export interface CreateFieldInput {
	objectMetadataId: string;
	type: string;
	name: string;
	label: string;
	description?: string;
	icon?: string;
	isNullable?: boolean;
	isUnique?: boolean;
	defaultValue?: unknown;
	options?: Array<{ value: string; label: string; color: string; position: number }>;
	relationCreationPayload?: {
		targetObjectMetadataId: string;
		targetFieldLabel: string;
		targetFieldIcon: string;
		type: 'MANY_TO_ONE' | 'ONE_TO_MANY';
	};
	[key: string]: unknown;
}

export interface UploadedFile {
	id: string;
	path: string;
	size: number;
	/** Absent when the mutation does not ask for them. */
	createdAt?: string;
	url?: string;
}
