// The access token of this server process: given by `ferry serve` in FERRY_TOKEN, or made
// here (e.g. under `vite dev`) and printed once so a person can open the workbench.
import { randomBytes } from 'node:crypto';

let token: string | undefined;

export function newToken(): string {
	return randomBytes(24).toString('base64url');
}

export function serverToken(): string {
	if (token) return token;
	token = process.env.FERRY_TOKEN || newToken();
	if (!process.env.FERRY_TOKEN) {
		process.env.FERRY_TOKEN = token;
		console.log(`Ferry access token for this dev server: ${token}  (open /?token=${token})`);
	}
	return token;
}
