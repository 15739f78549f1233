// Workspace GraphQL (/graphql) resolvers over the same store as REST. Names follow
// get-resolver-name.util.ts: people / person, createPerson / createPeople, update*, delete*
// (soft), destroy* (hard), restore* [TWENTY.md §2].
import type { SandboxCore } from '../core.js';
import { badRequest, restError } from '../http/errors.js';
import { capitalize } from '../metadata/names.js';
import type { ObjectMeta } from '../metadata/types.js';
import { notFound } from '../profiles/messages.js';
import { findMany, matchingRows } from '../query/find.js';
import type { RecordContext } from '../records/context.js';
import { createRecords, destroyRows, restoreRows, softDeleteRows, updateRecords } from '../records/mutations.js';
import type { Row } from '../records/table.js';
import { MUTATION_MAXIMUM_AFFECTED_RECORDS, QUERY_DEFAULT_LIMIT_RECORDS } from '../rest/params.js';
import { graphqlFilter, graphqlOrderBy } from './args.js';
import type { GqlField } from './parse.js';
import { GqlFieldError, selectConnection, selectRecord } from './select.js';

type Args = Record<string, unknown>;
type Resolver = (core: SandboxCore, ctx: RecordContext, o: ObjectMeta, args: Args, sel: GqlField[] | null) => unknown;

const records = (ctx: RecordContext, o: ObjectMeta, rows: Row[], sel: GqlField[] | null) =>
	rows.map((r) => selectRecord(ctx, o.nameSingular, r, sel));

function live(core: SandboxCore, o: ObjectMeta, id: unknown, withDeleted = false): Row {
	const row = typeof id === 'string' ? core.store.get(o.nameSingular, id) : undefined;
	if (!row || (row.deletedAt && !withDeleted)) throw notFound(core.profile);
	return row;
}

function filtered(core: SandboxCore, o: ObjectMeta, args: Args, extraDeleted = false): Row[] {
	const filter = graphqlFilter(args.filter);
	if (!filter) throw badRequest('Filter is required');
	const table = core.store.table(o.nameSingular);
	const schema = core.registry.schema(o.nameSingular);
	const rows = extraDeleted
		? matchingRows(table, schema, { kind: 'and', items: [filter, { kind: 'cmp', path: ['deletedAt'], op: 'is', value: 'NOT_NULL' }] })
		: matchingRows(table, schema, filter, core.profile.deletedAtFilterFindsSoftDeleted);
	if (rows.length > MUTATION_MAXIMUM_AFFECTED_RECORDS)
		throw badRequest(`Maximum number of records to update is ${MUTATION_MAXIMUM_AFFECTED_RECORDS}.`);
	return rows;
}

function checkBatch(core: SandboxCore, data: unknown): unknown[] {
	if (!Array.isArray(data)) throw badRequest('data must be a list');
	const max = core.profile.batchMax;
	if (max !== null && data.length > max) throw badRequest(`Maximum number of records to upsert is ${max}.`);
	return data;
}

const findManyResolver: Resolver = (core, ctx, o, args, sel) => {
	const cap = core.profile.listMaxLimit;
	const wanted = Number(args.first ?? args.last ?? QUERY_DEFAULT_LIMIT_RECORDS);
	const found = findMany(core.store.table(o.nameSingular), core.registry.schema(o.nameSingular), {
		filter: graphqlFilter(args.filter),
		orderBy: graphqlOrderBy(args.orderBy),
		limit: cap === null ? wanted : Math.min(wanted, cap),
		after: (args.after as string) ?? undefined,
		before: (args.before as string) ?? undefined,
		allowDeleted: core.profile.deletedAtFilterFindsSoftDeleted
	});
	return selectConnection(ctx, o.nameSingular, found, sel);
};

const findOneResolver: Resolver = (core, ctx, o, args, sel) => {
	const rows = matchingRows(core.store.table(o.nameSingular), core.registry.schema(o.nameSingular), graphqlFilter(args.filter));
	if (!rows.length) throw notFound(core.profile);
	return selectRecord(ctx, o.nameSingular, rows[0], sel);
};

const RESOLVERS: Array<{ name: (o: ObjectMeta) => string; op: 'query' | 'mutation'; run: Resolver }> = [
	{ op: 'query', name: (o) => o.namePlural, run: findManyResolver },
	{ op: 'query', name: (o) => o.nameSingular, run: findOneResolver },
	{
		op: 'mutation',
		name: (o) => `create${capitalize(o.namePlural)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, createRecords(ctx, o.nameSingular, checkBatch(core, a.data), a.upsert === true), sel)
	},
	{
		op: 'mutation',
		name: (o) => `create${capitalize(o.nameSingular)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, createRecords(ctx, o.nameSingular, [a.data ?? {}], a.upsert === true), sel)[0]
	},
	{
		op: 'mutation',
		name: (o) => `update${capitalize(o.namePlural)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, updateRecords(ctx, o.nameSingular, filtered(core, o, a), a.data ?? {}), sel)
	},
	{
		op: 'mutation',
		name: (o) => `update${capitalize(o.nameSingular)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, updateRecords(ctx, o.nameSingular, [live(core, o, a.id)], a.data ?? {}), sel)[0]
	},
	{
		op: 'mutation',
		name: (o) => `delete${capitalize(o.namePlural)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, softDeleteRows(ctx, o.nameSingular, filtered(core, o, a)), sel)
	},
	{
		op: 'mutation',
		name: (o) => `delete${capitalize(o.nameSingular)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, softDeleteRows(ctx, o.nameSingular, [live(core, o, a.id)]), sel)[0]
	},
	{
		op: 'mutation',
		name: (o) => `destroy${capitalize(o.namePlural)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, destroyRows(ctx, o.nameSingular, filtered(core, o, a)), sel)
	},
	{
		op: 'mutation',
		name: (o) => `destroy${capitalize(o.nameSingular)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, destroyRows(ctx, o.nameSingular, [live(core, o, a.id, true)]), sel)[0]
	},
	{
		op: 'mutation',
		name: (o) => `restore${capitalize(o.namePlural)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, restoreRows(ctx, o.nameSingular, filtered(core, o, a, true)), sel)
	},
	{
		op: 'mutation',
		name: (o) => `restore${capitalize(o.nameSingular)}`,
		run: (core, ctx, o, a, sel) => records(ctx, o, restoreRows(ctx, o.nameSingular, [live(core, o, a.id, true)]), sel)[0]
	}
];

const WRITE_PROTECTED = 'workspaceMember';

export function resolveRecordField(core: SandboxCore, op: 'query' | 'mutation', field: GqlField, args: Args): unknown {
	for (const o of core.registry.objects)
		for (const r of RESOLVERS) {
			if (r.op !== op || r.name(o) !== field.name) continue;
			if (op === 'mutation' && o.nameSingular === WRITE_PROTECTED)
				throw restError(403, 'PermissionsException', 'Entity performing the request does not have permission.');
			return r.run(core, core.recordContext(), o, args, field.selections);
		}
	throw new GqlFieldError(`Cannot query field "${field.name}" on type "${op === 'query' ? 'Query' : 'Mutation'}".`);
}
