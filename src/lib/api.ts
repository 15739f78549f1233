// Browser-side calls to /api. The access token travels as an HttpOnly cookie set on the
// first page visit, so nothing here handles it.

import { ApiCallError, send } from './client/api.js';

export { ApiCallError };

// Untyped calls by path, on the client's one request and error path (client/api.ts); new code
// calls a route's contract with `call()` from $lib/client instead.
async function body<T>(res: Response): Promise<T> {
	return (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as T;
}

export async function getJson<T>(path: string): Promise<T> {
	return body<T>(await send('GET', `/api${path}`));
}

export async function postJson<T>(path: string, json: unknown): Promise<T> {
	return body<T>(await send('POST', `/api${path}`, json));
}

export async function postForm<T>(path: string, form: FormData): Promise<T> {
	return body<T>(await send('POST', `/api${path}`, form));
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
