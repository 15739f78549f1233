// Schema sync: what the mapping needs from the target's data model (custom objects, custom
// fields with types and select options) against what its metadata says exists. The plan is
// shown, applied through the metadata API on confirmation, and empty on a re-run.
import type { Workspace } from '../db/index.js';
import { targetClient, type FieldMetadata, type ObjectMetadata, type TwentyClient } from '../twenty/index.js';
import { fieldName, type Mapping, type SelectOption } from './model.js';
import { saveMapping } from './store.js';

export interface WantedField {
	object: string;
	name: string;
	type: string;
	label: string;
	custom: boolean;
	unique: boolean;
	options?: SelectOption[];
	relation?: { object: string; inverseLabel: string };
}
/** A SELECT field the target has, lacking options the mapping writes: they are added (update field). */
export interface OptionUpdate {
	object: string;
	name: string;
	label: string;
	fieldId: string;
	add: SelectOption[];
}
export interface SchemaPlan {
	createObjects: Array<{ nameSingular: string; namePlural: string; labelSingular: string; labelPlural: string; icon?: string }>;
	createFields: WantedField[];
	updateFields: OptionUpdate[];
	conflicts: Array<{ object: string; field?: string; message: string }>;
}

/** MORPH_RELATION and RELATION link alike; RICH_TEXT was called RICH_TEXT_V2 before v1.20 (same {blocknote, markdown} shape). */
const sameType = (a: string, b: string) =>
	a === b || (a.endsWith('RELATION') && b.endsWith('RELATION')) || (a.startsWith('RICH_TEXT') && b.startsWith('RICH_TEXT'));

/** Every Twenty field the mapping writes, once per object and field name. */
export function wantedFields(m: Mapping): WantedField[] {
	const out = new Map<string, WantedField>();
	for (const s of m.sources)
		for (const f of s.fields) {
			const name = fieldName(f);
			const key = `${s.object}.${name}`;
			const prev = out.get(key);
			const options = f.options
				? [...(prev?.options ?? []), ...f.options.filter((o) => !prev?.options?.some((p) => p.value === o.value))]
				: prev?.options;
			out.set(key, {
				object: s.object,
				name,
				type: f.type,
				label: f.label ?? prev?.label ?? name,
				custom: f.custom || Boolean(prev?.custom),
				unique: f.unique || Boolean(prev?.unique),
				options: options?.map((o, i) => ({ ...o, position: i })) as SelectOption[] | undefined,
				relation:
					f.relation && f.custom
						? { object: f.relation.object, inverseLabel: f.relation.inverseLabel ?? `${s.object} ${name}` }
						: prev?.relation
			});
		}
	return [...out.values()];
}

const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
const uncap = (x: string) => x.charAt(0).toLowerCase() + x.slice(1);

/**
 * Link fields of standard objects are named by Twenty's version: v1.17+ calls taskTarget's,
 * noteTarget's and attachment's relations `targetPerson` (column targetPersonId), older
 * versions `person` (personId). For each standard relation the mapping writes that the
 * target lacks, the other spelling is used when the target's metadata has it.
 */
export function alignToTarget(m: Mapping, objects: ObjectMetadata[]): Array<{ object: string; from: string; to: string }> {
	const renamed: Array<{ object: string; from: string; to: string }> = [];
	const bySingular = new Map(objects.map((o) => [o.nameSingular, o]));
	for (const s of m.sources) {
		const object = bySingular.get(s.object);
		if (!object) continue;
		const has = (name: string) => object.fields.some((f) => f.name === name && f.type.endsWith('RELATION'));
		for (const f of s.fields) {
			if (f.type !== 'RELATION' || f.custom) continue;
			const name = fieldName(f);
			if (has(name)) continue;
			const other = /^target[A-Z]/.test(name) ? uncap(name.slice(6)) : `target${cap(name)}`;
			if (!has(other)) continue;
			renamed.push({ object: s.object, from: f.target, to: `${other}Id` });
			f.target = `${other}Id`;
		}
	}
	return renamed;
}

/** alignToTarget on the mapping itself, saved when a name changed (confirmations kept: the target decides the spelling). */
async function alignAndSave(ws: Workspace, m: Mapping, objects: ObjectMetadata[]) {
	const renamed = alignToTarget(m, objects);
	if (renamed.length) {
		await saveMapping(ws, m, 'mapping.align', { renamed: renamed.length });
	}
	return renamed;
}
export { alignAndSave };

