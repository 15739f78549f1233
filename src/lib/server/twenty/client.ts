// A small typed client for Twenty's REST and GraphQL APIs. It accepts the response keys of
// every version (createPeople or people, …) by reading the single key under `data`, throws a
// TwentyError on any failure, and never retries.
import { errorMessages, retryAfterMs, TwentyError } from './errors.js';
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

type Json = Record<string, any>;

export function createTwentyClient(options: TwentyClientOptions) {
	const base = options.url.replace(/\/+$/, '');
	const doFetch = options.fetch ?? fetch;
	const auth = { Authorization: `Bearer ${options.apiKey}` };

	async function send(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<Json> {
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
		if (!res.ok)
			throw new TwentyError(res.status, errorMessages(parsed), retryAfterMs(res.headers, parsed), parsed, (parsed as Json)?.code);
		const json = parsed as Json;
		if (Array.isArray(json.errors) && json.errors.length)
			throw new TwentyError(
				res.status,
				errorMessages(json),
				retryAfterMs(res.headers, json.errors[0]?.extensions),
				json,
				json.errors[0]?.extensions?.code
			);
		return json;
	}

	/** The value under data's single key: createPerson or person, createPeople or people. */
	const only = (json: Json): any => Object.values(json.data ?? {})[0];
	const q = (params: Record<string, string | number | undefined>) => {
		const s = new URLSearchParams();
		for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
		const str = s.toString();
		return str ? `?${str}` : '';
	};
	const rest = (plural: string, id?: string) => `/rest/${encodeURIComponent(plural)}${id ? `/${encodeURIComponent(id)}` : ''}`;

	async function list<T = TwentyRecord>(plural: string, o: ListOptions = {}): Promise<Page<T>> {
		const json = await send(
			'GET',
			rest(plural) +
				q({
					filter: o.filter,
					order_by: o.orderBy,
					limit: o.limit,
					starting_after: o.startingAfter,
					ending_before: o.endingBefore,
					depth: o.depth,
					fields: o.fields?.join(',')
				})
		);
		return { records: only(json) ?? [], totalCount: json.totalCount ?? 0, pageInfo: json.pageInfo };
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
		get: async <T = TwentyRecord>(plural: string, id: string, o: { depth?: 0 | 1 } = {}): Promise<T> =>
			only(await send('GET', rest(plural, id) + q({ depth: o.depth }))),
		create: async <T = TwentyRecord>(plural: string, record: Record<string, unknown>, o: { upsert?: boolean } = {}): Promise<T> =>
			only(await send('POST', rest(plural) + upsertQ(o.upsert), record)),
		createMany: async <T = TwentyRecord>(plural: string, records: Record<string, unknown>[], o: { upsert?: boolean } = {}): Promise<T[]> =>
			only(await send('POST', `/rest/batch/${encodeURIComponent(plural)}${upsertQ(o.upsert)}`, records)),
		update: async <T = TwentyRecord>(plural: string, id: string, patch: Record<string, unknown>): Promise<T> =>
			only(await send('PATCH', rest(plural, id), patch)),
		updateMany: async <T = TwentyRecord>(plural: string, filter: string, patch: Record<string, unknown>): Promise<T[]> =>
			only(await send('PATCH', rest(plural) + q({ filter }), patch)),
		/** Destroys, or soft-deletes with {soft: true} (servers that honour soft_delete). */
		delete: async (plural: string, id: string, o: { soft?: boolean } = {}): Promise<{ id: string }> =>
			only(await send('DELETE', rest(plural, id) + q({ soft_delete: o.soft ? 'true' : undefined }))),
		deleteMany: async (plural: string, filter: string, o: { soft?: boolean } = {}): Promise<Array<{ id: string }>> =>
			only(await send('DELETE', rest(plural) + q({ filter, soft_delete: o.soft ? 'true' : undefined }))),
		restore: async <T = TwentyRecord>(plural: string, id: string): Promise<T> =>
			only(await send('PATCH', `/rest/restore/${encodeURIComponent(plural)}/${encodeURIComponent(id)}`)),
		restoreMany: async <T = TwentyRecord>(plural: string, filter: string): Promise<T[]> =>
			only(await send('PATCH', `/rest/restore/${encodeURIComponent(plural)}${q({ filter })}`)),
		metadata: {
			listObjects: async (): Promise<ObjectMetadata[]> => only(await send('GET', '/rest/metadata/objects')),
			listFields: async (): Promise<FieldMetadata[]> => only(await send('GET', '/rest/metadata/fields')),
			createObject: async (input: CreateObjectInput): Promise<ObjectMetadata> => only(await send('POST', '/rest/metadata/objects', input)),
			createField: async (input: CreateFieldInput): Promise<FieldMetadata> => only(await send('POST', '/rest/metadata/fields', input)),
			/** updateOneField: a SELECT's `options` is the whole list (kept options with their ids, then new ones). */
			updateField: async (id: string, update: Record<string, unknown>): Promise<FieldMetadata> =>
				only(await send('PATCH', `/rest/metadata/fields/${encodeURIComponent(id)}`, update))
		},
		graphql: async <T = Json>(
			query: string,
			variables: Record<string, unknown> = {},
			endpoint: '/graphql' | '/metadata' = '/graphql'
		): Promise<T> => (await send('POST', endpoint, { query, variables })).data as T,
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
			return only(await send('POST', '/metadata', form, { headers: { 'apollo-require-preflight': 'true' } }));
		}
	};
}

export type TwentyClient = ReturnType<typeof createTwentyClient>;
