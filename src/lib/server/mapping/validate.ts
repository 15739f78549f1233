// Validation before anything moves: each problem names the source, the target field and
// what is wrong, and select problems list the offending values with their counts.
import { literal, type Workspace } from '../db/index.js';
import { targetClient, type ObjectMetadata } from '../twenty/index.js';
import { type Mapping } from './model.js';
import { optionKey, optionKeySql } from './options.js';
import { alignAndSave, planSchema } from './schema.js';
import { brokenJoins, inputOf, sourceFrom, tableColumns, tableExists } from './sources.js';
import { compileValue } from './transforms.js';
import { ensureMapping, loadMapping, unconfirmedFields } from './store.js';
import { failureMessage, fillFunction, functionValue } from './functions.js';
import { serialized } from './lookups.js';
import { compileMapping, type CompileResult } from './compile.js';
import { FerryError } from '../errors.js';

export interface Issue {
	code:
		| 'missing_table'
		| 'missing_column'
		| 'sql_error'
		| 'duplicate_target'
		| 'select_value'
		| 'type_mismatch'
		| 'missing_relation_object'
		| 'schema_conflict'
		| 'unconfirmed'
		| 'dropped_rows'
		| 'function_error'
		| 'unused_option'
		| 'broken_join';
	source?: string;
	target?: string;
	message: string;
	values?: Array<{ value: string; count: number }>;
}
export interface Validation {
	errors: Issue[];
	warnings: Issue[];
}

/** Objects every Twenty version has; others must be created by the mapping or exist on the target. */
const STANDARD = new Set(['person', 'company', 'task', 'note', 'taskTarget', 'noteTarget', 'attachment', 'workspaceMember', 'opportunity']);

/**
 * The saved map, validated against the target's metadata when a target answers (its spelling of
 * link fields, taskTarget.personId before v1.17, is first taken into the map), else without it.
 * The API, the CLI and the pages all validate through this.
 */
export async function validateWithTarget(
	ws: Workspace,
	o: { target?: boolean } = {}
): Promise<{ m: Mapping; v: Validation; targetChecked: boolean; targetError: string | null }> {
	const m = await loadMapping(ws);
	let metadata: ObjectMetadata[] | undefined;
	let targetError: string | null = null;
	if (o.target !== false) {
		try {
			metadata = await (await targetClient(ws)).metadata.listObjects();
		} catch (err) {
			targetError = (err as Error).message;
		}
	}
	if (metadata) await alignAndSave(ws, m, metadata);
	return { m, v: await validateMapping(ws, m, metadata), targetChecked: Boolean(metadata), targetError };
}

