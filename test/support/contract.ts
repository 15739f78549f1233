// Holds every JSON answer the API tests get to its route's contract (src/lib/shared/contracts):
// the browser parses answers with the same schemas, so an answer that drifts from its contract
// would break a page; here it fails the test that got it, naming the route and the fields.
import { routeFor } from '../../src/lib/shared/contracts/routes.js';

/** Throws when `res` is a successful JSON answer of a known route that does not match the route's answer schema. */
export async function holdToContract(method: string, url: string, res: Response): Promise<Response> {
	if (!res.ok || !(res.headers.get('content-type') ?? '').includes('application/json')) return res;
	const pathname = new URL(url, 'http://x').pathname;
	if (!pathname.startsWith('/api/')) return res;
	const route = routeFor(method, pathname.slice('/api'.length));
	if (!route?.answer) return res;
	const parsed = route.answer.safeParse(await res.clone().json());
	if (!parsed.success) {
		const where = parsed.error.issues
			.slice(0, 5)
			.map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`)
			.join('; ');
		throw new Error(`${method} ${route.path} answered outside its contract (src/lib/shared/contracts): ${where}`);
	}
	return res;
}
