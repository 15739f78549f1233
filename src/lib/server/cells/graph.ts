// The dependency graph between a notebook's cells: nodes are cell names, edges come from
// what each cell reads. Duplicate names, cycles and missing names become errors on the cell.
import type { Cell } from './format.js';

export interface CellNode {
	name: string;
	/** Cells of this notebook this cell reads. */
	deps: string[];
	/** A problem that stops this cell from running, in words for the analyst. */
	error?: string;
}

export interface Graph {
	nodes: Map<string, CellNode>;
	/** Cell names in a valid run order (cells in a cycle or with errors still appear, last). */
	order: string[];
}

export interface Reads {
	/** Names the cell reads that may be cells (unqualified or main.*). */
	names: string[];
	/** Names it reads that are neither cells nor existing tables. */
	missing: string[];
	/** Set when the cell's source itself is bad (syntax, not a SELECT). */
	error?: string;
}

/** Cells under a repeated name keep only the first; later ones get an error naming the first. */
export function duplicateErrors(cells: Cell[]): Map<number, string> {
	const first = new Map<string, Cell>();
	const errors = new Map<number, string>();
	cells.forEach((c, i) => {
		const prior = first.get(c.name);
		if (prior) errors.set(i, `the name '${c.name}' is already used by the cell at line ${prior.line}; rename this cell (e.g. ${c.name}_2)`);
		else first.set(c.name, c);
	});
	return errors;
}

export function buildGraph(cells: Cell[], reads: Map<string, Reads>): Graph {
	const names = new Set(cells.map((c) => c.name));
	const nodes = new Map<string, CellNode>();
	for (const c of cells) {
		if (nodes.has(c.name)) continue;
		const r = reads.get(c.name) ?? { names: [], missing: [] };
		const deps = [...new Set(r.names.filter((n) => names.has(n)))];
		let error = r.error;
		if (!error && deps.includes(c.name)) error = `the cell reads itself ('${c.name}'): a cell cannot read the view it defines`;
		if (!error && r.missing.length) error = `'${r.missing[0]}' is neither a cell in this notebook nor a table in the workspace`;
		nodes.set(c.name, { name: c.name, deps: deps.filter((d) => d !== c.name), error });
	}
	return { nodes, order: topoOrder(nodes) };
}

/** Kahn's algorithm; whatever is left belongs to a cycle and is marked so. */
function topoOrder(nodes: Map<string, CellNode>): string[] {
	const indegree = new Map<string, number>();
	const dependents = new Map<string, string[]>();
	for (const n of nodes.values()) {
		indegree.set(n.name, n.deps.length);
		for (const d of n.deps) dependents.set(d, [...(dependents.get(d) ?? []), n.name]);
	}
	const ready = [...nodes.keys()].filter((k) => indegree.get(k) === 0);
	const order: string[] = [];
	while (ready.length) {
		const k = ready.shift()!;
		order.push(k);
		for (const d of dependents.get(k) ?? []) {
			indegree.set(d, indegree.get(d)! - 1);
			if (indegree.get(d) === 0) ready.push(d);
		}
	}
	const left = [...nodes.keys()].filter((k) => !order.includes(k));
	for (const k of left) {
		const node = nodes.get(k)!;
		node.error ??= `cycle: ${cyclePath(nodes, k, new Set(left))}; break it by having one of these cells not read the other`;
	}
	return [...order, ...left];
}

function cyclePath(nodes: Map<string, CellNode>, start: string, inCycle: Set<string>): string {
	const path = [start];
	let at = start;
	for (let i = 0; i < inCycle.size + 1; i++) {
		const next = nodes.get(at)!.deps.find((d) => inCycle.has(d));
		if (!next) break;
		path.push(next);
		if (next === start || path.indexOf(next) < path.length - 1) break;
		at = next;
	}
	return path.join(' → ');
}

/** The cell, its ancestors and its descendants: what one run must consider, in run order. */
export function downstream(graph: Graph, name: string): string[] {
	const out = new Set<string>([name]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const n of graph.nodes.values()) {
			if (!out.has(n.name) && n.deps.some((d) => out.has(d))) {
				out.add(n.name);
				grew = true;
			}
		}
	}
	return graph.order.filter((k) => out.has(k));
}

export function upstream(graph: Graph, name: string): string[] {
	const out = new Set<string>();
	const visit = (k: string) => {
		for (const d of graph.nodes.get(k)?.deps ?? []) if (!out.has(d)) (out.add(d), visit(d));
	};
	visit(name);
	return graph.order.filter((k) => out.has(k));
}
