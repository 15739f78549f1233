// Custom objects and fields through the metadata API [TWENTY.md §5]. A custom object is served
// at /rest/<namePlural> with a `name` field and the system fields; notes, tasks and attachments
// can target it. A RELATION field gets its join column and the inverse field.
import type { SandboxCore } from '../core.js';
import { fieldDefault } from '../records/defaults.js';
import { metadataError, nameTaken, type MetaKind } from './errors.js';
import { camelCase, capitalize, nameProblem } from './names.js';
import { readOptions } from './options.js';
import { FIELD_TYPES, type FieldDef, type FieldMeta, type ObjectDef, type ObjectMeta } from './types.js';

type Input = Record<string, unknown>;

const CREATABLE = new Set<string>(FIELD_TYPES.filter((t) => !['TS_VECTOR', 'POSITION', 'ACTOR', 'MORPH_RELATION'].includes(t)));
const NOT_UNIQUE = new Set(['RELATION', 'MORPH_RELATION', 'FILES']);

function checkName(core: SandboxCore, kind: MetaKind, name: unknown, taken: (n: string) => boolean): string {
	const problem = nameProblem(name);
	if (problem) throw metadataError(core.profile, kind, 'INVALID_NAME', problem, name);
	if (taken(name as string)) throw nameTaken(core.profile, kind, name as string);
	return name as string;
}

const fieldTaken = (o: ObjectMeta) => (n: string) => o.fields.some((f) => f.name === n || f.relation?.joinColumn === n);

function requireLabel(core: SandboxCore, kind: MetaKind, label: unknown, name: unknown): string {
	if (typeof label !== 'string' || label.trim() === '') throw metadataError(core.profile, kind, 'INVALID_LABEL', 'Label is required', name);
	return label;
}

/** Adds a field to an object and gives existing rows its default (Postgres ADD COLUMN … DEFAULT). */
function attach(core: SandboxCore, object: ObjectMeta, def: FieldDef, isCustom = true): FieldMeta {
	const field = core.registry.fieldFromDef(object, def, isCustom, new Date(core.now()).toISOString());
	core.registry.addField(object, field);
	const column = field.relation?.joinColumn ?? field.name;
	const fresh = field.relation?.type === 'ONE_TO_MANY' ? undefined : field.relation ? null : fieldDefault(field, core.profile);
	if (fresh !== undefined) for (const row of core.store.table(object.nameSingular).rows.values()) row[column] = structuredClone(fresh);
	return field;
}

export function createField(core: SandboxCore, input: Input): { object: ObjectMeta; field: FieldMeta } {
	const p = core.profile;
	const object = core.registry.byId(String(input.objectMetadataId));
	if (!object) throw metadataError(p, 'field', 'OBJECT_METADATA_NOT_FOUND', 'Object metadata does not exist', input.name);
	const type = String(input.type);
	if (!CREATABLE.has(type)) throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', `Invalid field type "${type}"`, input.name);
	const name = checkName(core, 'field', input.name, fieldTaken(object));
	const label = requireLabel(core, 'field', input.label, name);
	if (input.isUnique === true && NOT_UNIQUE.has(type))
		throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', `${type} fields cannot be unique`, name);
	const options = readOptions(p, type, input.options);
	checkDefault(core, type, options, input.defaultValue, name);
	const def: FieldDef = {
		name,
		label,
		type,
		icon: (input.icon as string) ?? null,
		// v1.5 answered description null and TEXT non-nullable (rec v1.5 12a).
		description: p.generation === 1 ? null : ((input.description as string) ?? null),
		isNullable: (input.isNullable as boolean) ?? !(p.generation === 1 && type === 'TEXT'),
		isUnique: input.isUnique === true,
		defaultValue: input.defaultValue ?? (type === 'TEXT' && p.generation === 1 ? "''" : undefined),
		options,
		settings: (input.settings as Record<string, unknown>) ?? undefined
	};
	const field = type === 'RELATION' ? relationField(core, object, def, input.relationCreationPayload) : attach(core, object, def);
	core.metadataChanged();
	return { object, field };
}

function checkDefault(core: SandboxCore, type: string, options: FieldDef['options'], d: unknown, name: string): void {
	if (d === undefined || d === null || !options || type !== 'SELECT') return;
	const value = typeof d === 'string' ? d.replace(/^'(.*)'$/, '$1') : d;
	if (!options.some((o) => o.value === value))
		throw metadataError(core.profile, 'field', 'INVALID_FIELD_INPUT', `Default value ${String(d)} must be one of the option values`, name);
}