export async function validateMapping(ws: Workspace, m: Mapping, metadata?: ObjectMetadata[]): Promise<Validation> {
	await ensureMapping(ws); // lookups and functions live in the mapping schema
	const errors: Issue[] = [];
	const warnings: Issue[] = [];
	const known = new Set([...(metadata ? metadata.map((o) => o.nameSingular) : STANDARD), ...m.objects.map((o) => o.nameSingular)]);
	for (const s of m.sources) {
		if (!(await tableExists(ws, s.table))) {
			errors.push({ code: 'missing_table', source: s.id, message: `${s.id}: source table ${s.table} is not in the snapshot` });
			continue;
		}
		const columns = new Set(await tableColumns(ws, s.table));
		if (!columns.has(s.keyColumn))
			errors.push({ code: 'missing_column', source: s.id, message: `${s.id}: key column ${s.keyColumn} is not in ${s.table}` });
		// Every field's SQL reads the source's joins: a join that cannot be read is one error, not one per field.
		const broken = await brokenJoins(ws, s);
		if (broken.length) {
			errors.push(...broken.map((b) => ({ code: 'broken_join' as const, source: s.id, message: b.message })));
			continue;
		}
		const seen = new Map<string, number>();
		for (const [i, f] of s.fields.entries()) {
			const where = `${s.id} → ${s.object}.${f.target}`;
			seen.set(f.target, (seen.get(f.target) ?? 0) + 1);
			if (seen.get(f.target) === 2)
				errors.push({
					code: 'duplicate_target',
					source: s.id,
					target: f.target,
					message: `${where}: two sources map to the same target field`
				});
			if (f.column && !f.column.includes('.') && !columns.has(f.column)) {
				errors.push({
					code: 'missing_column',
					source: s.id,
					target: f.target,
					message: `${where}: source column ${f.column} is not in ${s.table}`
				});
				continue;
			}
			if (f.relation && !known.has(f.relation.object))
				errors.push({
					code: 'missing_relation_object',
					source: s.id,
					target: f.target,
					message: `${where}: relation to object ${f.relation.object}, which does not exist yet`
				});
			if (f.transform === 'ts_function') {
				// The function runs here (worker, time and memory limits), so a runaway or a throw is a validation error.
				try {
					const r = await serialized(ws, () => fillFunction(ws, s, f));
					if (r.failure) {
						errors.push({ code: 'function_error', source: s.id, target: f.target, message: `${where}: ${failureMessage(r.failure)}` });
						continue;
					}
				} catch (err) {
					errors.push({ code: 'function_error', source: s.id, target: f.target, message: `${where}: ${(err as Error).message}` });
					continue;
				}
			}
			try {
				const c = compileValue(f, inputOf(f), m, i, s);
				await ws.all(
					`select ${c.value} as v ${sourceFrom(
						s,
						c.joins.map((j) => j.sql)
					)} limit 0`
				);
			} catch (err) {
				errors.push({ code: 'sql_error', source: s.id, target: f.target, message: `${where}: ${(err as Error).message.split('\n')[0]}` });
				continue;
			}
			if (f.transform === 'select_value' || (f.transform === 'ts_function' && f.type === 'SELECT')) {
				const values = await outsideOptions(ws, m, s.id, i);
				if (values.length)
					errors.push({
						code: 'select_value',
						source: s.id,
						target: f.target,
						values,
						message: `${where}: ${values.length} value(s) outside the select options: ${values
							.slice(0, 8)
							.map((v) => `${v.value} (${v.count})`)
							.join(', ')}`
					});
			}
			if (!f.confirmed) warnings.push({ code: 'unconfirmed', source: s.id, target: f.target, message: `${where}: not confirmed yet` });
		}
	}
	for (const u of await unusedOptions(ws, m))
		warnings.push({
			code: 'unused_option',
			source: u.sources[0],
			target: u.field,
			values: u.unused.map((value) => ({ value, count: 0 })),
			message: `${u.object}.${u.field}: pick-list value(s) defined but never used, for admin review: ${u.unused.join(', ')}`
		});
	if (metadata)
		for (const c of planSchema(m, metadata).conflicts)
			errors.push({
				code: c.message.startsWith('type mismatch')
					? 'type_mismatch'
					: c.message.includes('does not exist yet')
						? 'missing_relation_object'
						: 'schema_conflict',
				target: c.field,
				message: `${c.object}${c.field ? `.${c.field}` : ''}: ${c.message}`
			});
	return { errors, warnings };
}

export interface UnusedOptions {
	object: string;
	field: string;
	sources: string[];
	/** Labels of the options no source row uses. */
	unused: string[];
}

/**
 * Custom SELECT fields' options that no row of any source writing the field uses (appointment
 * types, billing statuses defined in the pick-list but never used): flagged for admin review,
 * who may keep them or leave them out of Twenty.
 */
