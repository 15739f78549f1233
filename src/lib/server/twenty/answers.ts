// Twenty's answers, checked where they arrive: one zod schema per kind of answer, drawn from the
// recorded exchanges with real servers (test/fixtures/twenty-recordings: v1.5, the v2.19 and v2.20
// forks). Only what Ferry reads is required; every record and metadata entry keeps its other
// fields as they came (they differ between versions). An answer of another shape stops with a
// FerryError naming the request and what was missing, not a TypeError deep in the loader.
import { z } from 'zod';
import { FerryError } from '../errors.js';
import type { FieldMetadata, ObjectMetadata, PageInfo, TwentyRecord, UploadedFile } from './types.js';

export const recordAnswer: z.ZodType<TwentyRecord> = z.looseObject({ id: z.string() });
/** A delete answers the record (soft) or only its id (destroy). */
export const deletedAnswer: z.ZodType<{ id: string }> = z.looseObject({ id: z.string() });

const option = z.looseObject({
	id: z.string().optional(),
	value: z.string(),
	label: z.string(),
	color: z.string().optional(),
	position: z.number()
});

export const fieldAnswer: z.ZodType<FieldMetadata> = z.looseObject({
	id: z.string(),
	name: z.string(),
	label: z.string(),
	type: z.string(),
	isNullable: z
		.boolean()
		.nullish()
		.transform((v) => v ?? undefined),
	isUnique: z
		.boolean()
		.nullish()
		.transform((v) => v ?? undefined),
	isCustom: z.boolean().optional(),
	isSystem: z.boolean().optional(),
	defaultValue: z.unknown().optional(),
	options: z.array(option).nullish(),
	settings: z.record(z.string(), z.unknown()).nullish(),
	relation: z.unknown().optional()
});

const objectShape = {
	id: z.string(),
	nameSingular: z.string(),
	namePlural: z.string(),
	labelSingular: z.string(),
	labelPlural: z.string(),
	isCustom: z.boolean().optional(),
	isSystem: z.boolean().optional()
};
/** A listed object carries its fields (the loader and the schema step read them). */
export const objectAnswer: z.ZodType<ObjectMetadata> = z.looseObject({ ...objectShape, fields: z.array(fieldAnswer) });
/** A created object comes back without its fields on v2. */
export const createdObjectAnswer = z.looseObject({
	...objectShape,
	fields: z.array(fieldAnswer).optional()
});

/** uploadFilesFieldFile: the loader needs the file's id; path and size come back on every version recorded. */
export const uploadAnswer: z.ZodType<UploadedFile> = z.looseObject({
	id: z.string(),
	path: z.string(),
	size: z.number(),
	createdAt: z.string().optional(),
	url: z.string().optional()
});

/** v1.x sends no hasPreviousPage; an empty page's cursors are null. */
const pageInfo: z.ZodType<PageInfo> = z.looseObject({
	hasNextPage: z.boolean(),
	hasPreviousPage: z.boolean().optional(),
	startCursor: z
		.string()
		.nullish()
		.transform((v) => v ?? null),
	endCursor: z
		.string()
		.nullish()
		.transform((v) => v ?? null)
});

/** Every REST and GraphQL answer: its value under data's single key (createPeople or people, createOneField, …). */
const envelope = z.looseObject({
	data: z.record(z.string(), z.unknown()).refine((d) => Object.keys(d).length === 1, 'expected exactly one key under data')
});
/** A list adds the page: pageInfo (listAll follows its cursor) and totalCount (absent on v1.x metadata). */
const listEnvelope = z.looseObject({ pageInfo, totalCount: z.number().optional() });

/** The value under `data`'s single key, checked against `schema`; `request` names the call in the error ("POST /rest/batch/people"). */
export function readAnswer<T>(request: string, body: unknown, schema: z.ZodType<T>): T {
	const outer = envelope.safeParse(body);
	if (!outer.success) throw unreadable(request, outer.error);
	const [key, value] = Object.entries(outer.data.data)[0];
	const inner = schema.safeParse(value);
	if (!inner.success) throw unreadable(request, inner.error, ['data', key]);
	return inner.data;
}

/** A list answer: the records under data's single key, and its page. */
export function readPage<T>(
	request: string,
	body: unknown,
	schema: z.ZodType<T>
): { records: T[]; totalCount: number; pageInfo: PageInfo } {
	const records = readAnswer(request, body, z.array(schema));
	const page = listEnvelope.safeParse(body);
	if (!page.success) throw unreadable(request, page.error);
	return { records, totalCount: page.data.totalCount ?? records.length, pageInfo: page.data.pageInfo };
}

/** GraphQL's `data` as a whole (a query may ask for several roots). */
export function readGraphql<T>(request: string, body: unknown, schema: z.ZodType<T>): T {
	const outer = z.looseObject({ data: schema }).safeParse(body);
	if (!outer.success) throw unreadable(request, outer.error);
	return outer.data.data;
}

/**
 * 502: the target answered, but not as a Twenty of a version Ferry knows. Names the request and
 * the first paths zod found wrong (field names only: Twenty's values may be a patient's).
 */
function unreadable(request: string, err: z.ZodError, prefix: PropertyKey[] = []): FerryError {
	const issues = err.issues.slice(0, 3).map((i) => `${[...prefix, ...i.path].map(String).join('.') || 'the body'}: ${i.message}`);
	const more = err.issues.length > 3 ? ` (and ${err.issues.length - 3} more)` : '';
	return new FerryError(
		`Twenty's answer to ${request} is not the shape Ferry reads: ${issues.join('; ')}${more}. ` +
			'Check that the target URL is a Twenty server (versions 1.5 to 2.20 are known); a write it answered this way may have been applied, so resume the run to read its records back',
		502,
		{ details: { request, issues: err.issues.slice(0, 10).map((i) => ({ path: [...prefix, ...i.path].map(String), message: i.message })) } }
	);
}
