export { parseNotebook, serialiseNotebook, cellsOf, NotebookError, type Notebook, type Cell } from './format.js';
export { parseSelect, tableRefs } from './parse-sql.js';
export { listNotebooks, readNotebook, saveNotebook } from './store.js';
export { notebookState, runNotebook } from './run.js';
export { runTs } from './ts-runner.js';
export { selectPage, viewPage, viewStats, workspaceSchema } from './results.js';
export { runFunction } from './function.js';
