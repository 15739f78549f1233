// Records: validation, the in-memory store with unique indexes, writes and their cascades.
export { Store } from './store.js';
export type { Row } from './table.js';
export type { Actor, RecordContext } from './context.js';
export { createRecords, updateRecords, destroyRows, softDeleteRows, restoreRows } from './mutations.js';
export { serializeRow } from './serialize.js';
