// Mapping: the field map, confirmation, validation, preview, compile, schema sync, exports,
// staff resolution. Thin: parse with zod, call the mapping module, answer.
import { Hono, type Context } from 'hono';
import {
	applySchemaPlan,
	assertConfirmed,
	confirmFields,
	invitationList,
	loadMapping,
	mappingCsv,
	mappingXlsx,
	columnStats,
	functionProblem,
	overrideField,
	previewTable,
	setField,
	selectValues,
	mapSelectValue,
	setTableRole,
	tableRoles,
	unsetField,
	validateAndCompile,
	validateWithTarget,
	planMarkdown,
	proposeMapping,
	sourceColumns,
	previewSource,
	readSchemaPlan,
	resetMapping,
	resolveStaff,
	saveMapping,
	toCsv
} from '../mapping/index.js';
import { listNotebooks, readNotebook } from '../cells/index.js';
import { parseJson, parseQuery, plain, workspaceOf } from './util.js';
import { FerryError } from '../errors.js';
import * as M from '../../shared/contracts/mapping.js';

export const mapping = new Hono();

async function validation(c: Context) {
	const ws = await workspaceOf(c);
	return { ws, ...(await validateWithTarget(ws)) };
}

mapping.get('/:ws/mapping', async (c) => c.json(await loadMapping(await workspaceOf(c))));
mapping.put('/:ws/mapping', async (c) => c.json(await saveMapping(await workspaceOf(c), await parseJson(c, M.Mapping))));
/** For an unseen export: propose the map from headers and values; replaces the map, nothing confirmed. */
mapping.post('/:ws/mapping/propose', async (c) => {
	const ws = await workspaceOf(c);
	const { mapping: m, columns, roles } = await proposeMapping(ws);
	await saveMapping(ws, m, 'mapping.propose');
	return c.json({ mapping: m, columns, roles });
});
mapping.post('/:ws/mapping/reset', async (c) => c.json(await resetMapping(await workspaceOf(c))));

mapping.post('/:ws/mapping/confirm', async (c) => {
	const sel = await parseJson(c, M.ConfirmRequest);
	return c.json(await confirmFields(await workspaceOf(c), sel));
});

/** Override one field: another column, a SQL expression, or another transform. Unconfirms it. */
mapping.patch('/:ws/mapping/field', async (c) => {
	const body = await parseJson(c, M.FieldOverride);
	return c.json(await overrideField(await workspaceOf(c), body));
});

/** Every table's role and key; a person changes one (the map is proposed again for what it touches). */
mapping.get('/:ws/mapping/tables', async (c) => c.json(await tableRoles(await workspaceOf(c))));
mapping.put('/:ws/mapping/tables/:table', async (c) => {
	const body = await parseJson(c, M.TableRoleRequest);
	return c.json(await setTableRole(await workspaceOf(c), { table: c.req.param('table') ?? '', ...body }));
});
/** One field by name (`patients.dateOfBirth`): a column or SQL, a transform; or unset. */
mapping.post('/:ws/mapping/fields/set', async (c) => {
	const body = await parseJson(c, M.FieldSetRequest);
	return c.json(await setField(await workspaceOf(c), body));
});
mapping.post('/:ws/mapping/fields/unset', async (c) => {
	const body = await parseJson(c, M.FieldUnsetRequest);
	return c.json(await unsetField(await workspaceOf(c), body.field));
});

/** A pick-list field's values outside its options; a person maps one to an option ("map to…") or makes it one. */
mapping.get('/:ws/mapping/values', async (c) => {
	const q = parseQuery(c, M.SelectValuesQuery);
	return c.json(await selectValues(await workspaceOf(c), q.field));
});
mapping.post('/:ws/mapping/values', async (c) => {
	const body = await parseJson(c, M.ValueMapRequest);
	return c.json(await mapSelectValue(await workspaceOf(c), body));
});

