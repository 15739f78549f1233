// Schema sync: what the mapping needs from the target's data model (custom objects, custom
// fields with types and select options) against what its metadata says exists. The plan is
// shown, applied through the metadata API on confirmation, and empty on a re-run.
import type { Workspace } from '../db/index.js';
import { targetClient, type ObjectMetadata, type TwentyClient } from '../twenty/index.js';
import { fieldName, type Mapping, type SelectOption } from './model.js';

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
export interface SchemaPlan {
	createObjects: Array<{ nameSingular: string; namePlural: string; labelSingular: string; labelPlural: string; icon?: string }>;
	createFields: WantedField[];
	conflicts: Array<{ object: string; field?: string; message: string }>;
}

const sameType = (a: string, b: string) => a === b || (a.endsWith('RELATION') && b.endsWith('RELATION'));

/** Every Twenty field the mapping writes, once per object and field name. */
export function wantedFields(m: Mapping): WantedField[] {
	const out = new Map<string, WantedField>();
	for (const s of m.sources)
		for (const f of s.fields) {
			const name = fieldName(f);
			const key = `${s.object}.${name}`;
			const prev = out.get(key);
			const options = f.options ? [...(prev?.options ?? []), ...f.options.filter((o) => !prev?.options?.some((p) => p.value === o.value))] : prev?.options;
			out.set(key, {
				object: s.object, name, type: f.type, label: f.label ?? prev?.label ?? name, custom: f.custom || Boolean(prev?.custom), unique: f.unique || Boolean(prev?.unique),
				options: options?.map((o, i) => ({ ...o, position: i })) as SelectOption[] | undefined,
				relation: f.relation && f.custom ? { object: f.relation.object, inverseLabel: f.relation.inverseLabel ?? `${s.object} ${name}` } : prev?.relation
			});
		}
	return [...out.values()];
}

export function planSchema(m: Mapping, objects: ObjectMetadata[]): SchemaPlan {
	const plan: SchemaPlan = { createObjects: [], createFields: [], conflicts: [] };
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
			plan.conflicts.push({ object: w.object, field: w.name, message: `object ${w.object} does not exist on the target and the mapping does not create it` });
			continue;
		}
		if (w.relation && !bySingular.has(w.relation.object) && !creating.has(w.relation.object))
			plan.conflicts.push({ object: w.object, field: w.name, message: `relation to object ${w.relation.object}, which does not exist yet` });
		const existing = object?.fields.find((f) => f.name === w.name);
		// A new custom object comes with a `name` field.
		if (!object && w.name === 'name' && !w.custom) continue;
		if (!existing) {
			if (w.custom) plan.createFields.push(w);
			else if (!(w.type === 'RELATION' && object?.fields.some((f) => f.relation && (f.relation as { joinColumn?: string }).joinColumn === `${w.name}Id`)))
				plan.conflicts.push({ object: w.object, field: w.name, message: `standard field ${w.object}.${w.name} is missing on the target (another Twenty version?)` });
			continue;
		}
		if (!sameType(existing.type, w.type)) {
			plan.conflicts.push({ object: w.object, field: w.name, message: `type mismatch: the target has ${w.object}.${w.name} as ${existing.type}, the mapping writes ${w.type}` });
			continue;
		}
		if (w.type === 'SELECT' && w.options) {
			const have = new Set((existing.options ?? []).map((o) => o.value));
			const missing = w.options.filter((o) => !have.has(o.value)).map((o) => o.value);
			if (missing.length) plan.conflicts.push({ object: w.object, field: w.name, message: `select options missing on the target: ${missing.join(', ')}` });
		}
	}
	return plan;
}

function fieldInput(w: WantedField, objects: ObjectMetadata[]) {
	const objectMetadataId = objects.find((o) => o.nameSingular === w.object)!.id;
	const base = { objectMetadataId, type: w.type, name: w.name, label: w.label, isNullable: true, isUnique: w.unique || undefined };
	if (w.type === 'SELECT') return { ...base, options: w.options!.map((o, i) => ({ value: o.value, label: o.label, color: o.color, position: i })) };
	if (w.relation) {
		const target = objects.find((o) => o.nameSingular === w.relation!.object)!;
		return { ...base, relationCreationPayload: { targetObjectMetadataId: target.id, targetFieldLabel: w.relation.inverseLabel, type: 'MANY_TO_ONE' as const } };
	}
	return base;
}

export async function readSchemaPlan(ws: Workspace, m: Mapping, client?: TwentyClient): Promise<SchemaPlan> {
	const c = client ?? (await targetClient(ws));
	return planSchema(m, await c.metadata.listObjects());
}

/** Creates objects, then plain fields, then relations (their targets must exist first). */
export async function applySchemaPlan(ws: Workspace, m: Mapping, client?: TwentyClient): Promise<{ objects: number; fields: number; plan: SchemaPlan }> {
	const c = client ?? (await targetClient(ws));
	const plan = planSchema(m, await c.metadata.listObjects());
	if (plan.conflicts.length) return { objects: 0, fields: 0, plan };
	for (const o of plan.createObjects) await c.metadata.createObject(o);
	let objects = await c.metadata.listObjects();
	const ordered = [...plan.createFields.filter((w) => !w.relation), ...plan.createFields.filter((w) => w.relation)];
	for (const w of ordered) await c.metadata.createField(fieldInput(w, objects));
	objects = await c.metadata.listObjects();
	await ws.audit('schema.apply', null, { objects: plan.createObjects.length, fields: ordered.length });
	return { objects: plan.createObjects.length, fields: ordered.length, plan: planSchema(m, objects) };
}

/** The same plan as a checklist for admins who prefer Settings → Data Model. */
export function planMarkdown(plan: SchemaPlan): string {
	const lines = ['# Twenty schema checklist', ''];
	if (!plan.createObjects.length && !plan.createFields.length && !plan.conflicts.length) lines.push('Nothing to do: the target already has every object and field the mapping writes.');
	if (plan.createObjects.length) lines.push('## Custom objects', '', ...plan.createObjects.map((o) => `- [ ] Create object **${o.labelSingular}** (${o.nameSingular} / ${o.namePlural})`), '');
	if (plan.createFields.length) {
		lines.push('## Custom fields', '');
		for (const w of plan.createFields) {
			const extra = w.options ? `: options ${w.options.map((o) => `${o.label} (${o.value}, ${o.color})`).join(', ')}` : w.relation ? `: relation to ${w.relation.object}, inverse "${w.relation.inverseLabel}"` : '';
			lines.push(`- [ ] ${w.object}: **${w.label}** \`${w.name}\` ${w.type}${w.unique ? ', unique' : ''}${extra}`);
		}
		lines.push('');
	}
	if (plan.conflicts.length) lines.push('## Conflicts to resolve first', '', ...plan.conflicts.map((c) => `- [ ] ${c.object}${c.field ? `.${c.field}` : ''}: ${c.message}`), '');
	return lines.join('\n');
}
