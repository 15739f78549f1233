// Deterministic Twenty ids (DESIGN.md invariant 3): UUID v5 of a source key under the
// workspace namespace. SQL has the same function as ferry.uuid5 / ferry.source_id.
import { v5 } from 'uuid';

/** Source keys name what a record came from: `<entity>:<source id>`, e.g. `patient:100123`. */
export function sourceKey(entity: string, id: string): string {
	return `${entity}:${id}`;
}

export function sourceId(namespace: string, key: string): string {
	return v5(key, namespace);
}
