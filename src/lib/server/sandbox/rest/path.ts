// Twenty's REST path parsing (parse-core-path.utils.ts): /rest/<plural>[/<id>],
// /rest/batch/<plural>, /rest/restore/<plural>[/<id>]; more segments are an invalid path
// (recordings 10c, 10d, and v2.20 08e for restore-by-id).
import { isUuid } from '../metadata/ids.js';
import type { ObjectMeta } from '../metadata/types.js';
import type { MetadataRegistry } from '../metadata/registry.js';
import type { Profile } from '../profiles/index.js';
import { invalidPath, invalidPathUuid, unknownObject } from '../profiles/messages.js';
import { badRequest } from '../http/errors.js';

export interface CoreRoute {
	kind: 'plain' | 'batch' | 'restore';
	object: ObjectMeta;
	id?: string;
}

const UNSUPPORTED = new Set(['duplicates', 'groupBy', 'merge']);

export function parseCorePath(pathname: string, registry: MetadataRegistry, profile: Profile): CoreRoute {
	const segments = pathname.split('/').filter(Boolean).slice(1);
	const kind = segments[0] === 'batch' || segments[0] === 'restore' ? segments[0] : 'plain';
	const rest = kind === 'plain' ? segments : segments.slice(1);
	const maxSegments = kind === 'batch' || (kind === 'restore' && !profile.restoreOneByPath) ? 1 : 2;
	if (rest.length === 0 || rest.length > maxSegments) throw invalidPath(pathname);
	const object = registry.byPlural(rest[0]);
	if (!object) throw unknownObject(rest[0]);
	const id = rest[1];
	if (id !== undefined && UNSUPPORTED.has(id)) throw badRequest(`The Ferry sandbox does not implement /rest/${rest[0]}/${id}`);
	if (id !== undefined && !isUuid(id)) throw invalidPathUuid(id);
	return { kind, object, id };
}