export async function unusedOptions(ws: Workspace, m: Mapping): Promise<UnusedOptions[]> {
	type Entry = { object: string; field: string; sources: string[]; options: Map<string, string>; used: Set<string>; broken: boolean };
	const byField = new Map<string, Entry>();
	for (const s of m.sources) {
		if (!(await tableExists(ws, s.table))) continue;
		for (const [i, f] of s.fields.entries()) {
			if (f.type !== 'SELECT' || !f.custom || !f.options?.length || !(f.transform === 'select_value' || f.transform === 'ts_function'))
				continue;
			const key = `${s.object}.${f.target}`;
			const e: Entry = byField.get(key) ?? {
				object: s.object,
				field: f.target,
				sources: [],
				options: new Map<string, string>(),
				used: new Set<string>(),
				broken: false
			};
			byField.set(key, e);
			e.sources.push(s.id);
			for (const o of f.options) if (!e.options.has(o.value)) e.options.set(o.value, o.label);
			try {
				const c = compileValue(f, inputOf(f), m, i, s);
				const rows = await ws.all<{ v: string }>(
					`select distinct ${c.value} as v ${sourceFrom(
						s,
						c.joins.map((j) => j.sql)
					)} and ${c.value} is not null`
				);
				for (const r of rows) e.used.add(r.v);
			} catch {
				e.broken = true; // validation reports the field's own error
			}
		}
	}
	return [...byField.values()]
		.filter((e) => !e.broken)
		.map((e) => ({
			object: e.object,
			field: e.field,
			sources: e.sources,
			unused: [...e.options].filter(([v]) => !e.used.has(v)).map(([, label]) => label)
		}))
		.filter((u) => u.unused.length > 0);
}

export async function outsideOptions(ws: Workspace, m: Mapping, sourceId: string, index: number) {
	const s = m.sources.find((x) => x.id === sourceId)!;
	const f = s.fields[index];
	const keys = (f.options ?? []).flatMap((o) => [o.label, o.value, ...o.aliases].map(optionKey));
	// A function's select values are its outputs.
	const fv = f.transform === 'ts_function' ? functionValue(f, 'ov', s) : null;
	const e = fv ? `nullif(trim(${fv.text}), '')` : `nullif(trim(cast(${inputOf(f)} as varchar)), '')`;
	const rows = await ws.all<{ value: string; n: bigint }>(
		`select min(${e}) as value, count(*) as n ${sourceFrom(s, fv?.joins ?? [])} and ${e} is not null and ${optionKeySql(e)} not in (${keys.map(literal).join(', ') || 'null'}) group by ${optionKeySql(e)} order by n desc`
	);
	return rows.map((r) => ({ value: r.value, count: Number(r.n) }));
}

/** Whether a push may go ahead (GET /mapping/ready): every field confirmed, no validation error. */
export async function assertConfirmed(ws: Workspace): Promise<void> {
	const m = await loadMapping(ws);
	const pending = await unconfirmedFields(ws, m);
	if (pending.length)
		throw new FerryError(
			`the mapping is not confirmed: ${pending.length} field(s) unconfirmed (${pending.slice(0, 6).join(', ')}${pending.length > 6 ? ', …' : ''}); confirm them on the mapping page`,
			409
		);
	const { errors } = await validateMapping(ws, m);
	if (errors.length) throw new FerryError(`the mapping has ${errors.length} validation error(s): ${errors[0].message}`, 409);
}

/**
 * The compile a person asks for (mapping page, ferry map compile): the map validated first,
 * against the target when it answers (`onTargetError` hears why when it does not); any
 * validation error refuses it (422); then the stage views, and what the map drops per field.
 */
export async function validateAndCompile(
	ws: Workspace,
	o: { target?: boolean; onTargetError?: (message: string) => void } = {}
): Promise<CompileResult> {
	const { m, v, targetError } = await validateWithTarget(ws, { target: o.target });
	if (targetError) o.onTargetError?.(targetError);
	if (v.errors.length) throw new FerryError(`the mapping has ${v.errors.length} validation error(s): ${v.errors[0].message}`, 422);
	// The result carries what the map drops, per field and reason (compile counts it).
	return compileMapping(ws, m);
}
