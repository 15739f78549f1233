// The workspace's metadata: standard objects of the profile plus custom objects and fields.
// Lookups by plural, singular and id, and a derived per-object schema the record layer uses.
import { stableUuid } from './ids.js';
import type { FieldDef, FieldMeta, ObjectDef, ObjectMeta } from './types.js';

export interface ObjectSchema {
	meta: ObjectMeta;
	byName: Map<string, FieldMeta>;
	/** Join column name (companyId) → its MANY_TO_ONE relation field. */
	byJoinColumn: Map<string, FieldMeta>;
	/** Fields stored on a row (everything but ONE_TO_MANY relations and TS_VECTOR). */
	stored: FieldMeta[];
	manyToOne: FieldMeta[];
	oneToMany: FieldMeta[];
	unique: FieldMeta[];
}

export const isRelation = (f: FieldMeta) => f.type === 'RELATION' || f.type === 'MORPH_RELATION';
export const isManyToOne = (f: FieldMeta) => isRelation(f) && f.relation?.type === 'MANY_TO_ONE';
export const isOneToMany = (f: FieldMeta) => isRelation(f) && f.relation?.type === 'ONE_TO_MANY';

export class MetadataRegistry {
	readonly objects: ObjectMeta[] = [];
	private schemas = new Map<string, ObjectSchema>();

	constructor(readonly createdAt: string) {}

	static fromDefs(defs: ObjectDef[], createdAt: string): MetadataRegistry {
		const reg = new MetadataRegistry(createdAt);
		for (const def of defs) reg.addObject(reg.objectFromDef(def, false));
		return reg;
	}

	static fromSnapshot(objects: ObjectMeta[], createdAt: string): MetadataRegistry {
		const reg = new MetadataRegistry(createdAt);
		for (const o of objects) reg.addObject(structuredClone(o));
		return reg;
	}

	objectFromDef(def: ObjectDef, isCustom: boolean, at = this.createdAt): ObjectMeta {
		const id = isCustom ? stableUuid(`object:custom:${def.nameSingular}:${at}`) : stableUuid(`object:${def.nameSingular}`);
		const { fields, ...rest } = def;
		const meta: ObjectMeta = { ...rest, id, isCustom, fields: [], createdAt: at, updatedAt: at };
		meta.fields = fields.map((f) => this.fieldFromDef(meta, f, isCustom, at));
		return meta;
	}

	fieldFromDef(object: ObjectMeta, def: FieldDef, isCustom: boolean, at = this.createdAt): FieldMeta {
		const id = stableUuid(`field:${object.id}:${def.name}`);
		return {
			...def,
			id,
			objectId: object.id,
			type: def.type as FieldMeta['type'],
			isCustom,
			isUnique: def.isUnique ?? false,
			isSystem: def.isSystem ?? false,
			options: def.options?.map((o) => ({ id: stableUuid(`option:${id}:${o.value}`), ...o })) ?? null,
			createdAt: at,
			updatedAt: at
		};
	}

	addObject(meta: ObjectMeta): void {
		this.objects.push(meta);
		this.schemas.clear();
	}

	addField(object: ObjectMeta, field: FieldMeta): void {
		object.fields.push(field);
		this.schemas.clear();
	}

	removeField(object: ObjectMeta, field: FieldMeta): void {
		object.fields = object.fields.filter((f) => f !== field);
		this.schemas.clear();
	}

	removeObject(meta: ObjectMeta): void {
		this.objects.splice(this.objects.indexOf(meta), 1);
		this.schemas.clear();
	}

	byPlural(name: string): ObjectMeta | undefined {
		return this.objects.find((o) => o.namePlural === name);
	}

	bySingular(name: string): ObjectMeta | undefined {
		return this.objects.find((o) => o.nameSingular === name);
	}

	byId(id: string): ObjectMeta | undefined {
		return this.objects.find((o) => o.id === id);
	}

	fieldById(id: string): { object: ObjectMeta; field: FieldMeta } | undefined {
		for (const object of this.objects) {
			const field = object.fields.find((f) => f.id === id);
			if (field) return { object, field };
		}
		return undefined;
	}

	schema(nameSingular: string): ObjectSchema {
		let s = this.schemas.get(nameSingular);
		if (!s) {
			const meta = this.bySingular(nameSingular);
			if (!meta) throw new Error(`no object ${nameSingular}`);
			s = buildSchema(meta);
			this.schemas.set(nameSingular, s);
		}
		return s;
	}
}

function buildSchema(meta: ObjectMeta): ObjectSchema {
	const byName = new Map(meta.fields.map((f) => [f.name, f]));
	const manyToOne = meta.fields.filter(isManyToOne);
	return {
		meta,
		byName,
		byJoinColumn: new Map(manyToOne.map((f) => [f.relation!.joinColumn!, f])),
		stored: meta.fields.filter((f) => !isOneToMany(f) && f.type !== 'TS_VECTOR'),
		manyToOne,
		oneToMany: meta.fields.filter(isOneToMany),
		unique: meta.fields.filter((f) => f.isUnique)
	};
}
