// findMany: filter, sort, cursor paging and counts, shared by REST and GraphQL.
import type { ObjectSchema } from '../metadata/registry.js';
import type { Row, Table } from '../records/table.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { compileFilter } from './evaluate.js';
import { mentionsDeletedAt, type Filter } from './filter.js';
import { compareRows, compileOrder, cursorColumns, type OrderItem } from './order.js';

export interface FindArgs {
	filter?: Filter;
	orderBy?: OrderItem[];
	limit: number;
	/** starting_after / GraphQL after. */
	after?: string;
	/** ending_before / GraphQL before. */
	before?: string;
	/** Whether a deletedAt filter may reach soft-deleted rows (profile). */
	allowDeleted?: boolean;
}

export interface FindResult {
	rows: Row[];
	totalCount: number;
	hasNextPage: boolean;
	hasPreviousPage: boolean;
	startCursor: string | null;
	endCursor: string | null;
	cursorOf: (row: Row) => string;
}

/** Rows matching a filter; soft-deleted rows only when the filter mentions deletedAt. */
export function matchingRows(table: Table, schema: ObjectSchema, filter?: Filter, allowDeleted = true): Row[] {
	const withDeleted = allowDeleted && mentionsDeletedAt(filter);
	const pred = compileFilter(schema, filter);
	const out: Row[] = [];
	for (const r of table.rows.values()) if ((withDeleted || !r.deletedAt) && pred(r)) out.push(r);
	return out;
}

export function findMany(table: Table, schema: ObjectSchema, args: FindArgs): FindResult {
	const order = compileOrder(schema, args.orderBy ?? []);
	const columns = cursorColumns(order);
	const all = matchingRows(table, schema, args.filter, args.allowDeleted ?? true).sort((a, b) => compareRows(order, a, b));
	let rows = all;
	if (args.after) {
		const c = decodeCursor(args.after);
		rows = rows.filter((r) => compareRows(order, r, c) > 0);
	}
	const backward = !args.after && !!args.before;
	if (args.before) {
		const c = decodeCursor(args.before);
		rows = rows.filter((r) => compareRows(order, r, c) < 0);
	}
	const page = backward ? rows.slice(Math.max(0, rows.length - args.limit)) : rows.slice(0, args.limit);
	const cursorOf = (r: Row) => encodeCursor(r, columns);
	return {
		rows: page,
		totalCount: all.length,
		// hasNextPage is only computed when paging forward [TWENTY.md §1.3].
		hasNextPage: !backward && rows.length > page.length,
		hasPreviousPage: backward && rows.length > page.length,
		startCursor: page.length ? cursorOf(page[0]) : null,
		endCursor: page.length ? cursorOf(page[page.length - 1]) : null,
		cursorOf
	};
}
