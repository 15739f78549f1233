// automations.json → a rebuild reference: what each reminder rule, workflow and template does in
// Clinic Place words, and how to rebuild it in Twenty's workflow builder. Nothing here is pushed.
import type { Block } from './doc.js';
import type { Automations, ReminderRule, Template, Trigger, Workflow, Step } from './model.js';

const OBJECT_HINT: Record<string, string> = {
	appointment: 'Task (appointments land as Tasks)',
	patient: 'Person',
	invoice: 'Payment (custom object)',
	attachment: 'Attachment / Note',
	practitioner: 'Workspace member',
	location: 'Company (locations land as Companies)'
};

function span(o: { value: number; unit: string } | undefined): string {
	if (!o) return '';
	const n = Math.abs(o.value);
	return `${n} ${n === 1 ? o.unit.replace(/s$/, '') : o.unit}`;
}

function value(v: unknown): string {
	if (v === undefined) return '';
	if (Array.isArray(v)) return v.length ? v.map(value).join(', ') : 'nothing';
	return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

export function condition(c: { field: string; op: string; value?: unknown }): string {
	const ops: Record<string, string> = {
		eq: 'is',
		neq: 'is not',
		in: 'is one of',
		not_in: 'is none of',
		gt: 'is greater than',
		lt: 'is less than',
		is_not_empty: 'is not empty',
		is_empty: 'is empty'
	};
	return `${c.field} ${ops[c.op] ?? c.op}${c.value === undefined ? '' : ` ${value(c.value)}`}`.trim();
}

export function describeTrigger(t: Trigger): string {
	if (t.event === 'appointment.upcoming' && t.offset)
		return `${span(t.offset)} ${t.offset.value < 0 ? 'before' : 'after'} an appointment starts`;
	if (t.event.endsWith('.status_changed')) return `when an ${t.event.split('.')[0]}'s status changes${t.to ? ` to "${t.to}"` : ''}`;
	if (t.event === 'invoice.overdue') return `when an invoice is overdue${t.afterDays ? ` by ${t.afterDays} days` : ''}`;
	if (t.event.endsWith('.created'))
		return `when an ${t.event.split('.')[0]} is created${t.conditions?.length ? ` and ${t.conditions.map(condition).join(' and ')}` : ''}`;
	return `on "${t.event}"${t.offset ? ` offset ${t.offset.value} ${t.offset.unit}` : ''}`;
}

/** How to express the trigger with Twenty's triggers (record created/updated, schedule, manual, webhook). */
export function twentyTrigger(t: Trigger): string {
	const obj = OBJECT_HINT[t.event.split('.')[0]] ?? t.event.split('.')[0];
	if (t.event === 'appointment.upcoming' || t.event === 'invoice.overdue')
		return `Trigger "On a schedule" (e.g. every hour), then a "Search records" step on ${obj} for the records whose date falls in the window; Twenty has no "time before a date" trigger.`;
	if (t.event.endsWith('.status_changed'))
		return `Trigger "Record is updated" on ${obj}, then a "Filter" step on the status field${t.to ? ` = "${t.to}"` : ''}.`;
	if (t.event.endsWith('.created'))
		return `Trigger "Record is created" on ${obj}${t.conditions?.length ? ', then a "Filter" step for the conditions' : ''}.`;
	return `No direct equivalent for "${t.event}": use "On a schedule" or a webhook trigger.`;
}

function actionHint(type: string, templates: Map<string, Template>, templateId?: string): string {
	const tpl = templateId ? templates.get(templateId) : undefined;
	const named = tpl ? ` using template ${tpl.id} "${tpl.name}"` : templateId ? ` using template ${templateId} (not in this export)` : '';
	if (type === 'send_email') return `"Send email" step${named}; paste the subject and body from the template section.`;
	if (type === 'send_sms') return `"HTTP request" step to your SMS gateway${named} (Twenty sends no SMS itself).`;
	if (type === 'create_task') return '"Create record" step on Task.';
	if (type === 'set_field') return '"Update record" step.';
	if (type === 'wait') return '"Delay" step (or a second scheduled workflow where delays are unavailable).';
	if (type === 'branch') return '"If/else" (or two "Filter" branches).';
	return `No direct equivalent for "${type}": a "Code" or "HTTP request" step.`;
}

function stepText(s: Step, templates: Map<string, Template>): string {
	const { type, ...rest } = s;
	const parts = Object.entries(rest).map(([k, v]) => `${k}: ${value(v)}`);
	return `${type}${parts.length ? ` (${parts.join('; ')})` : ''} → ${actionHint(type, templates, typeof s.templateId === 'string' ? s.templateId : undefined)}`;
}

function ruleBlocks(r: ReminderRule, templates: Map<string, Template>): Block[] {
	const { templateId, type, ...actionRest } = r.action;
	const facts = [
		`Status in Clinic Place: ${r.active ? 'active' : 'inactive (rebuild only if still wanted)'}`,
		`When: ${describeTrigger(r.trigger)}`,
		...r.conditions.map((c) => `Only if ${condition(c)}`),
		`Then: ${type}${templateId ? ` with template ${templateId}` : ''}${
			Object.keys(actionRest).length
				? ` (${Object.entries(actionRest)
						.map(([k, v]) => `${k}: ${value(v)}`)
						.join('; ')})`
				: ''
		}`,
		...(r.quietHours
			? [
					`Quiet hours: nothing sent between ${r.quietHours.from} and ${r.quietHours.to}${r.quietHours.timezone ? ` (${r.quietHours.timezone})` : ''}`
				]
			: []),
		...(r.locations ? [`Locations: ${r.locations.join(', ')}`] : [])
	];
	const steps = [
		twentyTrigger(r.trigger),
		...(r.conditions.length ? [`"Filter" step: ${r.conditions.map(condition).join(' and ')}.`] : []),
		...(r.locations ? [`"Filter" step: location is one of ${r.locations.join(', ')}.`] : []),
		...(r.quietHours ? [`Schedule the trigger outside ${r.quietHours.from}–${r.quietHours.to} so nothing goes out in quiet hours.`] : []),
		actionHint(type, templates, templateId)
	];
	return [
		{ kind: 'heading', level: 3, text: `${r.id} — ${r.name}`, id: r.id },
		{ kind: 'list', items: facts },
		{ kind: 'para', text: 'Rebuild in Twenty:' },
		{ kind: 'steps', items: steps }
	];
}

function workflowBlocks(w: Workflow, templates: Map<string, Template>): Block[] {
	return [
		{ kind: 'heading', level: 3, text: `${w.id} — ${w.name}`, id: w.id },
		{
			kind: 'list',
			items: [
				`Status in Clinic Place: ${w.active ? 'active' : 'inactive (rebuild only if still wanted)'}`,
				`When: ${describeTrigger(w.trigger)}`
			]
		},
		{ kind: 'para', text: 'Rebuild in Twenty:' },
		{ kind: 'steps', items: [twentyTrigger(w.trigger), ...w.steps.map((s) => stepText(s, templates))] }
	];
}

function templateBlocks(t: Template, usedBy: string[]): Block[] {
	const blocks: Block[] = [
		{ kind: 'heading', level: 3, text: `${t.id} — ${t.name}`, id: t.id },
		{
			kind: 'list',
			items: [
				`Channel: ${t.channel}`,
				`Status: ${t.active ? 'active' : 'inactive'}`,
				`Used by: ${usedBy.length ? usedBy.join(', ') : 'nothing in this export'}`,
				`Placeholders: ${t.placeholders.join(', ') || 'none'}`
			]
		}
	];
	if (t.subject !== undefined) blocks.push({ kind: 'para', text: 'Subject:' }, { kind: 'code', text: t.subject });
	if (t.body !== undefined) blocks.push({ kind: 'para', text: 'Body:' }, { kind: 'code', text: t.body });
	if (t.bodyHtml !== undefined)
		blocks.push({ kind: 'para', text: 'Body (HTML as exported; rebuild it in the email editor):' }, { kind: 'code', text: t.bodyHtml });
	return blocks;
}

/** Every template id each rule or workflow points at, for the "used by" lines. */
function usage(a: Automations): Map<string, string[]> {
	const used = new Map<string, string[]>();
	const add = (tpl: unknown, by: string) => typeof tpl === 'string' && used.set(tpl, [...(used.get(tpl) ?? []), by]);
	for (const r of a.reminderRules) add(r.action.templateId, r.id);
	const walk = (steps: Step[], by: string): void => {
		for (const s of steps) {
			add(s.templateId, by);
			for (const k of ['then', 'else']) if (Array.isArray(s[k])) walk(s[k] as Step[], by);
		}
	};
	for (const w of a.workflows) walk(w.steps, w.id);
	return used;
}

export function referenceBlocks(a: Automations): Block[] {
	const templates = new Map(a.emailTemplates.map((t) => [t.id, t]));
	const used = usage(a);
	const title = `Automations to rebuild${a.clinic?.name ? ` — ${a.clinic.name}` : ''}`;
	const summary: Block = {
		kind: 'table',
		head: ['id', 'kind', 'name', 'active'],
		rows: [
			...a.reminderRules.map((r) => [r.id, 'reminder rule', r.name, r.active ? 'yes' : 'no']),
			...a.workflows.map((w) => [w.id, 'workflow', w.name, w.active ? 'yes' : 'no']),
			...a.emailTemplates.map((t) => [t.id, `${t.channel} template`, t.name, t.active ? 'yes' : 'no'])
		]
	};
	const missing = [...used.keys()].filter((id) => !templates.has(id));
	return [
		{ kind: 'heading', level: 1, text: title },
		{
			kind: 'para',
			text: `From ${a.product ?? 'the export'}${a.version ? ` ${a.version}` : ''}${a.exportedAt ? `, exported ${a.exportedAt}` : ''}. Ferry does not push automations as records: rebuild each one by hand in Twenty's workflow builder (Settings → Workflows), test it on a sandbox record, then activate it.`
		},
		...(a.clinic?.timezone
			? [{ kind: 'para', text: `Clinic time zone: ${a.clinic.timezone}. Set the workspace time zone to match before scheduling.` } as Block]
			: []),
		...(a.fees
			? [
					{
						kind: 'para',
						text: `Fees quoted in templates: ${Object.entries(a.fees)
							.map(([k, v]) => `${k} ${v}`)
							.join(', ')}.`
					} as Block
				]
			: []),
		...(missing.length
			? [{ kind: 'para', text: `Warning: templates referenced but missing from the export: ${missing.join(', ')}.` } as Block]
			: []),
		summary,
		{ kind: 'heading', level: 2, text: `Reminder rules (${a.reminderRules.length})` },
		...a.reminderRules.flatMap((r) => ruleBlocks(r, templates)),
		{ kind: 'heading', level: 2, text: `Workflows (${a.workflows.length})` },
		...a.workflows.flatMap((w) => workflowBlocks(w, templates)),
		{ kind: 'heading', level: 2, text: `Message templates (${a.emailTemplates.length})` },
		...a.emailTemplates.flatMap((t) => templateBlocks(t, used.get(t.id) ?? []))
	];
}
