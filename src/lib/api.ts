// Browser-side calls to /api. The access token travels as an HttpOnly cookie set on the
// first page visit, so nothing here handles it.

export class ApiCallError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** Set when the server failed unexpectedly; its log has the same id. */
		readonly errorId?: string
	) {
		super(message);
	}
}

async function answer<T>(res: Response): Promise<T> {
	const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
	if (!res.ok) throw new ApiCallError(res.status, typeof body === 'object' && body?.error ? body.error : String(body), typeof body === 'object' ? body?.errorId : undefined);
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

/**
 * Uploads a form with XMLHttpRequest (fetch cannot report upload progress): `onProgress` gets
 * bytes sent and the total, so a 2 GB export shows how far it is instead of a frozen button.
 */
export function uploadForm<T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void): Promise<T> {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', `/api${path}`);
		xhr.withCredentials = true;
		xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
		xhr.onerror = () => reject(new ApiCallError(0, 'the upload was interrupted (network error or the server stopped); try again'));
		xhr.onload = () => {
			let body: unknown = xhr.responseText;
			try {
				body = JSON.parse(xhr.responseText);
			} catch {
				/* not JSON: keep the text */
			}
			if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
			else {
				const b = (typeof body === 'object' && body ? body : {}) as { error?: string; errorId?: string };
				reject(new ApiCallError(xhr.status, b.error ?? String(body), b.errorId));
			}
		};
		xhr.send(form);
	});
}
