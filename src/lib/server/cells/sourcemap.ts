// A generated line of a TS cell back to the cell's line, through esbuild's source map.
import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/**
 * 1-based original line for a 1-based generated line/column, or null when unmapped. A column
 * before the line's first mapping takes that first mapping (a throw at the start of a line).
 */
export function originalLine(mappings: string, line: number, column = 1): number | null {
	const map = new TraceMap({ version: 3, sources: ['cell.ts'], names: [], mappings });
	const at = { line, column: Math.max(0, column - 1) };
	const pos = originalPositionFor(map, { ...at, bias: GREATEST_LOWER_BOUND });
	const found = pos.line ?? originalPositionFor(map, { ...at, bias: LEAST_UPPER_BOUND }).line;
	return found ?? null;
}
