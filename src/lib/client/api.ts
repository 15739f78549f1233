// The browser's one way to call /api: `call(routes.x, …)` builds the URL from the route's
// contract, sends the body as JSON (or a form), and answers with the server's JSON parsed by
// the route's answer schema, so a page gets the contract's type and a drift fails loudly.
// Every refusal and failure is one ApiCallError carrying the server's sentence and, when the
// server failed unexpectedly, the error id its log has. The access token travels as an
// HttpOnly cookie set on the first page visit, so nothing here handles it.
import { ErrorAnswer } from '../shared/contracts/common.js';
import { pathOf, type AnswerOf, type BodyOf, type Route } from '../shared/contracts/routes.js';

export class ApiCallError extends Error {
	constructor(
		/** The HTTP status; 0 when no answer came (the network, or the server stopped). */
		readonly status: number,
		message: string,
		/** Set when the server failed unexpectedly; its log has the same id. */
		readonly errorId?: string,
		/** Set by a recipe replay refused for untrusted code: what to show before trusting it. */
		readonly untrusted?: string
	) {
		super(message);
		this.name = 'ApiCallError';
	}
}

/** True for a call the caller aborted (its AbortSignal fired): nothing to show the person. */
export function isAbort(err: unknown): boolean {
	return (err as { name?: string } | null)?.name === 'AbortError';
}

type Params = Record<string, string | number>;
type Query = Record<string, string | number | boolean | null | undefined>;

export interface CallOptions<B = unknown> {
	/** The route's :params (`{ ws: 'clinic' }`). */
	params?: Params;
	/** Query parameters; undefined and null ones are left out. */
	query?: Query;
	/** A JSON body, or a FormData sent as multipart. */
	body?: B | FormData;
	signal?: AbortSignal;
}

export function urlOf(route: Route, o: Pick<CallOptions, 'params' | 'query'>): string {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== null) q.set(k, String(v));
	const qs = q.toString();
	return `/api${pathOf(route, o.params)}${qs ? `?${qs}` : ''}`;
}

/** The server's refusal as an ApiCallError: its `error` sentence and `errorId`, or the text it sent. */
export async function errorOf(res: Response): Promise<ApiCallError> {
	return refusal(res.status, await res.text().catch(() => ''), res.statusText);
}

/** A refusal from its status and body text (a fetch's or an XMLHttpRequest's). */
export function refusal(status: number, text: string, statusText = ''): ApiCallError {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	const e = ErrorAnswer.safeParse(parsed);
	if (e.success) return new ApiCallError(status, e.data.error, e.data.errorId, e.data.untrusted);
	return new ApiCallError(status, text.trim() || `the server answered ${status} ${statusText}`.trim());
}

/** Sends a request and answers with the Response when it is a success; throws ApiCallError otherwise. */
export async function send(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
	const init: RequestInit = { method, credentials: 'same-origin', signal };
	if (body instanceof FormData) init.body = body;
	else if (body !== undefined) {
		init.headers = { 'content-type': 'application/json' };
		init.body = JSON.stringify(body);
	}
	let res: Response;
	try {
		res = await fetch(url, init);
	} catch (err) {
		if (isAbort(err)) throw err;
		throw new ApiCallError(0, `could not reach the Ferry server (${(err as Error).message}): check that it is running, then try again`);
	}
	if (!res.ok) throw await errorOf(res);
	return res;
}

/** Calls a route that answers JSON; answers with the JSON parsed by the route's contract. */
export async function call<R extends Route>(route: R, o: CallOptions<BodyOf<R>> = {}): Promise<AnswerOf<R>> {
	if (!route.answer) throw new ApiCallError(0, `${route.method} ${route.path} does not answer JSON: use callRaw`);
	const res = await send(route.method, urlOf(route, o), o.body, o.signal);
	const json: unknown = await res.json().catch(() => {
		throw new ApiCallError(res.status, `the server's answer to ${route.method} ${route.path} is not JSON`);
	});
	return parseAnswer(route, res.status, json);
}

/** A route's JSON answer held to its contract; a drift is an ApiCallError naming the fields. */
export function parseAnswer<R extends Route>(route: R, status: number, json: unknown): AnswerOf<R> {
	if (!route.answer) throw new ApiCallError(0, `${route.method} ${route.path} does not answer JSON: use callRaw`);
	const parsed = route.answer.safeParse(json);
	if (!parsed.success) {
		const where = parsed.error.issues
			.slice(0, 3)
			.map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`)
			.join('; ');
		throw new ApiCallError(
			status,
			`the server's answer to ${route.method} ${route.path} does not match its contract (${where}); reload the page, and report it if it repeats`
		);
	}
	return parsed.data as AnswerOf<R>;
}

/** Calls a route that answers something other than JSON (Arrow, a file): the Response, once it is a success. */
export function callRaw<R extends Route>(route: R, o: CallOptions<BodyOf<R>> = {}): Promise<Response> {
	return send(route.method, urlOf(route, o), o.body, o.signal);
}

/** The URL of a route for a link the browser follows itself (a download: CSV, XLSX, Markdown, HTML). */
export function hrefOf<R extends Route>(route: R, o: Pick<CallOptions, 'params' | 'query'> = {}): string {
	return urlOf(route, o);
}

/** Opens a route that answers server-sent events (a run's progress); the cookie goes with it. */
export function openEvents<R extends Route>(route: R, o: Pick<CallOptions, 'params' | 'query'> = {}): EventSource {
	return new EventSource(urlOf(route, o));
}
