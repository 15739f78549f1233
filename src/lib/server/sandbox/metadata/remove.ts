// Retiring custom metadata as Twenty 2.x does it (v2.19 zz_cleanup_06–09): PATCH isActive:false
// first, then DELETE, which answers deleteOneField / deleteOneObject with the last state. A
// relation takes its other side with it; a deleted object takes its records and every
// relation that points at it.
import type { SandboxCore } from '../core.js';
import { metadataError } from './errors.js';
import type { FieldMeta, ObjectMeta } from './types.js';

type Input = Record<string, unknown>;

const OBJECT_UPDATABLE = new Set(['labelSingular', 'labelPlural', 'description', 'icon', 'isActive', 'isLabelSyncedWithName']);

export function updateObject(core: SandboxCore, id: string, update: Input): ObjectMeta {
	const p = core.profile;
	const object = core.registry.byId(id);
	if (!object) throw metadataError(p, 'object', 'OBJECT_METADATA_NOT_FOUND', 'Object metadata to update not found', id);
	for (const key of Object.keys(update))
		if (!OBJECT_UPDATABLE.has(key))
			throw metadataError(
				p,
				'object',
				'INVALID_OBJECT_INPUT',
				`Field "${key}" cannot be updated on ${object.nameSingular}`,
				object.nameSingular
			);
	if (!object.isCustom && update.isActive === false)
		throw metadataError(p, 'object', 'INVALID_OBJECT_INPUT', 'Standard objects cannot be deactivated', object.nameSingular);
	for (const key of ['labelSingular', 'labelPlural', 'description', 'icon'] as const)
		if (update[key] !== undefined) object[key] = update[key] as string;
	if (update.isActive !== undefined) object.isActive = update.isActive !== false;
	object.updatedAt = new Date(core.now()).toISOString();
	core.metadataChanged();
	return object;
}

/** The other side of a relation field, if any. */
function inverseOf(core: SandboxCore, object: ObjectMeta, field: FieldMeta): { object: ObjectMeta; field: FieldMeta } | undefined {
	if (!field.relation) return undefined;
	const other = core.registry.bySingular(field.relation.target);
	const inverse = other?.fields.find((f) => f.name === field.relation!.inverse && f.relation?.target === object.nameSingular);
	return other && inverse ? { object: other, field: inverse } : undefined;
}

function dropField(core: SandboxCore, object: ObjectMeta, field: FieldMeta): void {
	const column = field.relation?.joinColumn;
	for (const row of core.store.table(object.nameSingular).rows.values()) {
		delete row[field.name];
		if (column) delete row[column];
	}
	core.registry.removeField(object, field);
}

export function deleteField(core: SandboxCore, id: string): { object: ObjectMeta; field: FieldMeta } {
	const p = core.profile;
	const found = core.registry.fieldById(id);
	if (!found) throw metadataError(p, 'field', 'FIELD_METADATA_NOT_FOUND', 'Field metadata to delete not found', id);
	const { object, field } = found;
	if (!field.isCustom) throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', 'Standard fields cannot be deleted', field.name);
	if (field.isActive !== false)
		throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', 'Active fields cannot be deleted: deactivate the field first', field.name);
	const inverse = inverseOf(core, object, field);
	if (inverse) dropField(core, inverse.object, inverse.field);
	dropField(core, object, field);
	core.metadataChanged();
	return found;
}

export function deleteObject(core: SandboxCore, id: string): ObjectMeta {
	const p = core.profile;
	const object = core.registry.byId(id);
	if (!object) throw metadataError(p, 'object', 'OBJECT_METADATA_NOT_FOUND', 'Object metadata to delete not found', id);
	if (!object.isCustom) throw metadataError(p, 'object', 'INVALID_OBJECT_INPUT', 'Standard objects cannot be deleted', object.nameSingular);
	if (object.isActive !== false)
		throw metadataError(
			p,
			'object',
			'INVALID_OBJECT_INPUT',
			'Active objects cannot be deleted: deactivate the object first',
			object.nameSingular
		);
	for (const other of [...core.registry.objects])
		if (other !== object) for (const f of [...other.fields]) if (f.relation?.target === object.nameSingular) dropField(core, other, f);
	core.registry.removeObject(object);
	core.store.drop(object.nameSingular);
	core.metadataChanged();
	return object;
}
