// The shape of automations.json, checked with zod. Lenient on purpose: a rule or step of a kind
// Ferry does not know is still quoted in full in the reference, never dropped.
import { z } from 'zod';

const Offset = z.object({ value: z.number(), unit: z.string() }).passthrough();
const Condition = z.object({ field: z.string(), op: z.string(), value: z.unknown().optional() }).passthrough();

export const Trigger = z
	.object({
		event: z.string(),
		offset: Offset.optional(),
		to: z.string().optional(),
		afterDays: z.number().optional(),
		conditions: z.array(Condition).optional()
	})
	.passthrough();

export const ReminderRule = z
	.object({
		id: z.string(),
		name: z.string(),
		active: z.boolean().default(true),
		trigger: Trigger,
		conditions: z.array(Condition).default([]),
		action: z.object({ type: z.string(), templateId: z.string().optional() }).passthrough(),
		quietHours: z.object({ from: z.string(), to: z.string(), timezone: z.string().optional() }).passthrough().optional(),
		locations: z.array(z.string()).optional()
	})
	.passthrough();

export type Step = { type: string; [k: string]: unknown };
export const Step: z.ZodType<Step> = z.object({ type: z.string() }).passthrough() as z.ZodType<Step>;

export const Workflow = z
	.object({ id: z.string(), name: z.string(), active: z.boolean().default(true), trigger: Trigger, steps: z.array(Step).default([]) })
	.passthrough();

export const Template = z
	.object({
		id: z.string(),
		name: z.string(),
		channel: z.string(),
		subject: z.string().optional(),
		body: z.string().optional(),
		bodyHtml: z.string().optional(),
		placeholders: z.array(z.string()).default([]),
		active: z.boolean().default(true)
	})
	.passthrough();

export const Automations = z
	.object({
		exportedAt: z.string().optional(),
		product: z.string().optional(),
		version: z.string().optional(),
		clinic: z.object({ name: z.string().optional(), timezone: z.string().optional() }).passthrough().optional(),
		fees: z.record(z.string(), z.number()).optional(),
		reminderRules: z.array(ReminderRule).default([]),
		workflows: z.array(Workflow).default([]),
		emailTemplates: z.array(Template).default([])
	})
	.passthrough();

export type Automations = z.infer<typeof Automations>;
export type ReminderRule = z.infer<typeof ReminderRule>;
export type Workflow = z.infer<typeof Workflow>;
export type Template = z.infer<typeof Template>;
export type Trigger = z.infer<typeof Trigger>;
