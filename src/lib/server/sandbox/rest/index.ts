// REST: record routes (/rest/<plural>, /rest/batch, /rest/restore) and metadata routes.
export { handleRestRecords } from './records.js';
export { handleRestMetadata } from './metadata.js';
