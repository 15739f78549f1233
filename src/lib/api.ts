// Browser-side calls to /api. The access token travels as an HttpOnly cookie set on the
// first page visit, so nothing here handles it.

export class ApiCallError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

async function answer<T>(res: Response): Promise<T> {
	const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
	if (!res.ok) throw new ApiCallError(res.status, typeof body === 'object' && body?.error ? body.error : String(body));
	return body as T;
}

export async function getJson<T>(path: string): Promise<T> {
	return answer<T>(await fetch(`/api${path}`, { credentials: 'same-origin' }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
	return answer<T>(await fetch(`/api${path}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

export async function postForm<T>(path: string, form: FormData): Promise<T> {
	return answer<T>(await fetch(`/api${path}`, { method: 'POST', credentials: 'same-origin', body: form }));
}