export function planSchema(m: Mapping, objects: ObjectMetadata[]): SchemaPlan {
	// Planned against the target's spelling of link fields (a copy: the caller's map is untouched).
	m = structuredClone(m);
	alignToTarget(m, objects);
	const plan: SchemaPlan = { createObjects: [], createFields: [], updateFields: [], conflicts: [] };
	const bySingular = new Map(objects.map((o) => [o.nameSingular, o]));
	const creating = new Set<string>();
	for (const o of m.objects) {
		if (bySingular.has(o.nameSingular)) continue;
		if (objects.some((x) => x.namePlural === o.namePlural)) {
			plan.conflicts.push({ object: o.nameSingular, message: `another object already uses the plural name ${o.namePlural}` });
			continue;
		}
		plan.createObjects.push(o);
		creating.add(o.nameSingular);
	}
	for (const w of wantedFields(m)) {
		const object = bySingular.get(w.object);
		if (!object && !creating.has(w.object)) {
			plan.conflicts.push({
				object: w.object,
				field: w.name,
				message: `object ${w.object} does not exist on the target and the mapping does not create it`
			});
			continue;
		}
		if (w.relation && !bySingular.has(w.relation.object) && !creating.has(w.relation.object))
			plan.conflicts.push({
				object: w.object,
				field: w.name,
				message: `relation to object ${w.relation.object}, which does not exist yet`
			});
		const existing = object?.fields.find((f) => f.name === w.name);
		// A new custom object comes with a `name` field and the system fields (createdAt).
		if (!object && (w.name === 'name' || w.name === 'createdAt') && !w.custom) continue;
		if (!existing) {
			if (w.custom) plan.createFields.push(w);
			else if (!(
				w.type === 'RELATION' &&
				object?.fields.some((f) => f.relation && (f.relation as { joinColumn?: string }).joinColumn === `${w.name}Id`)
			))
				plan.conflicts.push({
					object: w.object,
					field: w.name,
					message: `standard field ${w.object}.${w.name} is missing on the target (another Twenty version?)`
				});
			continue;
		}
		if (!sameType(existing.type, w.type)) {
			plan.conflicts.push({
				object: w.object,
				field: w.name,
				message: `type mismatch: the target has ${w.object}.${w.name} as ${existing.type}, the mapping writes ${w.type}`
			});
			continue;
		}
		if (w.type === 'SELECT' && w.options) {
			const have = new Set((existing.options ?? []).map((o) => o.value));
			const add = w.options.filter((o) => !have.has(o.value)).map(({ value, label, color, aliases }) => ({ value, label, color, aliases }));
			if (add.length) plan.updateFields.push({ object: w.object, name: w.name, label: existing.label, fieldId: existing.id, add });
		}
	}
	return plan;
}

/** Twenty's Settings shows an icon per field; a RELATION's inverse must have one (2.19: "targetFieldIcon must be a string"). */
const ICONS: Record<string, string> = {
	TEXT: 'IconAbc',
	NUMBER: 'IconNumber',
	NUMERIC: 'IconNumber',
	BOOLEAN: 'IconCheckbox',
	DATE: 'IconCalendarEvent',
	DATE_TIME: 'IconCalendarTime',
	SELECT: 'IconTag',
	MULTI_SELECT: 'IconTags',
	CURRENCY: 'IconCoin',
	PHONES: 'IconPhone',
	EMAILS: 'IconMail',
	LINKS: 'IconLink',
	ADDRESS: 'IconMap',
	FULL_NAME: 'IconUser',
	RELATION: 'IconRelationManyToOne',
	RICH_TEXT: 'IconFileText',
	RATING: 'IconStar'
};

function fieldInput(w: WantedField, objects: ObjectMetadata[]) {
	const objectMetadataId = objects.find((o) => o.nameSingular === w.object)!.id;
	const base = {
		objectMetadataId,
		type: w.type,
		name: w.name,
		label: w.label,
		icon: ICONS[w.type] ?? 'IconBox',
		isNullable: true,
		isUnique: w.unique || undefined
	};
	if (w.type === 'SELECT')
		return { ...base, options: w.options!.map((o, i) => ({ value: o.value, label: o.label, color: o.color, position: i })) };
	if (w.relation) {
		const target = objects.find((o) => o.nameSingular === w.relation!.object)!;
		return {
			...base,
			relationCreationPayload: {
				targetObjectMetadataId: target.id,
				targetFieldLabel: w.relation.inverseLabel,
				targetFieldIcon: 'IconRelationOneToMany',
				type: 'MANY_TO_ONE' as const
			}
		};
	}
	return base;
}