const RELATION_TYPES = ['ONE_TO_MANY', 'MANY_TO_ONE'];

/** v2.x checks the payload with class-validator before anything else (validate-relation-creation-payload-or-throw.util.ts; 2.19 q4_06). */
function checkRelationPayload(core: SandboxCore, rel: Input, name: string): void {
	if (core.profile.generation === 1) return;
	const problems = [
		...(rel.targetObjectMetadataId !== undefined && !isUuid(rel.targetObjectMetadataId) ? ['targetObjectMetadataId must be a UUID'] : []),
		...(typeof rel.targetFieldLabel !== 'string' ? ['targetFieldLabel must be a string'] : []),
		...(typeof rel.targetFieldIcon !== 'string' ? ['targetFieldIcon must be a string'] : []),
		...(!RELATION_TYPES.includes(rel.type as string) ? [`type must be one of the following values: ${RELATION_TYPES.join(', ')}`] : [])
	];
	if (problems.length)
		throw metadataError(core.profile, 'field', 'INVALID_FIELD_INPUT', `Relation creation payload is invalid: ${problems.join(', ')}`, name);
}

const isUuid = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

function relationField(core: SandboxCore, object: ObjectMeta, def: FieldDef, payload: unknown): FieldMeta {
	const p = core.profile;
	if (p.generation === 2 && (payload === undefined || payload === null))
		throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', 'Relation creation payload is required', def.name);
	const rel = (payload ?? {}) as Input;
	checkRelationPayload(core, rel, def.name);
	const target = core.registry.byId(String(rel.targetObjectMetadataId));
	if (!target) throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', 'Relation target object metadata does not exist', def.name);
	const rtype = rel.type === 'ONE_TO_MANY' ? 'ONE_TO_MANY' : 'MANY_TO_ONE';
	const inverseLabel = requireLabel(core, 'field', rel.targetFieldLabel, def.name);
	const inverse = checkName(core, 'field', camelCase(inverseLabel), fieldTaken(target));
	if (rtype === 'MANY_TO_ONE' && fieldTaken(object)(`${def.name}Id`)) throw nameTaken(p, 'field', `${def.name}Id`);
	if (rtype === 'ONE_TO_MANY' && fieldTaken(target)(`${inverse}Id`)) throw nameTaken(p, 'field', `${inverse}Id`);
	const side = (type: 'MANY_TO_ONE' | 'ONE_TO_MANY', self: string, other: string, targetName: string) =>
		type === 'MANY_TO_ONE'
			? { type, target: targetName, inverse: other, joinColumn: `${self}Id`, onDelete: 'SET_NULL' as const }
			: { type, target: targetName, inverse: other };
	// 2.x describes a relation created without a description (v2.19 q4_06: "Payments tied to the Person").
	const description = def.description ?? (p.generation === 2 ? `${inverseLabel} tied to the ${def.label}` : null);
	const field = attach(core, object, { ...def, description, relation: side(rtype, def.name, inverse, target.nameSingular) });
	const otherType = rtype === 'MANY_TO_ONE' ? 'ONE_TO_MANY' : 'MANY_TO_ONE';
	attach(core, target, {
		name: inverse,
		label: inverseLabel,
		type: 'RELATION',
		icon: (rel.targetFieldIcon as string) ?? null,
		isNullable: true,
		relation: side(otherType, inverse, def.name, object.nameSingular)
	});
	return field;
}

/** Objects that can point at any object: notes, tasks and attachments target custom objects. */
const TARGETING = [
	{ object: 'noteTarget', inverse: 'noteTargets', label: 'Notes', icon: 'IconNotes', holder: 'Note Target' },
	{ object: 'taskTarget', inverse: 'taskTargets', label: 'Tasks', icon: 'IconCheckbox', holder: 'Task Target' },
	{ object: 'attachment', inverse: 'attachments', label: 'Attachments', icon: 'IconFileImport', holder: 'Attachment' }
];

