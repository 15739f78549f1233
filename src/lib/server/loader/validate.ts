// Validates staged payloads against the target's actual metadata (DESIGN invariant 6): every
// key must be a writable field of the object, composite values must have Twenty's shapes and
// select values must be among the field's options. Schemas are built per object, once.
import { z } from 'zod';
import { compositeProblems, type FieldMetadata, type ObjectMetadata } from '../twenty/index.js';

// createdAt is writable on create (recording v2.19 q1_01): migrated records keep their original date.
const SYSTEM = new Set(['id', 'updatedAt', 'deletedAt', 'updatedBy', 'searchVector']);
const str = z.string().nullable().optional();
const strArray = z.array(z.string()).nullable().optional();
const num = z
	.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a number')])
	.nullable()
	.optional();

const COMPOSITES: Record<string, z.ZodTypeAny> = {
	FULL_NAME: z.strictObject({ firstName: str, lastName: str }),
	EMAILS: z.strictObject({ primaryEmail: str, additionalEmails: strArray }),
	PHONES: z.strictObject({
		primaryPhoneNumber: str,
		primaryPhoneCountryCode: str,
		primaryPhoneCallingCode: str,
		additionalPhones: z
			.array(z.strictObject({ number: z.string(), countryCode: str, callingCode: str }))
			.nullable()
			.optional()
	}),
	LINKS: z.strictObject({
		primaryLinkUrl: str,
		primaryLinkLabel: str,
		secondaryLinks: z
			.array(z.strictObject({ url: z.string(), label: str }))
			.nullable()
			.optional()
	}),
	ADDRESS: z.strictObject({
		addressStreet1: str,
		addressStreet2: str,
		addressCity: str,
		addressPostcode: str,
		addressState: str,
		addressCountry: str,
		addressLat: num,
		addressLng: num
	}),
	CURRENCY: z.strictObject({ amountMicros: num, currencyCode: str }),
	RICH_TEXT: z.strictObject({ blocknote: str, markdown: str }),
	RICH_TEXT_V2: z.strictObject({ blocknote: str, markdown: str }),
	ACTOR: z.object({
		source: z.string(),
		workspaceMemberId: z.uuid().nullable().optional(),
		name: str,
		context: z.record(z.string(), z.unknown()).optional()
	}),
	FILES: z
		.array(z.object({ fileId: z.string(), label: z.string() }).loose())
		.nullable()
		.optional()
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const isoDateTime = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)), 'expected an ISO date-time');

function optionValues(f: FieldMetadata): [string, ...string[]] | null {
	const values = (f.options ?? []).map((o) => o.value);
	return values.length ? (values as [string, ...string[]]) : null;
}

function fieldSchema(f: FieldMetadata): z.ZodTypeAny | null {
	if (COMPOSITES[f.type]) return COMPOSITES[f.type].nullable().optional();
	switch (f.type) {
		case 'TEXT':
			return z.string().nullable().optional();
		case 'NUMBER':
			return z.number().nullable().optional();
		case 'NUMERIC':
			return num;
		case 'BOOLEAN':
			return z.boolean().nullable().optional();
		case 'DATE':
			return isoDate.nullable().optional();
		case 'DATE_TIME':
			return isoDateTime.nullable().optional();
		case 'UUID':
			return z.uuid().nullable().optional();
		case 'POSITION':
			return z.number().nullable().optional();
		case 'RAW_JSON':
			return z.unknown();
		case 'ARRAY':
			return z.array(z.string()).nullable().optional();
		case 'RATING':
			return z.enum(['RATING_1', 'RATING_2', 'RATING_3', 'RATING_4', 'RATING_5']).nullable().optional();
		case 'SELECT': {
			const v = optionValues(f);
			return v ? z.enum(v).nullable().optional() : z.string().nullable().optional();
		}
		case 'MULTI_SELECT': {
			const v = optionValues(f);
			return z
				.array(v ? z.enum(v) : z.string())
				.nullable()
				.optional();
		}
		default:
			return null;
	}
}

/** Relation fields are written through their join column: company → companyId. */
function joinColumn(f: FieldMetadata): string | null {
	if (f.type === 'MORPH_RELATION') return `${f.name}Id`;
	if (f.type !== 'RELATION') return null;
	const kind = (f.settings as { relationType?: string } | null)?.relationType ?? (f.relation as { type?: string } | undefined)?.type;
	return kind === 'MANY_TO_ONE' ? `${f.name}Id` : null;
}

export function payloadSchema(object: ObjectMetadata): z.ZodTypeAny {
	const shape: Record<string, z.ZodTypeAny> = {};
	for (const f of object.fields) {
		if (SYSTEM.has(f.name) || f.type === 'TS_VECTOR') continue;
		const join = joinColumn(f);
		if (join) shape[join] = z.uuid(`${join} must be a record id (UUID)`).nullable().optional();
		const s = fieldSchema(f);
		if (s) shape[f.name] = s;
	}
	return z.strictObject(shape);
}

export type RecordCheck = { ok: true } | { ok: false; reasons: string[] };

export function makeValidator(objects: ObjectMetadata[]) {
	const byPlural = new Map(objects.map((o) => [o.namePlural, o]));
	const schemas = new Map<string, z.ZodTypeAny>();
	return {
		has: (plural: string) => byPlural.has(plural),
		check(plural: string, payload: unknown): RecordCheck {
			const object = byPlural.get(plural);
			if (!object) return { ok: false, reasons: [`the target has no object '${plural}'`] };
			let schema = schemas.get(plural);
			if (!schema) schemas.set(plural, (schema = payloadSchema(object)));
			if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
				return { ok: false, reasons: ['payload is not a JSON object'] };
			if ('id' in payload) return { ok: false, reasons: ['payload must not carry id: the loader sets it from the source key'] };
			const r = schema.safeParse(payload);
			if (!r.success) return { ok: false, reasons: r.error.issues.map((i) => describe(object, i)) };
			// The shapes fit: now the values Twenty itself refuses (link URLs, emails, phones).
			const refused = object.fields.flatMap((f) =>
				compositeProblems(f.type, (payload as Record<string, unknown>)[f.name]).map((m) => `${f.name}.${m} (Twenty refuses it)`)
			);
			return refused.length ? { ok: false, reasons: refused } : { ok: true };
		}
	};
}

/** Messages name the field and the rule, never the value (values may be PHI). */
function describe(object: ObjectMetadata, i: z.core.$ZodIssue): string {
	const at = i.path.join('.');
	if (i.code === 'unrecognized_keys')
		return `${at ? `${at}: ` : ''}unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')} on ${object.nameSingular}`;
	if (i.code === 'invalid_value' && 'values' in i) return `${at}: not one of the target's options (${(i.values as unknown[]).join(', ')})`;
	return `${at}: ${i.message}`;
}
