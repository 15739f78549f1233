// Queries: one filter tree for REST and GraphQL, ordering, cursors, paging.
export type { Filter } from './filter.js';
export { parseRestFilter } from './rest-filter.js';
export { parseRestOrderBy, type OrderItem } from './order.js';
export { findMany, matchingRows, type FindArgs, type FindResult } from './find.js';
