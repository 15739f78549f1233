// Uploads a form to a route with XMLHttpRequest (fetch cannot report upload progress), so a
// 2 GB export shows how far it is instead of a frozen button. The answer is held to the route's
// contract and a refusal is the same ApiCallError `call()` throws.
import { ApiCallError, parseAnswer, refusal, urlOf } from './api.js';
import type { AnswerOf, Route } from '../shared/contracts/routes.js';

export interface UploadOptions {
	params?: Record<string, string | number>;
	body: FormData;
	/** Called with the bytes sent and the total (0 when the browser does not know it). */
	onProgress: (sent: number, total: number) => void;
}

export function upload<R extends Route>(route: R, o: UploadOptions): Promise<AnswerOf<R>> {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open(route.method, urlOf(route, o));
		xhr.withCredentials = true;
		xhr.upload.onprogress = (e) => o.onProgress(e.loaded, e.lengthComputable ? e.total : 0);
		xhr.onerror = () => reject(new ApiCallError(0, 'the upload was interrupted (network error or the server stopped); try again'));
		xhr.onload = () => {
			if (xhr.status < 200 || xhr.status >= 300) return reject(refusal(xhr.status, xhr.responseText, xhr.statusText));
			try {
				resolve(parseAnswer(route, xhr.status, JSON.parse(xhr.responseText)));
			} catch (err) {
				reject(
					err instanceof ApiCallError
						? err
						: new ApiCallError(xhr.status, `the server's answer to ${route.method} ${route.path} is not JSON`)
				);
			}
		};
		xhr.send(o.body);
	});
}
