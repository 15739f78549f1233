export { Workspace, openWorkspace, listWorkspaces, workspaceExists, validateWorkspaceName, closeAllWorkspaces } from './workspace.js';
export type { Row } from './workspace.js';
export { ident, literal, qualified } from './sql.js';
export { INTERNAL_SCHEMA, RAW_SCHEMA } from './schema.js';
export { queryArrow, type ArrowPage } from './arrow.js';
export { auditLog, auditPage } from './audit.js';
export { sourceId, sourceKey } from './ids.js';
export { bindSql, isoDateTextSql, localTimestampSql, zonedTimestampSql, type DateOrder } from './dates.js';
export { parseFragment, cleanFragment, SqlFragmentError, type FragmentKind } from './fragment.js';
