// The shapes of Twenty's metadata as the sandbox keeps it. Standard definitions (ObjectDef,
// FieldDef) come from recordings; the registry turns them into metadata with ids (ObjectMeta,
// FieldMeta), and custom objects and fields are added at run time.

export const FIELD_TYPES = [
	'ACTOR',
	'ADDRESS',
	'ARRAY',
	'BOOLEAN',
	'CURRENCY',
	'DATE',
	'DATE_TIME',
	'EMAILS',
	'FILES',
	'FULL_NAME',
	'LINKS',
	'MORPH_RELATION',
	'MULTI_SELECT',
	'NUMBER',
	'NUMERIC',
	'PHONES',
	'POSITION',
	'RATING',
	'RAW_JSON',
	'RELATION',
	'RICH_TEXT',
	'RICH_TEXT_V2',
	'SELECT',
	'TEXT',
	'TS_VECTOR',
	'UUID'
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type RelationType = 'MANY_TO_ONE' | 'ONE_TO_MANY';
export type OnDelete = 'CASCADE' | 'SET_NULL';

export interface RelationDef {
	type: RelationType;
	/** nameSingular of the object on the other side. */
	target: string;
	/** Name of the field on the other side. */
	inverse: string;
	/** MANY_TO_ONE only: the column holding the target's id, e.g. companyId. */
	joinColumn?: string;
	onDelete?: OnDelete;
}

export interface OptionDef {
	value: string;
	label: string;
	color: string;
	position: number;
}

export interface FieldDef {
	name: string;
	label: string;
	type: FieldType | string;
	icon?: string | null;
	description?: string | null;
	isNullable: boolean;
	isUnique?: boolean;
	isSystem?: boolean;
	defaultValue?: unknown;
	options?: OptionDef[];
	settings?: Record<string, unknown>;
	relation?: RelationDef;
}

export interface ObjectDef {
	nameSingular: string;
	namePlural: string;
	labelSingular: string;
	labelPlural: string;
	description?: string | null;
	icon?: string | null;
	isSystem: boolean;
	labelIdentifier: string;
	/** Field shown as the record's image (avatarUrl on person and workspaceMember). */
	imageIdentifier?: string;
	/** Column groups findDuplicates compares (v2 metadata lists them on person and company). */
	duplicateCriteria?: string[][];
	/** Keyboard shortcut letter the UI shows (v2 metadata lists it). */
	shortcut?: string;
	fields: FieldDef[];
}

export interface SelectOption extends OptionDef {
	id: string;
}

export interface FieldMeta extends Omit<FieldDef, 'options' | 'type'> {
	id: string;
	objectId: string;
	type: FieldType;
	isCustom: boolean;
	isUnique: boolean;
	isSystem: boolean;
	options: SelectOption[] | null;
	/** false once deactivated (PATCH isActive:false), the step before a delete; absent = true. */
	isActive?: boolean;
	createdAt: string;
	updatedAt: string;
}

export interface ObjectMeta extends Omit<ObjectDef, 'fields'> {
	id: string;
	isCustom: boolean;
	isActive?: boolean;
	fields: FieldMeta[];
	createdAt: string;
	updatedAt: string;
}
