// A small typed client for Twenty's REST and GraphQL APIs. It accepts the response keys of
// every version (createPeople or people, …) by reading the single key under `data`, checks each
// answer's shape (answers.ts), throws a TwentyError on any refusal, and never retries.
import { z } from 'zod';
import { errorMessages, retryAfterMs, TwentyError } from './errors.js';
import {
	createdObjectAnswer,
	deletedAnswer,
	fieldAnswer,
	objectAnswer,
	readAnswer,
	readGraphql,
	readPage,
	recordAnswer,
	uploadAnswer
} from './answers.js';
import { log, since } from '../log/index.js';
import type {
	CreateFieldInput,
	CreateObjectInput,
	FieldMetadata,
	ListOptions,
	ObjectMetadata,
	Page,
	TwentyRecord,
	UploadedFile
} from './types.js';

export interface TwentyClientOptions {
	url: string;
	apiKey: string;
	fetch?: typeof fetch;
}

/** A GraphQL error entry as far as Ferry reads it. */
type GraphqlErrors = { errors?: Array<{ extensions?: { code?: string } }> };

export function createTwentyClient(options: TwentyClientOptions) {
	const base = options.url.replace(/\/+$/, '');
	const doFetch = options.fetch ?? fetch;
	const auth = { Authorization: `Bearer ${options.apiKey}` };

	async function send(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<unknown> {
		let res: Response;
		const start = performance.now();
		try {
			res = await doFetch(base + path, {
				method,
				...init,
				headers: {
					...auth,
					...(body !== undefined && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}),
					...init.headers
				},
				body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body)
			});
		} catch (err) {
			throw new TwentyError(0, [err instanceof Error ? err.message : String(err)], undefined, undefined, 'NETWORK');
		}
		const text = await res.text();
		log.trace('twenty.request', { method, path: path.split('?')[0], status: res.status, ms: since(start), bytes: text.length });
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : {};
		} catch {
			/* keep the text */
		}
		if (!res.ok) {
			const code = (parsed as { code?: unknown } | null)?.code;
			throw new TwentyError(
				res.status,
				errorMessages(parsed),
				retryAfterMs(res.headers, parsed),
				parsed,
				typeof code === 'string' ? code : undefined
			);
		}
		const errors = (parsed as GraphqlErrors | null)?.errors;
		if (Array.isArray(errors) && errors.length)
			throw new TwentyError(
				res.status,
				errorMessages(parsed),
				retryAfterMs(res.headers, errors[0]?.extensions),
				parsed,
				errors[0]?.extensions?.code
			);
		return parsed;
	}

	/**
	 * A record checked for its id only: what else it holds depends on the workspace's fields, so
	 * T (the fields a caller expects of its own object) is the caller's word, not checked here.
	 */
	const record = <T>() => recordAnswer as unknown as z.ZodType<T>;
	/** Sends, then reads the value under data's single key (createPerson or person, createPeople or people) as `schema` says. */
	const answer = async <T>(schema: z.ZodType<T>, method: string, path: string, body?: unknown, init?: RequestInit): Promise<T> =>
		readAnswer(`${method} ${path.split('?')[0]}`, await send(method, path, body, init), schema);
	const q = (params: Record<string, string | number | undefined>) => {
		const s = new URLSearchParams();
		for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
		const str = s.toString();
		return str ? `?${str}` : '';
	};
	const rest = (plural: string, id?: string) => `/rest/${encodeURIComponent(plural)}${id ? `/${encodeURIComponent(id)}` : ''}`;

	async function list<T = TwentyRecord>(plural: string, o: ListOptions = {}): Promise<Page<T>> {
		const path =
			rest(plural) +
			q({
				filter: o.filter,
				order_by: o.orderBy,
				limit: o.limit,
				starting_after: o.startingAfter,
				ending_before: o.endingBefore,
				depth: o.depth,
				fields: o.fields?.join(',')
			});
		return readPage(`GET ${rest(plural)}`, await send('GET', path), record<T>());
	}

	async function* listAll<T = TwentyRecord>(plural: string, o: ListOptions = {}): AsyncGenerator<T> {
		let after = o.startingAfter;
		for (;;) {
			const page = await list<T>(plural, { ...o, startingAfter: after });
			yield* page.records;
			if (!page.pageInfo?.hasNextPage || !page.pageInfo.endCursor) return;
			after = page.pageInfo.endCursor;
		}
	}

	const upsertQ = (upsert?: boolean) => (upsert ? '?upsert=true' : '');

	return {
		list,
		listAll,
		get: <T = TwentyRecord>(plural: string, id: string, o: { depth?: 0 | 1 } = {}): Promise<T> =>
			answer(record<T>(), 'GET', rest(plural, id) + q({ depth: o.depth })),
		create: <T = TwentyRecord>(plural: string, body: Record<string, unknown>, o: { upsert?: boolean } = {}): Promise<T> =>
			answer(record<T>(), 'POST', rest(plural) + upsertQ(o.upsert), body),
		createMany: <T = TwentyRecord>(plural: string, records: Record<string, unknown>[], o: { upsert?: boolean } = {}): Promise<T[]> =>
			answer(z.array(record<T>()), 'POST', `/rest/batch/${encodeURIComponent(plural)}${upsertQ(o.upsert)}`, records),
		update: <T = TwentyRecord>(plural: string, id: string, patch: Record<string, unknown>): Promise<T> =>
			answer(record<T>(), 'PATCH', rest(plural, id), patch),
		updateMany: <T = TwentyRecord>(plural: string, filter: string, patch: Record<string, unknown>): Promise<T[]> =>
			answer(z.array(record<T>()), 'PATCH', rest(plural) + q({ filter }), patch),
		/** Destroys, or soft-deletes with {soft: true} (servers that honour soft_delete). */
		delete: (plural: string, id: string, o: { soft?: boolean } = {}): Promise<{ id: string }> =>
			answer(deletedAnswer, 'DELETE', rest(plural, id) + q({ soft_delete: o.soft ? 'true' : undefined })),
		deleteMany: (plural: string, filter: string, o: { soft?: boolean } = {}): Promise<Array<{ id: string }>> =>
			answer(z.array(deletedAnswer), 'DELETE', rest(plural) + q({ filter, soft_delete: o.soft ? 'true' : undefined })),
		restore: <T = TwentyRecord>(plural: string, id: string): Promise<T> =>
			answer(record<T>(), 'PATCH', `/rest/restore/${encodeURIComponent(plural)}/${encodeURIComponent(id)}`),
		restoreMany: <T = TwentyRecord>(plural: string, filter: string): Promise<T[]> =>
			answer(z.array(record<T>()), 'PATCH', `/rest/restore/${encodeURIComponent(plural)}${q({ filter })}`),
		metadata: {
			listObjects: async (): Promise<ObjectMetadata[]> =>
				readPage('GET /rest/metadata/objects', await send('GET', '/rest/metadata/objects'), objectAnswer).records,
			listFields: async (): Promise<FieldMetadata[]> =>
				readPage('GET /rest/metadata/fields', await send('GET', '/rest/metadata/fields'), fieldAnswer).records,
			createObject: (input: CreateObjectInput) => answer(createdObjectAnswer, 'POST', '/rest/metadata/objects', input),
			createField: (input: CreateFieldInput): Promise<FieldMetadata> => answer(fieldAnswer, 'POST', '/rest/metadata/fields', input),
			/** updateOneField: a SELECT's `options` is the whole list (kept options with their ids, then new ones). */
			updateField: (id: string, update: Record<string, unknown>): Promise<FieldMetadata> =>
				answer(fieldAnswer, 'PATCH', `/rest/metadata/fields/${encodeURIComponent(id)}`, update)
		},
		/** GraphQL's `data`, checked against `schema`: the caller says what the query answers. */
		graphql: async <T>(
			query: string,
			schema: z.ZodType<T>,
			variables: Record<string, unknown> = {},
			endpoint: '/graphql' | '/metadata' = '/graphql'
		): Promise<T> => readGraphql(`POST ${endpoint}`, await send('POST', endpoint, { query, variables }), schema),
		/** Multipart upload of one file into a FILES field (v2: uploadFilesFieldFile on /metadata). */
		uploadFile: async (file: {
			data: Blob | Uint8Array;
			filename: string;
			contentType?: string;
			fieldMetadataId: string;
		}): Promise<UploadedFile> => {
			const form = new FormData();
			const query =
				'mutation($file: Upload!, $fieldMetadataId: String!) { uploadFilesFieldFile(file: $file, fieldMetadataId: $fieldMetadataId) { id path size createdAt url } }';
			form.set('operations', JSON.stringify({ query, variables: { file: null, fieldMetadataId: file.fieldMetadataId } }));
			form.set('map', JSON.stringify({ 0: ['variables.file'] }));
			const blob =
				file.data instanceof Blob
					? file.data
					: new Blob([new Uint8Array(file.data)], { type: file.contentType ?? 'application/octet-stream' });
			form.set('0', blob, file.filename);
			return answer(uploadAnswer, 'POST', '/metadata', form, { headers: { 'apollo-require-preflight': 'true' } });
		}
	};
}

export type TwentyClient = ReturnType<typeof createTwentyClient>;
