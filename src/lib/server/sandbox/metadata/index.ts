// Metadata: standard objects per profile, custom objects and fields, their JSON per version.
export { MetadataRegistry, type ObjectSchema } from './registry.js';
export { createField, createObject } from './create.js';
export { fieldJson, objectJson, listEnvelope } from './serialize.js';
export type { FieldMeta, ObjectMeta, FieldDef, ObjectDef, FieldType } from './types.js';
