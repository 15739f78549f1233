// The mapping model: which source column (or SQL expression) lands in which Twenty field,
// through which transform, and whether a person confirmed it. Stored as JSON in the
// workspace and validated by zod on every read and write. The schemas are the shared
// contract (the browser reads the same ones); this file adds what only the server needs.
import type { FieldMap } from '../../shared/contracts/mapping.js';

export * from '../../shared/contracts/mapping.js';

/** Push order from docs/contracts.md. */
export const STEPS: Record<string, number> = {
	companies: 1,
	people: 2,
	tasks: 3,
	notes: 4,
	taskTargets: 5,
	noteTargets: 5,
	attachments: 7
};
export const stepOf = (plural: string) => STEPS[plural] ?? 6;

/** The field name in Twenty a mapping writes: `name.firstName` → name, `clinicLocationId` → clinicLocation. */
export function fieldName(f: Pick<FieldMap, 'target' | 'type'>): string {
	const top = f.target.split('.')[0];
	return f.type === 'RELATION' ? top.replace(/Id$/, '') : top;
}
