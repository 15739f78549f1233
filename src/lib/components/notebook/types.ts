// Shapes the notebook API answers with: the shared contract's.
export type { Block, CellBlock, CellOutput, CellState, ChartSpec, NotebookFile, ProseBlock } from '$lib/shared/contracts/notebook';
