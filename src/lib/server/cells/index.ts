export {
	parseNotebook,
	serialiseNotebook,
	cellsOf,
	formatInfo,
	parseChart,
	NotebookError,
	CELL_NAME,
	type Notebook,
	type Cell,
	type Prose,
	type Block,
	type ChartSpec,
	type CellLang
} from './format.js';
export { buildGraph, duplicateErrors, downstream, upstream, type Graph } from './graph.js';
export { parseSelect, tableRefs, cleanSql, CellSqlError } from './parse-sql.js';
export { listNotebooks, readNotebook, saveNotebook, cellsDir, type NotebookFile } from './store.js';
export { notebookState, runNotebook, TS_ROW_LIMIT, type CellState, type CellStatus, type CellOutput, type RunReport } from './run.js';
export { runTs, defaultTsLimits, type TsLimits, type TsResult } from './ts-runner.js';
export { selectPage, viewPage, viewStats, workspaceSchema, type ViewQuery, type ColumnStats } from './results.js';
export {
	runFunction,
	functionLimits,
	functionHash,
	isFunctionExpression,
	type FunctionHost,
	type FunctionInput,
	type FunctionResult
} from './function.js';
