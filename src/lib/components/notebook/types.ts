// Shapes the notebook API answers with (mirrors src/lib/server/cells; browser code cannot import it).
export interface ChartSpec { type: 'bar' | 'line' | 'dot' | 'histogram'; x: string; y?: string }
export interface ProseBlock { kind: 'prose'; text: string }
export interface CellBlock { kind: 'cell'; lang: 'sql' | 'ts'; name: string; source: string; chart?: ChartSpec; line: number; fence: string; info?: string }
export type Block = ProseBlock | CellBlock;
export interface CellOutput {
	view?: string;
	columns?: Array<{ name: string; type: string }>;
	logs?: Array<{ level: string; text: string }>;
	svgs?: string[];
	value?: string;
}
export interface CellState {
	name: string;
	lang: 'sql' | 'ts';
	line: number;
	deps: string[];
	status: 'fresh' | 'stale' | 'error' | 'never';
	error?: string;
	errorLine?: number;
	ms?: number;
	ranAt?: string;
	output?: CellOutput;
}
export interface NotebookFile {
	name: string;
	text: string;
	version: string;
	notebook?: { blocks: Block[]; eol?: '\n' | '\r\n' };
	error?: string;
	cells: CellState[];
}
