// Error messages that differ between versions. Recorded ones quote the recording; the v2
// data-arg messages follow data-arg-processor.service.spec.ts.snap (twentyhq/twenty); v1.x
// passes Postgres errors through, so those imitate Postgres.
import { inspect } from 'node:util';
import { ApiError, badRequest, restError } from '../http/errors.js';
import type { Profile } from './index.js';

/** How Twenty's validators print a value: strings in single quotes, objects inline. */
export const show = (v: unknown): string => inspect(v, { breakLength: Infinity, depth: 4 });

export function notFound(p: Profile): ApiError {
	// v1.5 14b: 400 BadRequestException; v2.20 14b: 404 NotFoundException.
	return p.notFoundStatus === 404 ? restError(404, 'NotFoundException', 'Record not found') : badRequest('Record not found');
}

export function unknownField(p: Profile, object: string, field: string): ApiError {
	// Recordings 06_post_person_unknown_field (both versions).
	return p.generation === 1
		? restError(400, 'Error', `Field metadata for field "${field}" is missing in object metadata ${object}`)
		: badRequest(`Object ${object} doesn't have any "${field}" field.`);
}

export function duplicateId(p: Profile): ApiError {
	// 05_post_person_same_id_again: v1.5 "Record already exists", v2.20 duplicate entry.
	return badRequest(p.generation === 1 ? 'Record already exists' : 'A duplicate entry was detected');
}

export function duplicateValue(p: Profile, label: string, value: string): ApiError {
	// 08f_post_duplicate_email_live.
	return p.generation === 1
		? restError(400, 'UserInputError', `Duplicate ${label} with value ${value}. Please set a unique one.`)
		: badRequest('A duplicate entry was detected');
}

export function invalidRecordId(p: Profile, value: unknown): ApiError {
	// 14i_post_person_invalid_id.
	return p.generation === 1
		? badRequest(`invalid input syntax for type uuid: "${String(value)}"`)
		: restError(400, 'Error', `Value "${String(value)}" is not a valid UUID`, { code: 'INVALID_QUERY_INPUT' });
}

export function invalidSelect(p: Profile, schema: string, object: string, field: string, value: unknown, valid: string[]): ApiError {
	// 12e_post_person_bad_select_value.
	return p.generation === 1
		? badRequest(`invalid input value for enum ${schema}."${object}_${field}_enum": "${String(value)}"`)
		: badRequest(`Invalid value "${String(value)}" for field "${field}". Valid values are: ${valid.join(', ')}`);
}

/** A value of the wrong type. v2 wording per field kind; v1 as Postgres words it. */
export function invalidValue(p: Profile, kind: ValueKind, field: string, value: unknown): ApiError {
	if (p.generation === 1) return badRequest(postgresMessage(kind, value));
	return badRequest(dataArgMessage(kind, field, value));
}

export type ValueKind =
	| 'text'
	| 'number'
	| 'boolean'
	| 'uuid'
	| 'date'
	| 'dateTime'
	| 'object'
	| 'email'
	| 'array'
	| 'multiSelect'
	| 'richText'
	| 'files'
	| 'position'
	| 'rating';

function dataArgMessage(kind: ValueKind, field: string, v: unknown): string {
	switch (kind) {
		case 'text':
			return `Invalid string value ${show(v)} for text field "${field}"`;
		case 'number':
			return `Invalid number value ${show(v)} for field "${field}"`;
		case 'boolean':
			return `Invalid boolean value ${show(v)} for field "${field}"`;
		case 'uuid':
			return `Invalid UUID value ${show(v)} for field "${field}"`;
		case 'date':
			return `Invalid value ${show(v)} for date field "${field}". Expected format: 'YYYY-MM-DD'`;
		case 'dateTime':
			return `Invalid value ${show(v)} for date-time field "${field}". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'`;
		case 'object':
			return `Invalid object value ${show(v)} for field "${field}"`;
		case 'email':
			return `Invalid string value ${show(v)} for email field "${field}"`;
		case 'array':
			return `Invalid value ${show(v)} for field "${field} - Array values need to be string"`;
		case 'multiSelect':
			return `Invalid value ${show(v)} for multi select field "${field}"`;
		case 'richText':
			return `Invalid rich text v2 value ${show(v)} for field "${field}" - Should be an object`;
		case 'files':
			return `Invalid value "${show(v)}" for FILES field "${field}" - It should be an array of objects with "fileId" and "label" properties.`;
		case 'position':
			return `Invalid position value ${show(v)} for field "${field}"`;
		case 'rating':
			return `Invalid value ${show(v)} for field "${field}"`;
	}
}

function postgresMessage(kind: ValueKind, v: unknown): string {
	const text = typeof v === 'string' ? v : JSON.stringify(v);
	const pgType: Record<ValueKind, string> = {
		text: 'text',
		number: 'double precision',
		boolean: 'boolean',
		uuid: 'uuid',
		date: 'date',
		dateTime: 'timestamp with time zone',
		object: 'json',
		email: 'text',
		array: 'text[]',
		multiSelect: 'text[]',
		richText: 'json',
		files: 'jsonb',
		position: 'double precision',
		rating: 'text'
	};
	return `invalid input syntax for type ${pgType[kind]}: "${text}"`;
}

/** 10c/08e: a path with more segments than Twenty's path parser accepts. */
export const invalidPath = (path: string) =>
	badRequest(`Query path '${path}' invalid. Valid examples: /rest/companies/id or /rest/companies or /rest/batch/companies`);

/** 14g_get_unknown_object (both versions). */
export const unknownObject = (name: string) => badRequest(`object '${name}' not found. eg: companies`);

/** 14c_get_person_invalid_uuid (both versions). */
export const invalidPathUuid = (value: string) => badRequest(`'${value}' is not a valid UUID`);

/** 14a_get_people_no_auth (both versions). An invalid key answers the same shape [unconfirmed message]. */
export const forbidden = (message: string) =>
	new ApiError(403, { statusCode: 403, messages: [message], error: 'FORBIDDEN_EXCEPTION' }, 'FORBIDDEN');

/** Postgres foreign-key violation, passed through as a 400 [code-inferred: unmapped QueryFailedError]. */
export const foreignKeyViolation = (table: string, column: string) =>
	badRequest(`insert or update on table "${table}" violates foreign key constraint "FK_${table}_${column}"`);