export function createObject(core: SandboxCore, input: Input): ObjectMeta {
	const p = core.profile;
	const objectTaken = (n: string) => core.registry.objects.some((o) => o.nameSingular === n || o.namePlural === n);
	const nameSingular = checkName(core, 'object', input.nameSingular, objectTaken);
	const namePlural = checkName(core, 'object', input.namePlural, objectTaken);
	if (nameSingular === namePlural)
		throw metadataError(
			p,
			'object',
			'INVALID_OBJECT_INPUT',
			'The singular and plural names cannot be the same for an object',
			nameSingular
		);
	const def: ObjectDef = {
		nameSingular,
		namePlural,
		labelSingular: requireLabel(core, 'object', input.labelSingular, nameSingular),
		labelPlural: requireLabel(core, 'object', input.labelPlural, nameSingular),
		description: (input.description as string) ?? null,
		icon: (input.icon as string) ?? null,
		isSystem: false,
		labelIdentifier: 'name',
		fields: defaultFields(core)
	};
	const at = new Date(core.now()).toISOString();
	const object = core.registry.objectFromDef(def, true, at);
	core.registry.addObject(object);
	core.store.table(nameSingular);
	for (const t of TARGETING) linkTargets(core, object, t);
	core.metadataChanged();
	return object;
}

function linkTargets(core: SandboxCore, object: ObjectMeta, t: (typeof TARGETING)[number]): void {
	const holder = core.registry.bySingular(t.object);
	if (!holder) return;
	// v1.x names the column after the object (petId); v1.17+ uses target<Object> (targetPetId).
	const name = core.profile.generation === 1 ? object.nameSingular : `target${capitalize(object.nameSingular)}`;
	attach(core, holder, {
		name,
		label: object.labelSingular,
		type: core.profile.generation === 1 ? 'RELATION' : 'MORPH_RELATION',
		isNullable: true,
		relation: { type: 'MANY_TO_ONE', target: object.nameSingular, inverse: t.inverse, joinColumn: `${name}Id`, onDelete: 'SET_NULL' }
	});
	// 2.x: icon and description as recorded (v2.19 q4_01: "Payments tied to the Attachment").
	const v2 = core.profile.generation === 2 ? { icon: t.icon, description: `${object.labelPlural} tied to the ${t.holder}` } : {};
	attach(core, object, {
		name: t.inverse,
		label: t.label,
		type: 'RELATION',
		isNullable: true,
		...v2,
		relation: { type: 'ONE_TO_MANY', target: t.object, inverse: name }
	});
}

/** [icon, description] of a custom object's default fields on 2.x (v2.19 q4_01). */
const DEFAULT_FIELD_LOOK: Record<string, [string, string]> = {
	id: ['Icon123', 'Id'],
	createdAt: ['IconCalendar', 'Creation date'],
	updatedAt: ['IconCalendarClock', 'Last time the record was changed'],
	deletedAt: ['IconCalendarClock', 'Deletion date'],
	createdBy: ['IconCreativeCommonsSa', 'The creator of the record'],
	updatedBy: ['IconUserCircle', 'The workspace member who last updated the record'],
	position: ['IconHierarchy2', 'Position'],
	searchVector: ['IconSearch', 'Search vector']
};

const ACTOR_DEFAULT = { name: "''", source: "'MANUAL'" };

function defaultFields(core: SandboxCore): FieldDef[] {
	// 2.x gives each default field an icon and a description (v2.19 q4_01); v1.5 neither.
	const v2 = core.profile.generation === 2;
	const sys = (name: string, label: string, type: string, isNullable = false, defaultValue?: unknown): FieldDef => ({
		name,
		label,
		type,
		isNullable,
		isSystem: true,
		defaultValue,
		icon: v2 ? (DEFAULT_FIELD_LOOK[name]?.[0] ?? null) : null,
		...(v2 && DEFAULT_FIELD_LOOK[name] ? { description: DEFAULT_FIELD_LOOK[name][1] } : {})
	});
	const fields: FieldDef[] = [
		sys('id', 'Id', 'UUID', false, 'uuid'),
		{
			name: 'name',
			label: 'Name',
			type: 'TEXT',
			isNullable: true,
			icon: 'IconAbc',
			defaultValue: core.profile.generation === 1 ? "''" : undefined,
			...(v2 ? { description: 'Name' } : {})
		},
		sys('createdAt', 'Creation date', 'DATE_TIME', false, 'now'),
		sys('updatedAt', 'Last update', 'DATE_TIME', false, 'now'),
		sys('deletedAt', 'Deleted at', 'DATE_TIME', true),
		sys('createdBy', 'Created by', 'ACTOR', false, v2 ? ACTOR_DEFAULT : undefined),
		sys('position', 'Position', 'POSITION', false, 0),
		sys('searchVector', 'Search vector', 'TS_VECTOR', true)
	];
	if (core.profile.hasUpdatedBy) fields.splice(6, 0, sys('updatedBy', 'Updated by', 'ACTOR', false, v2 ? ACTOR_DEFAULT : undefined));
	return fields;
}
