// `ferry map`: the mapping step for scripts. Show the map and its validation, propose it for
// an unseen export, confirm it (everything, an object, a source or one field), compile the
// stage views, export the mapping document, sync Twenty's schema (plan, checklist, apply) and
// match staff to workspace members. Output carries names, counts and ids, never patient values.
import fs from 'node:fs';
import type { Command } from 'commander';
import { qualified, type Workspace } from '../../lib/server/db/index.js';
import {
	applySchemaPlan,
	validateAndCompile,
	validateWithTarget,
	confirmFields,
	invitationList,
	loadMapping,
	mappingCsv,
	mappingXlsx,
	planMarkdown,
	proposeMapping,
	readSchemaPlan,
	resetMapping,
	resolveStaff,
	saveMapping,
	toCsv,
	type SchemaPlan,
	setTableRole,
	setField,
	selectValues,
	mapSelectValue,
	unsetField,
	tableRoles
} from '../../lib/server/mapping/index.js';
import { withWorkspace, WS } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

/** Validation against the target's metadata when one is configured and answers (the map then takes its link-field names). */
async function validation(ws: Workspace, withTarget: boolean) {
	const r = await validateWithTarget(ws, { target: withTarget });
	if (r.targetError) console.error(`target not checked: ${r.targetError}`);
	return r;
}

function printPlan(plan: SchemaPlan): void {
	for (const o of plan.createObjects) console.log(`create object ${o.nameSingular} (${o.namePlural})`);
	for (const f of plan.createFields)
		console.log(
			`create field ${f.object}.${f.name} ${f.type}${f.options ? `: ${f.options.map((o) => o.value).join(', ')}` : ''}${f.relation ? ` → ${f.relation.object}` : ''}`
		);
	for (const u of plan.updateFields) console.log(`add options to ${u.object}.${u.name}: ${u.add.map((o) => o.value).join(', ')}`);
	for (const c of plan.conflicts) console.log(`conflict ${c.object}${c.field ? `.${c.field}` : ''}: ${c.message}`);
	if (!plan.createObjects.length && !plan.createFields.length && !plan.updateFields.length && !plan.conflicts.length)
		console.log('nothing to do: the target has every object, field and option the mapping writes');
}