/** The plan against the target; the mapping takes the target's link field names (saved). */
export async function readSchemaPlan(ws: Workspace, m: Mapping, client?: TwentyClient): Promise<SchemaPlan> {
	const c = client ?? (await targetClient(ws));
	const objects = await c.metadata.listObjects();
	await alignAndSave(ws, m, objects);
	return planSchema(m, objects);
}

/** Twenty takes a SELECT's whole options list on update: kept options with their ids and positions, then the new ones. */
export function optionsUpdate(existing: NonNullable<FieldMetadata['options']>, add: SelectOption[]) {
	const kept = existing.map((o) => ({
		...(o.id ? { id: o.id } : {}),
		value: o.value,
		label: o.label,
		color: o.color,
		position: o.position
	}));
	let next = Math.max(-1, ...existing.map((o) => o.position)) + 1;
	return [...kept, ...add.map((o) => ({ value: o.value, label: o.label, color: o.color, position: next++ }))];
}

/** Creates objects, then plain fields, then relations (their targets must exist first), then adds missing select options. */
export async function applySchemaPlan(
	ws: Workspace,
	m: Mapping,
	client?: TwentyClient
): Promise<{ objects: number; fields: number; updated: number; plan: SchemaPlan }> {
	const c = client ?? (await targetClient(ws));
	const before = await c.metadata.listObjects();
	await alignAndSave(ws, m, before);
	const plan = planSchema(m, before);
	if (plan.conflicts.length) return { objects: 0, fields: 0, updated: 0, plan };
	for (const o of plan.createObjects) await c.metadata.createObject(o);
	let objects = await c.metadata.listObjects();
	const ordered = [...plan.createFields.filter((w) => !w.relation), ...plan.createFields.filter((w) => w.relation)];
	for (const w of ordered) await c.metadata.createField(fieldInput(w, objects));
	for (const u of plan.updateFields) {
		// Read the field as it is now (ids and positions), so options added by someone else meanwhile are kept.
		const now = objects.find((o) => o.nameSingular === u.object)?.fields.find((f) => f.id === u.fieldId);
		await c.metadata.updateField(u.fieldId, {
			options: optionsUpdate(
				now?.options ?? [],
				u.add.filter((a) => !now?.options?.some((o) => o.value === a.value))
			)
		});
	}
	objects = await c.metadata.listObjects();
	await ws.audit('schema.apply', null, { objects: plan.createObjects.length, fields: ordered.length, updated: plan.updateFields.length });
	return { objects: plan.createObjects.length, fields: ordered.length, updated: plan.updateFields.length, plan: planSchema(m, objects) };
}

/** The same plan as a checklist for admins who prefer Settings → Data Model. */
export function planMarkdown(plan: SchemaPlan): string {
	const lines = ['# Twenty schema checklist', ''];
	if (!plan.createObjects.length && !plan.createFields.length && !plan.updateFields.length && !plan.conflicts.length)
		lines.push('Nothing to do: the target already has every object and field the mapping writes.');
	if (plan.createObjects.length)
		lines.push(
			'## Custom objects',
			'',
			...plan.createObjects.map((o) => `- [ ] Create object **${o.labelSingular}** (${o.nameSingular} / ${o.namePlural})`),
			''
		);
	if (plan.createFields.length) {
		lines.push('## Custom fields', '');
		for (const w of plan.createFields) {
			const extra = w.options
				? `: options ${w.options.map((o) => `${o.label} (${o.value}, ${o.color})`).join(', ')}`
				: w.relation
					? `: relation to ${w.relation.object}, inverse "${w.relation.inverseLabel}"`
					: '';
			lines.push(`- [ ] ${w.object}: **${w.label}** \`${w.name}\` ${w.type}${w.unique ? ', unique' : ''}${extra}`);
		}
		lines.push('');
	}
	if (plan.updateFields.length)
		lines.push(
			'## Select options to add',
			'',
			...plan.updateFields.map(
				(u) =>
					`- [ ] ${u.object}: **${u.label}** \`${u.name}\`: add options ${u.add.map((o) => `${o.label} (${o.value}, ${o.color})`).join(', ')}`
			),
			''
		);
	if (plan.conflicts.length)
		lines.push(
			'## Conflicts to resolve first',
			'',
			...plan.conflicts.map((c) => `- [ ] ${c.object}${c.field ? `.${c.field}` : ''}: ${c.message}`),
			''
		);
	return lines.join('\n');
}
