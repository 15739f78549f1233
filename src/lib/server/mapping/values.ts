// "Map to…" for pick-list values: a value in the export that is none of a SELECT field's options
// (a clinic's own "Written Off") is mapped by a person to an existing option, or becomes a new
// one. The choice lives in the map as the option's alias (SelectOption.aliases), so compile, the
// preview, validation and a recipe that carries the map all apply it the same way (selectSql).
import type { Workspace } from '../db/index.js';
import { FerryError } from '../errors.js';
import { fillFunction, failureMessage } from './functions.js';
import { serialized } from './lookups.js';
import { SelectOption, type FieldMap, type Mapping, type SourceMap } from './model.js';
import { makeOptions, optionKey, upperSnake } from './options.js';
import { resolveFieldRef } from './edit.js';
import { loadMapping, saveMapping } from './store.js';
import { outsideOptions } from './validate.js';

export interface SelectValues {
	source: string;
	target: string;
	options: SelectOption[];
	/** Values in the export that match no option, label or alias, most frequent first. */
	values: Array<{ value: string; count: number }>;
}

/** The SELECT field a reference names, refused (with what to do) when it has no options to map onto. */
function selectField(m: Mapping, ref: string): { s: SourceMap; f: FieldMap; index: number } {
	const { source: s, target } = resolveFieldRef(m, ref);
	const index = s.fields.findIndex((x) => x.target === target);
	const f = s.fields[index];
	if (!f) throw new FerryError(`${s.id}.${target} is not mapped: map it first (ferry map set ${s.id}.${target} --column …)`, 404);
	if (f.type !== 'SELECT' || !(f.transform === 'select_value' || f.transform === 'ts_function'))
		throw new FerryError(
			`${s.id}.${target} is a ${f.type} field (${f.transform}): only pick-list (SELECT) fields have options to map values to`
		);
	return { s, f, index };
}

/** A SELECT field's options and the export's values outside them (GET /mapping/values, ferry map values). */
export async function selectValues(ws: Workspace, ref: string): Promise<SelectValues> {
	const m = await loadMapping(ws);
	const { s, f, index } = selectField(m, ref);
	if (f.transform === 'ts_function') {
		// A function's pick-list values are its outputs: it runs (in its worker, with its limits) first.
		const r = await serialized(ws, () => fillFunction(ws, s, f));
		if (r.failure) throw new FerryError(`${s.id}.${f.target}: ${failureMessage(r.failure)}`, 422);
	}
	return { source: s.id, target: f.target, options: f.options ?? [], values: await outsideOptions(ws, m, s.id, index) };
}

export interface ValueMapping {
	field: string;
	/** The export's value, as written there (compared trimmed, case- and space-insensitively). */
	value: string;
	/** The option it means (UPPER_SNAKE value); one not in the field yet is added. Default: a new option named after the value. */
	to?: string;
	/** Label of a new option (default: the export's value). */
	label?: string;
}

/**
 * Maps one export value onto an option (POST /mapping/values, ferry map set <field> --value "A=B"):
 * it becomes that option's alias, leaving any other option that claimed it; an option that
 * stood only for this value (kept verbatim) is merged into the chosen one. The field keeps its
 * confirmation: choosing what a value means is a person's decision on the field.
 */
export async function mapSelectValue(ws: Workspace, vm: ValueMapping): Promise<SelectValues> {
	const value = vm.value.trim();
	if (!value) throw new FerryError('value: give the value as the export writes it, e.g. "Written Off"');
	const m = await loadMapping(ws);
	const { s, f } = selectField(m, vm.field);
	const key = optionKey(value);
	const to = (vm.to?.trim() || upperSnake(value)).toUpperCase();
	const options = f.options ?? [];
	let target = options.find((o) => o.value === to);
	if (!target) {
		const made = makeOptions([...options.map((o) => o.label), vm.label?.trim() || value]).at(-1)!;
		const parsed = SelectOption.safeParse({ ...made, value: to, aliases: [] });
		if (!parsed.success)
			throw new FerryError(`'${vm.to}' cannot be an option value: ${parsed.error.issues[0].message} (e.g. ${upperSnake(value)})`);
		target = parsed.data;
		options.push(target);
	}
	const merged: string[] = [];
	f.options = options.filter((o) => {
		if (o === target) return true;
		o.aliases = o.aliases.filter((a) => optionKey(a) !== key);
		if (optionKey(o.label) !== key) return true;
		merged.push(o.value);
		target!.aliases.push(...o.aliases.filter((a) => !target!.aliases.some((t) => optionKey(t) === optionKey(a))));
		return false;
	});
	const claims = [target.label, target.value, ...target.aliases].some((k) => optionKey(k) === key);
	if (!claims) target.aliases.push(value);
	const said = `value "${value}" mapped to`;
	f.reason = [...(f.reason ?? '').split('; ').filter((r) => r && !r.startsWith(said)), `${said} ${target.value} by a person`].join('; ');
	await saveMapping(ws, m, 'mapping.value_mapped', { mergedOptions: merged.length });
	return selectValues(ws, `${s.id}.${f.target}`);
}
