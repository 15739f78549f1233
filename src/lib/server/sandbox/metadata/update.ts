// Updating a field through the metadata API [TWENTY.md §5.1]: PATCH /rest/metadata/fields/:id
// is updateOneField(input: {id, update}). The update carries label, description, icon,
// defaultValue, isActive and, for SELECT / MULTI_SELECT, the WHOLE options list: options kept
// (same id or value) keep their id, new ones get one, and records holding a removed value
// lose it (Twenty's option migration sets them to null / drops them from the array).
// A field's name of a standard field, its type and its object cannot change.
import type { SandboxCore } from '../core.js';
import { metadataError } from './errors.js';
import { stableUuid } from './ids.js';
import { readOptions } from './options.js';
import type { FieldMeta, ObjectMeta, SelectOption } from './types.js';

type Input = Record<string, unknown>;

const UPDATABLE = new Set(['label', 'description', 'icon', 'defaultValue', 'isActive', 'options', 'isLabelSyncedWithName', 'settings']);

export function updateField(core: SandboxCore, id: string, update: Input): { object: ObjectMeta; field: FieldMeta } {
	const p = core.profile;
	const found = core.registry.fieldById(id);
	if (!found) throw metadataError(p, 'field', 'FIELD_METADATA_NOT_FOUND', 'Field metadata to update not found', id);
	const { object, field } = found;
	for (const key of Object.keys(update)) {
		if (key === 'name' && field.isCustom && update.name === field.name) continue;
		if (!UPDATABLE.has(key))
			throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', `Field "${key}" cannot be updated on ${field.name}`, field.name);
	}
	if (update.label !== undefined) {
		if (typeof update.label !== 'string' || update.label.trim() === '')
			throw metadataError(p, 'field', 'INVALID_LABEL', 'Label is required', field.name);
		field.label = update.label;
	}
	if (update.description !== undefined) field.description = (update.description as string | null) ?? null;
	if (update.icon !== undefined) field.icon = (update.icon as string | null) ?? null;
	if (update.isActive !== undefined) field.isActive = update.isActive !== false;
	if (update.settings !== undefined) field.settings = (update.settings as Record<string, unknown>) ?? undefined;
	if (update.options !== undefined) {
		const next = readOptions(p, field.type, update.options);
		if (!next) throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', `${field.type} fields have no options`, field.name);
		const raw = update.options as Array<Record<string, unknown>>;
		const before = field.options ?? [];
		const options: SelectOption[] = next.map((o, i) => {
			const given = typeof raw[i]?.id === 'string' ? (raw[i].id as string) : undefined;
			const kept = before.find((b) => (given ? b.id === given : b.value === o.value));
			return { id: kept?.id ?? given ?? stableUuid(`option:${field.id}:${o.value}`), ...o };
		});
		const removed = new Set(before.filter((b) => !options.some((o) => o.value === b.value)).map((b) => b.value));
		if (removed.size) {
			for (const row of core.store.table(object.nameSingular).rows.values()) {
				const v = row[field.name];
				if (field.type === 'MULTI_SELECT' && Array.isArray(v)) row[field.name] = v.filter((x) => !removed.has(String(x)));
				else if (typeof v === 'string' && removed.has(v)) row[field.name] = null;
			}
		}
		field.options = options;
	}
	if (update.defaultValue !== undefined) {
		const d = update.defaultValue;
		const value = typeof d === 'string' ? d.replace(/^'(.*)'$/, '$1') : d;
		if (d !== null && field.type === 'SELECT' && !(field.options ?? []).some((o) => o.value === value))
			throw metadataError(p, 'field', 'INVALID_FIELD_INPUT', `Default value ${String(d)} must be one of the option values`, field.name);
		field.defaultValue = d;
	}
	field.updatedAt = new Date(core.now()).toISOString();
	core.metadataChanged();
	return { object, field };
}
