// Turns a client's record input into a validated patch of stored columns. Keys are field
// names or relation join columns (companyId); anything else is the recorded unknown-field
// error (06_post_person_unknown_field).
import { badRequest } from '../http/errors.js';
import { isRelation, type ObjectSchema } from '../metadata/registry.js';
import type { FieldMeta } from '../metadata/types.js';
import { unknownField } from '../profiles/messages.js';
import { normalizeValue, type ValueContext } from './values.js';

export interface Patch {
	/** Stored column → normalised value; composite values hold only the given subfields. */
	values: Map<string, unknown>;
	/** Source asked for in createdBy, kept on create [TWENTY.md §4.1]. */
	createdBySource?: string;
}

/** Columns a client may not set: the server owns them. */
const SERVER_OWNED = new Set(['updatedBy', 'searchVector']);

export function readInput(ctx: ValueContext, schema: ObjectSchema, input: Record<string, unknown>): Patch {
	const patch: Patch = { values: new Map() };
	for (const [key, raw] of Object.entries(input)) {
		if (raw === undefined) continue;
		const joined = schema.byJoinColumn.get(key);
		if (joined) {
			patch.values.set(key, normalizeValue(ctx, { ...joined, type: 'UUID', name: key }, raw));
			continue;
		}
		const f = schema.byName.get(key);
		if (!f) throw unknownField(ctx.profile, ctx.object, key);
		readField(ctx, f, raw, patch);
	}
	return patch;
}

function readField(ctx: ValueContext, f: FieldMeta, raw: unknown, patch: Patch): void {
	if (isRelation(f)) {
		// Nested relation writes (connect/create) are not mirrored: the loader sets join columns.
		const column = f.relation?.joinColumn;
		throw badRequest(
			column
				? `Relation field "${f.name}" cannot be written by the sandbox; set "${column}" instead`
				: `Relation field "${f.name}" cannot be written; create the related records instead`
		);
	}
	if (SERVER_OWNED.has(f.name)) return;
	if (f.name === 'createdBy') {
		const src = (raw as Record<string, unknown> | null)?.source;
		if (typeof src === 'string') patch.createdBySource = src;
		return;
	}
	patch.values.set(f.name, normalizeValue(ctx, f, raw));
}