export function register(program: Command): void {
	const cmd = program.command('map').description('the field map: show, propose, confirm, validate, compile, export, schema sync, staff');

	cmd
		.command('show')
		.description('every source and field: where it lands, transform, confirmed; then validation (and unused pick-list values)')
		.option(...WS)
		.option('--json', 'print the mapping document as JSON')
		.option('--no-target', 'do not check against the Twenty target')
		.action((o: { workspace: string; json?: boolean; target: boolean }) =>
			withWorkspace(o.workspace, async (ws) => {
				if (o.json) return void console.log(JSON.stringify(await loadMapping(ws), null, 2));
				const { m, v } = await validation(ws, o.target);
				for (const t of m.tables)
					console.log(
						`table ${t.table}: ${t.role}, key ${t.key}${t.confirmed ? ' (set by a person)' : ` (${Math.round(t.confidence * 100)}%)`}`
					);
				for (const s of m.sources) {
					const pending = s.fields.filter((f) => !f.confirmed).length;
					console.log(
						`${s.id}: ${s.table} → ${s.object} (stage.${s.plural}), ${s.fields.length} fields, ${pending ? `${pending} to confirm` : 'all confirmed'}`
					);
					for (const f of s.fields) {
						const from =
							f.transform === 'ts_function'
								? `function ${f.fn?.code ? '(inline)' : `${f.fn?.notebook}/${f.fn?.cell}`}`
								: f.sql
									? 'sql'
									: (f.column ?? '-');
						const without = f.unresolved === 'send-without' ? '  (sent without it if its record is missing)' : '';
						console.log(
							`  ${f.confirmed ? '[x]' : '[ ]'} ${f.target.padEnd(32)} ${f.type.padEnd(10)} ${f.transform.padEnd(16)} ${from}${without}`
						);
					}
					for (const l of s.leftOut) console.log(`      left out ${l.column}: ${l.why}`);
				}
				for (const e of v.errors) console.log(`error: ${e.message}`);
				for (const w of v.warnings.filter((x) => x.code !== 'unconfirmed')) console.log(`review: ${w.message}`);
				console.log(`${v.errors.length} error(s), ${v.warnings.filter((w) => w.code === 'unconfirmed').length} unconfirmed field(s)`);
			})
		);

	cmd
		.command('validate')
		.description('validation errors (exit 1 when any) and review notes; --json for scripts')
		.option(...WS)
		.option('--json', 'print {errors, warnings, targetChecked} as JSON')
		.option('--no-target', 'do not check against the Twenty target')
		.action((o: { workspace: string; json?: boolean; target: boolean }) =>
			withWorkspace(o.workspace, async (ws) => {
				const { v, targetChecked } = await validation(ws, o.target);
				if (o.json) console.log(JSON.stringify({ ...v, targetChecked }, null, 2));
				else {
					for (const e of v.errors) console.log(`error: ${e.message}`);
					for (const w of v.warnings.filter((x) => x.code !== 'unconfirmed')) console.log(`review: ${w.message}`);
					console.log(
						`${v.errors.length} error(s), ${v.warnings.filter((w) => w.code === 'unconfirmed').length} unconfirmed field(s)${targetChecked ? '' : ' (target not checked)'}`
					);
				}
				if (v.errors.length) process.exitCode = 1;
			})
		);

	cmd
		.command('propose')
		.description('propose the map for this export from headers and values (replaces the map; nothing confirmed)')
		.option(...WS)
		.action((o: { workspace: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const { mapping, columns, roles } = await proposeMapping(ws);
				await saveMapping(ws, mapping, 'mapping.propose');
				for (const r of roles) console.log(`table ${r.table}: ${r.role}, key ${r.key} (${Math.round(r.confidence * 100)}%: ${r.reason})`);
				for (const c of columns)
					console.log(
						`${c.table}.${c.reference} ${c.column ? `← ${c.column} (${Math.round(c.confidence * 100)}%: ${c.reason})` : `: ${c.reason}`}`
					);
				console.log(
					`proposed: ${columns.filter((c) => c.column).length} of ${columns.length} reference columns matched; review, then confirm`
				);
			})
		);

	cmd
		.command('tables')
		.description('every table of the export with its role, key column, confidence and reason')
		.option(...WS)
		.action((o: { workspace: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				for (const r of await tableRoles(ws))
					console.log(
						`${r.table.padEnd(28)} ${r.role.padEnd(16)} key ${r.key.padEnd(22)} ${r.confirmed ? 'set by a person' : `${Math.round(r.confidence * 100)}%: ${r.reason}`}`
					);
			})
		);

	cmd
		.command('table <table>')
		.description('give a table a role (and a key column); the map is proposed again for what it touches')
		.option(...WS)
		.requiredOption(
			'--role <role>',
			'patients, appointments, notes, invoices, locations, insurers, physicians, staff, attachments, patientInsurers, picklists, automations or other'
		)
		.option('--key <column>', 'the column identifying its rows')
		.option(
			'--column <reference=column>',
			"which column holds one of the role's reference columns, e.g. email=Work_Email (repeatable)",
			(v: string, all: string[] = []) => [...all, v]
		)
		.action((table: string, o: { workspace: string; role: string; key?: string; column?: string[] }) =>
			withWorkspace(o.workspace, async (ws) => {
				const columns = Object.fromEntries(
					(o.column ?? []).map((c) => {
						const at = c.indexOf('=');
						if (at < 1 || at === c.length - 1) throw new FerryError(`--column ${c}: write <reference>=<column>, e.g. email=Work_Email`);
						return [c.slice(0, at).trim(), c.slice(at + 1).trim()];
					})
				);
				const r = await setTableRole(ws, { table, role: o.role, key: o.key, columns });
				const named = Object.keys(columns).map((ref) => `${ref} ← ${r.role.columns[ref] ?? '?'}`);
				console.log(
					`${table}: role ${r.role.role}, key ${r.role.key}${named.length ? `; ${named.join(', ')}` : ''}; proposed again: ${r.changedSources.join(', ') || 'no source'} (review, then confirm)`
				);
			})
		);

	cmd
		.command('set <field>')
		.description('point a field (<source or object>.<field>, e.g. patients.dateOfBirth) at a column, with a transform')
		.option(...WS)
		.option('--column <column>', 'a column of the source table')
		.option('--sql <expression>', 'instead: a SQL expression over the source row s')
		.option('--transform <transform>', 'text, email, phone_e164, date, datetime, money_micros, number, integer, boolean, select_value, …')
		.option('--code <function>', 'a TypeScript function for the field, e.g. "(v: string) => v.trim()" (transform ts_function)')
		.option('--cell <notebook/cell>', "instead: a notebook's TypeScript cell that returns the function, pinned as it is now")
		.option(
			'--unresolved <policy>',
			'an optional relation whose record was excluded, refused or held back at the push: hold (default: the record is held back) or send-without (sent without the link, recorded as unresolved)'
		)
		.option(
			'--value <value=OPTION>',
			'a pick-list value of the export mapped to an option, e.g. "Written Off=WRITTEN_OFF" (a new option when the field lacks it; repeatable)',
			(v: string, all: string[] = []) => [...all, v]
		)
		.action(
			(
				field: string,
				o: {
					workspace: string;
					column?: string;
					sql?: string;
					transform?: string;
					code?: string;
					cell?: string;
					value?: string[];
					unresolved?: string;
				}
			) =>
				withWorkspace(o.workspace, async (ws) => {
					if (o.value?.length) {
						for (const pair of o.value) {
							const eq = pair.lastIndexOf('=');
							if (eq < 1) throw new FerryError(`--value '${pair}': write it as <value>=<OPTION>, e.g. "Written Off=WRITTEN_OFF"`);
							const r = await mapSelectValue(ws, { field, value: pair.slice(0, eq), to: pair.slice(eq + 1) });
							console.log(
								`${r.source}.${r.target}: "${pair.slice(0, eq).trim()}" → ${pair
									.slice(eq + 1)
									.trim()
									.toUpperCase()}; ${r.values.length} value(s) still outside the options`
							);
						}
						if (!o.column && !o.sql && !o.code && !o.cell && !o.transform && !o.unresolved) return;
					}
					const r = await setField(ws, {
						field,
						column: o.column,
						sql: o.sql,
						transform: o.transform,
						code: o.code,
						cell: o.cell,
						unresolved: o.unresolved
					});
					const fn = r.field.fn?.cell
						? `, function ${r.field.fn.notebook}/${r.field.fn.cell} pinned at ${r.field.fn.sha256?.slice(0, 12)}`
						: '';
					const unresolved =
						r.field.type === 'RELATION'
							? `; if its record is missing: ${r.field.unresolved === 'send-without' ? 'sent without the link (recorded as unresolved)' : 'the record is held back'}`
							: '';
					console.log(
						`${r.source}.${r.field.target} ← ${r.field.sql ? 'sql' : r.field.column} (${r.field.transform}${fn})${unresolved}; unconfirmed: confirm with ferry map confirm ${r.source} --field ${r.field.target}`
					);
				})
		);

	cmd
		.command('values <field>')
		.description(
			'a pick-list field\'s options and the export\'s values outside them (map one with ferry map set <field> --value "A=OPTION")'
		)
		.option(...WS)
		.action((field: string, o: { workspace: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const r = await selectValues(ws, field);
				for (const op of r.options)
					console.log(`option ${op.value.padEnd(24)} ${op.label}${op.aliases.length ? ` (also: ${op.aliases.join(', ')})` : ''}`);
				for (const v of r.values) console.log(`outside "${v.value}": ${v.count} row(s)`);
				console.log(`${r.source}.${r.target}: ${r.options.length} option(s), ${r.values.length} value(s) outside them`);
				if (r.values.length) process.exitCode = 1;
			})
		);

	cmd
		.command('unset <field>')
		.description('take a field out of the map (<source or object>.<field>): nothing is written to it')
		.option(...WS)
		.action((field: string, o: { workspace: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const r = await unsetField(ws, field);
				console.log(`${r.source}.${r.target} unset`);
			})
		);

	cmd
		.command('policy')
		.description(
			'how the map resolves distinct people sharing one email: additional (others keep it in additionalEmails), drop, or block (invalid at freeze)'
		)
		.option(...WS)
		.requiredOption('--shared-emails <policy>', 'additional, drop or block')
		.action((o: { workspace: string; sharedEmails: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				if (!['additional', 'drop', 'block'].includes(o.sharedEmails))
					throw new FerryError(`--shared-emails must be additional, drop or block, not '${o.sharedEmails}'`);
				const m = await loadMapping(ws);
				m.sharedEmails = o.sharedEmails as typeof m.sharedEmails;
				await saveMapping(ws, m, 'mapping.policy');
				console.log(`shared emails: ${o.sharedEmails}; compile again to apply it`);
			})
		);

	cmd
		.command('reset')
		.description('back to the default Clinic Place map (confirmations are lost)')
		.option(...WS)
		.action((o: { workspace: string }) =>
			withWorkspace(o.workspace, async (ws) => void (await resetMapping(ws), console.log('mapping reset to the default map')))
		);

	for (const [name, confirmed] of [
		['confirm', true],
		['unconfirm', false]
	] as const)
		cmd
			.command(`${name} [what]`)
			.description(`${name} fields: 'all' (default), a Twenty object (person, people), or a source id; --field for one field`)
			.option(...WS)
			.option('--field <target>', 'one field (payload path, e.g. name.firstName)')
			.action((what: string | undefined, o: { workspace: string; field?: string }) =>
				withWorkspace(o.workspace, async (ws) => {
					const m = await loadMapping(ws);
					const sel: { source?: string; object?: string; target?: string; confirmed: boolean } = { confirmed, target: o.field };
					if (what && what !== 'all') {
						if (m.sources.some((s) => s.id === what)) sel.source = what;
						else if (m.sources.some((s) => s.object === what || s.plural === what)) sel.object = what;
						else
							throw new FerryError(
								`'${what}' is neither a source (${m.sources.map((s) => s.id).join(', ')}) nor a Twenty object of the map`
							);
					}
					if (
						o.field &&
						!m.sources.some(
							(s) =>
								(!sel.source || s.id === sel.source) &&
								(!sel.object || s.object === sel.object || s.plural === sel.object) &&
								s.fields.some((f) => f.target === o.field)
						)
					)
						throw new FerryError(`no field '${o.field}' in ${what ?? 'the map'}`);
					const r = await confirmFields(ws, sel);
					console.log(`${r.changed} field(s) ${confirmed ? 'confirmed' : 'unconfirmed'}`);
				})
			);

	cmd
		.command('compile')
		.description('validate, then build the stage views the loader pushes (refused while the map has errors)')
		.option(...WS)
		.option('--no-target', 'do not check against the Twenty target')
		.action((o: { workspace: string; target: boolean }) =>
			withWorkspace(o.workspace, async (ws) => {
				const r = await validateAndCompile(ws, { target: o.target, onTargetError: (e) => console.error(`target not checked: ${e}`) });
				for (const x of r.views) {
					const n = await ws.count(qualified('stage', x.plural));
					console.log(`stage.${x.plural.padEnd(12)} step ${x.step}  ${String(n).padStart(8)} rows`);
				}
				console.log(`compiled ${r.views.length} stage views in ${r.ms} ms (${r.lookups} new lookup values)`);
				if (r.sharedEmails.records)
					console.log(
						`shared emails (families): ${r.sharedEmails.emails} email(s) on more than one person; ${r.sharedEmails.records} record(s) ${r.sharedEmails.policy === 'additional' ? 'carry theirs in additionalEmails' : r.sharedEmails.policy === 'drop' ? 'go without it' : 'will be marked invalid at freeze'} (policy ${r.sharedEmails.policy}; change with ferry map policy --shared-emails)`
					);
				for (const l of r.losses)
					console.log(`lost: ${l.source}.${l.target}${l.column ? ` (${l.column})` : ''}: ${l.rows} row(s) ${l.reason}`);
				if (r.losses.length)
					console.log(
						`${r.losses.reduce((n, l) => n + l.rows, 0)} value(s) or file(s) present in the export are not staged (above, per field and reason): each batch asks for them to be acknowledged before approval (ferry batches acknowledge)`
					);
				if (r.deferredLinks)
					console.log(
						`${r.deferredLinks} link(s) form cycles (patients each other's emergency contact): kept in stage.second_pass; a push sets them once their records exist`
					);
			})
		);

	cmd
		.command('export')
		.description('the field-level mapping document as CSV or XLSX')
		.option(...WS)
		.option('--format <csv|xlsx>', 'file format', 'csv')
		.requiredOption('-o, --out <file>', 'file to write')
		.action((o: { workspace: string; format: string; out: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				if (o.format !== 'csv' && o.format !== 'xlsx') throw new FerryError(`--format: '${o.format}' is not csv or xlsx`);
				const m = await loadMapping(ws);
				fs.writeFileSync(o.out, o.format === 'csv' ? mappingCsv(m) : await mappingXlsx(m));
				console.log(`wrote ${o.out}`);
			})
		);

	cmd
		.command('schema')
		.description("plan the target's data model changes (objects, fields, select options); --apply makes them")
		.option(...WS)
		.option('--apply', 'apply the plan through the metadata API')
		.option('--checklist <file>', 'also write the plan as a Markdown checklist for Settings → Data Model')
		.option('--json', 'print the plan as JSON')
		.action((o: { workspace: string; apply?: boolean; checklist?: string; json?: boolean }) =>
			withWorkspace(o.workspace, async (ws) => {
				const m = await loadMapping(ws);
				let plan = await readSchemaPlan(ws, m);
				if (o.checklist) fs.writeFileSync(o.checklist, planMarkdown(plan));
				if (o.apply) {
					if (plan.conflicts.length) {
						printPlan(plan);
						throw new FerryError(`schema conflicts must be resolved first: ${plan.conflicts[0].message}`);
					}
					const r = await applySchemaPlan(ws, m);
					console.log(`created ${r.objects} object(s) and ${r.fields} field(s); added options to ${r.updated} field(s)`);
					plan = r.plan;
				}
				if (o.json) console.log(JSON.stringify(plan, null, 2));
				else printPlan(plan);
				if (plan.conflicts.length) process.exitCode = 1;
			})
		);

	cmd
		.command('staff')
		.description('match staff to Twenty workspace members by email; --invitations writes who to invite')
		.option(...WS)
		.option('--invitations <file>', 'write the invitation list (staff id, email) as CSV')
		.action((o: { workspace: string; invitations?: string }) =>
			withWorkspace(o.workspace, async (ws) => {
				const { matches, members } = await resolveStaff(ws);
				for (const s of matches) console.log(`${s.staffId.padEnd(10)} ${s.status}${s.memberId ? ` → ${s.memberId}` : ''}`);
				console.log(
					`${matches.filter((s) => s.status === 'matched').length} matched, ${matches.filter((s) => s.status === 'no_account').length} to invite, ${matches.filter((s) => s.status === 'no_email').length} without email (${members} workspace members)`
				);
				if (o.invitations) {
					const rows = await invitationList(ws);
					fs.writeFileSync(o.invitations, toCsv([['staff id', 'email'], ...rows.map((r) => [r.staffId, r.email])]), { mode: 0o600 });
					console.log(`wrote ${rows.length} invitation(s) to ${o.invitations}`);
				}
			})
		);
}