/** Fields using a TS function, and the notebooks' TS cells a function can name. */
mapping.get('/:ws/mapping/functions', async (c) => {
	const m = await loadMapping(await workspaceOf(c));
	const fields = m.sources.flatMap((s) =>
		s.fields
			.filter((f) => f.transform === 'ts_function')
			.map((f) => ({ source: s.id, target: f.target, fn: f.fn, problem: functionProblem(f) }))
	);
	const cells = listNotebooks()
		.filter((n) => !n.error)
		.flatMap((n) => {
			const nb = readNotebook(n.name).notebook;
			return (nb?.blocks ?? []).flatMap((b) => (b.kind === 'cell' && b.lang === 'ts' ? [{ notebook: n.name, cell: b.name }] : []));
		});
	return c.json({ fields, cells });
});

/** Every column of every source table, so the page can show the unmapped ones too. */
mapping.get('/:ws/mapping/columns', async (c) => {
	const ws = await workspaceOf(c);
	const m = await loadMapping(ws);
	const tables = [...new Set([...m.sources.map((s) => s.table), ...(await tableRoles(ws)).map((t) => t.table)])];
	return c.json(Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await sourceColumns(ws, t)]))));
});

mapping.get('/:ws/mapping/validation', async (c) => {
	const { v, targetChecked } = await validation(c);
	return c.json({ ...v, targetChecked });
});

mapping.get('/:ws/mapping/preview', async (c) => {
	const q = parseQuery(c, M.PreviewQuery);
	const ws = await workspaceOf(c);
	return c.json(plain(await previewSource(ws, await loadMapping(ws), q.source, q.limit)));
});

/** Each column of a raw table with its fill rate and a few sample values (for the analyst's page only). */
mapping.get('/:ws/mapping/columns/:table/stats', async (c) => c.json(await columnStats(await workspaceOf(c), c.req.param('table'))));

/** The preview as a table: one column per field written, related records by name. */
mapping.get('/:ws/mapping/preview/table', async (c) => {
	const q = parseQuery(c, M.PreviewQuery);
	const ws = await workspaceOf(c);
	return c.json(await previewTable(ws, await loadMapping(ws), q.source, q.limit));
});

mapping.post('/:ws/mapping/compile', async (c) => {
	// With what the map drops, per field and reason, for a person to review.
	return c.json(await validateAndCompile(await workspaceOf(c)));
});

/** What the loader asks before a push: 409 with the reason when anything is unconfirmed. */
mapping.get('/:ws/mapping/ready', async (c) => {
	await assertConfirmed(await workspaceOf(c));
	return c.json({ ready: true });
});

mapping.get('/:ws/mapping/schema', async (c) => {
	const ws = await workspaceOf(c);
	return c.json(await readSchemaPlan(ws, await loadMapping(ws)));
});
mapping.get('/:ws/mapping/schema.md', async (c) => {
	const ws = await workspaceOf(c);
	return c.body(planMarkdown(await readSchemaPlan(ws, await loadMapping(ws))), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
});
mapping.post('/:ws/mapping/schema/apply', async (c) => {
	await parseJson(c, M.SchemaApplyRequest);
	const ws = await workspaceOf(c);
	const out = await applySchemaPlan(ws, await loadMapping(ws));
	if (out.plan.conflicts.length && out.fields === 0 && out.objects === 0 && out.updated === 0)
		throw new FerryError(`schema conflicts must be resolved first: ${out.plan.conflicts[0].message}`, 409);
	return c.json(out);
});

mapping.get('/:ws/mapping/export.csv', async (c) => {
	const m = await loadMapping(await workspaceOf(c));
	return c.body(mappingCsv(m), 200, {
		'Content-Type': 'text/csv; charset=utf-8',
		'Content-Disposition': 'attachment; filename="mapping.csv"'
	});
});
mapping.get('/:ws/mapping/export.xlsx', async (c) => {
	const m = await loadMapping(await workspaceOf(c));
	return c.body(new Uint8Array(await mappingXlsx(m)), 200, {
		'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		'Content-Disposition': 'attachment; filename="mapping.xlsx"'
	});
});

mapping.post('/:ws/mapping/staff', async (c) => c.json(plain(await resolveStaff(await workspaceOf(c)))));
mapping.get('/:ws/mapping/staff/invitations.csv', async (c) => {
	const rows = await invitationList(await workspaceOf(c));
	return c.body(toCsv([['staff id', 'email'], ...rows.map((r) => [r.staffId, r.email])]), 200, {
		'Content-Type': 'text/csv; charset=utf-8',
		'Content-Disposition': 'attachment; filename="invitations.csv"'
	});
});
