// Metadata as each version's REST metadata API prints it: v1.5 (11b v1.5) with isCustom and a
// relation object; v2.20 (11b v2.20) with universalIdentifier/applicationId, relation details
// folded into settings, null-valued keys left out of lists.
import type { Profile } from '../profiles/index.js';
import { stableUuid } from './ids.js';
import type { MetadataRegistry } from './registry.js';
import type { FieldMeta, ObjectMeta } from './types.js';

export const STANDARD_APP_ID = stableUuid('application:standard');
export const CUSTOM_APP_ID = stableUuid('application:custom');

export interface MetaView {
	profile: Profile;
	registry: MetadataRegistry;
	workspaceId: string;
}

const appId = (custom: boolean) => (custom ? CUSTOM_APP_ID : STANDARD_APP_ID);

function relationV1(v: MetaView, o: ObjectMeta, f: FieldMeta) {
	if (!f.relation) return null;
	const target = v.registry.bySingular(f.relation.target);
	const targetField = target?.fields.find((x) => x.name === f.relation!.inverse);
	const ref = (x?: ObjectMeta) => x && { id: x.id, nameSingular: x.nameSingular, namePlural: x.namePlural };
	return {
		type: f.relation.type,
		targetObjectMetadata: ref(target),
		targetFieldMetadata: targetField ? { id: targetField.id, name: targetField.name } : null,
		sourceObjectMetadata: ref(o),
		sourceFieldMetadata: { id: f.id, name: f.name }
	};
}

function settingsV2(f: FieldMeta): Record<string, unknown> | null {
	if (!f.relation) return f.settings ?? null;
	const r = f.relation;
	return r.type === 'MANY_TO_ONE'
		? { ...f.settings, onDelete: r.onDelete ?? 'SET_NULL', relationType: r.type, joinColumnName: r.joinColumn }
		: { ...f.settings, relationType: r.type };
}

export function fieldJson(v: MetaView, o: ObjectMeta, f: FieldMeta, keepNulls = false): Record<string, unknown> {
	if (v.profile.generation === 1)
		return {
			id: f.id,
			type: f.type,
			name: f.name,
			label: f.label,
			description: f.description ?? null,
			icon: f.icon ?? null,
			isCustom: f.isCustom,
			isActive: f.isActive ?? true,
			isSystem: f.isSystem,
			isNullable: f.isNullable,
			createdAt: f.createdAt,
			updatedAt: f.updatedAt,
			defaultValue: f.defaultValue ?? null,
			options: f.options,
			relation: relationV1(v, o, f)
		};
	const out: Record<string, unknown> = {
		id: f.id,
		universalIdentifier: stableUuid(`uid:${f.id}`),
		applicationId: appId(f.isCustom),
		type: f.type,
		name: f.name,
		label: f.label,
		description: f.description ?? null,
		icon: f.icon ?? null,
		isActive: f.isActive ?? true,
		isSystem: f.isSystem,
		isUIEditable: !f.isSystem,
		isUIReadOnly: f.isSystem,
		isNullable: f.isNullable,
		isUnique: f.isUnique,
		defaultValue: f.defaultValue ?? null,
		settings: settingsV2(f),
		options: f.options,
		workspaceId: v.workspaceId,
		objectMetadataId: o.id,
		isLabelSyncedWithName: false,
		createdAt: f.createdAt,
		updatedAt: f.updatedAt
	};
	// Null keys are left out (11b v2.20), except defaultValue/options in createOneField (12a).
	const droppable = keepNulls ? (['description', 'settings'] as const) : (['description', 'defaultValue', 'settings', 'options'] as const);
	for (const k of droppable) if (out[k] === null) delete out[k];
	return out;
}

/** `mutation`: createOneObject / updateOneObject / deleteOneObject, which name imageIdentifierFieldMetadataId even when null (v2.19 q4_01, zz_cleanup_08–09). */
export function objectJson(v: MetaView, o: ObjectMeta, withFields = true, mutation = false): Record<string, unknown> {
	const labelId = o.fields.find((f) => f.name === o.labelIdentifier)?.id ?? null;
	const imageId = o.fields.find((f) => f.name === o.imageIdentifier)?.id ?? null;
	const fields = withFields ? { fields: o.fields.map((f) => fieldJson(v, o, f)) } : {};
	if (v.profile.generation === 1)
		return {
			id: o.id,
			nameSingular: o.nameSingular,
			namePlural: o.namePlural,
			isCustom: o.isCustom,
			isActive: o.isActive ?? true,
			isSystem: o.isSystem,
			createdAt: o.createdAt,
			updatedAt: o.updatedAt,
			labelIdentifierFieldMetadataId: labelId,
			imageIdentifierFieldMetadataId: imageId,
			labelSingular: o.labelSingular,
			labelPlural: o.labelPlural,
			description: o.description ?? null,
			icon: o.icon ?? null,
			...fields
		};
	return {
		id: o.id,
		universalIdentifier: stableUuid(`uid:${o.id}`),
		applicationId: appId(o.isCustom),
		nameSingular: o.nameSingular,
		namePlural: o.namePlural,
		labelSingular: o.labelSingular,
		labelPlural: o.labelPlural,
		description: o.description ?? null,
		icon: o.icon ?? null,
		...(o.shortcut ? { shortcut: o.shortcut } : {}),
		isRemote: false,
		isActive: o.isActive ?? true,
		isSystem: o.isSystem,
		isUIEditable: true,
		isUICreatable: true,
		isUIReadOnly: false,
		isSearchable: true,
		isLabelSyncedWithName: false,
		workspaceId: v.workspaceId,
		labelIdentifierFieldMetadataId: labelId,
		...(imageId || mutation ? { imageIdentifierFieldMetadataId: imageId } : {}),
		...(o.duplicateCriteria ? { duplicateCriteria: o.duplicateCriteria } : {}),
		createdAt: o.createdAt,
		updatedAt: o.updatedAt,
		...fields
	};
}

/** List envelope: v1 pageInfo with Relay array cursors and no totalCount; v2 id cursors + totalCount. */
export function listEnvelope(v: MetaView, key: string, items: Array<Record<string, unknown>>, total: number) {
	const hasNextPage = items.length < total;
	if (v.profile.generation === 1) {
		const cursor = (i: number) => Buffer.from(`arrayconnection:${i}`).toString('base64');
		return {
			data: { [key]: items },
			pageInfo: { hasNextPage, startCursor: items.length ? cursor(0) : null, endCursor: items.length ? cursor(items.length - 1) : null }
		};
	}
	return {
		data: { [key]: items },
		pageInfo: {
			hasNextPage,
			startCursor: (items[0]?.id as string) ?? null,
			endCursor: (items[items.length - 1]?.id as string) ?? null
		},
		totalCount: total
	};
}
