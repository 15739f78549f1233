// automations.json: reminder rules, workflows and email templates, exported as-is.
// Ferry turns it into a rebuild reference, never into Twenty records.
import type { Rng } from './prng.js';
import type { Reference } from './reference.js';
import { EPOCH_ISO } from './format.js';
import { IANA_ZONE } from './places.js';

export function automations(rng: Rng, ref: Reference, clean: boolean): unknown {
	const loc = ref.locations;
	const templates = [
		{
			id: 'TPL-001',
			name: 'Appointment reminder (SMS)',
			channel: 'sms',
			body: 'Hi {{patient.first_name}}, a reminder of your {{appointment.type}} with {{practitioner.name}} at {{location.name}} on {{appointment.starts_at | date: "ddd D MMM h:mma"}}. Reply Y to confirm or call {{location.phone}}.',
			placeholders: [
				'patient.first_name',
				'appointment.type',
				'practitioner.name',
				'location.name',
				'appointment.starts_at',
				'location.phone'
			]
		},
		{
			id: 'TPL-002',
			name: 'Appointment reminder (email)',
			channel: 'email',
			subject: 'Your appointment on {{appointment.starts_at | date: "dddd D MMMM"}}',
			bodyHtml:
				'<p>Dear {{patient.title}} {{patient.last_name}},</p><p>This is a reminder of your appointment at <b>{{location.name}}</b>.</p><p>Please arrive 10 minutes early{{#if appointment.is_new}} to complete your new patient form{{/if}}.</p><p>Kind regards,<br>{{clinic.name}}</p>',
			placeholders: ['patient.title', 'patient.last_name', 'location.name', 'appointment.is_new', 'clinic.name']
		},
		{
			id: 'TPL-003',
			name: 'Did not arrive follow-up',
			channel: 'email',
			subject: 'We missed you today',
			bodyHtml: '<p>Hi {{patient.first_name}},</p><p>We missed you at your appointment today. A fee of ${{fees.dna}} may apply.</p>',
			placeholders: ['patient.first_name', 'fees.dna']
		},
		{
			id: 'TPL-004',
			name: 'Invoice overdue',
			channel: 'email',
			subject: 'Invoice {{invoice.number}} is overdue',
			bodyHtml: '<p>Invoice {{invoice.number}} for ${{invoice.balance_due}} was due on {{invoice.due_date}}.</p>',
			placeholders: ['invoice.number', 'invoice.balance_due', 'invoice.due_date'],
			active: false
		},
		{
			id: 'TPL-005',
			name: 'Post-visit survey',
			channel: 'email',
			subject: 'How did we do, {{patient.first_name}}?',
			bodyHtml: '<p>Tell us about your visit with {{practitioner.name}}: <a href="{{survey.url}}">2-minute survey</a></p>',
			placeholders: ['patient.first_name', 'practitioner.name', 'survey.url']
		}
	];
	const reminderRules = [
		{
			id: 'RR-01',
			name: '24h SMS reminder',
			active: true,
			trigger: { event: 'appointment.upcoming', offset: { value: -24, unit: 'hours' } },
			conditions: [
				{ field: 'appointment.status', op: 'in', value: ['Booked', 'Confirmed'] },
				{ field: 'patient.mobile_phone', op: 'is_not_empty' }
			],
			action: { type: 'send_sms', templateId: 'TPL-001', sender: 'CLINIC' },
			quietHours: { from: '20:00', to: '08:00', timezone: IANA_ZONE[loc[0].state] }
		},
		{
			id: 'RR-02',
			name: '3 day email reminder - new patients',
			active: true,
			trigger: { event: 'appointment.upcoming', offset: { value: -72, unit: 'hours' } },
			conditions: [{ field: 'appointment.type', op: 'eq', value: 'New Patient' }],
			action: { type: 'send_email', templateId: 'TPL-002' },
			locations: loc.slice(0, 2).map((l) => l.id)
		},
		{
			id: 'RR-03',
			name: 'Telehealth link 1h before',
			active: !clean && rng.chance(0.5) ? false : true,
			trigger: { event: 'appointment.upcoming', offset: { value: -1, unit: 'hours' } },
			conditions: [{ field: 'appointment.type', op: 'eq', value: 'Telehealth' }],
			action: { type: 'send_sms', templateId: 'TPL-001', appendLink: '{{appointment.video_url}}' }
		}
	];
	const workflows = [
		{
			id: 'WF-01',
			name: 'DNA follow-up',
			active: true,
			trigger: { event: 'appointment.status_changed', to: 'Did Not Arrive' },
			steps: [
				{ type: 'wait', duration: { value: 2, unit: 'hours' } },
				{ type: 'send_email', templateId: 'TPL-003' },
				{
					type: 'create_task',
					assignTo: { role: 'Reception', location: '{{appointment.location_id}}' },
					title: 'Call {{patient.full_name}} to rebook',
					due: { value: 1, unit: 'days' }
				}
			]
		},
		{
			id: 'WF-02',
			name: 'Overdue invoice escalation',
			active: false,
			trigger: { event: 'invoice.overdue', afterDays: 14 },
			steps: [
				{ type: 'send_email', templateId: 'TPL-004' },
				{ type: 'wait', duration: { value: 14, unit: 'days' } },
				{
					type: 'branch',
					if: { field: 'invoice.balance_due', op: 'gt', value: 0 },
					then: [{ type: 'set_field', object: 'patient', field: 'billing_status', value: 'Overdue' }],
					else: []
				}
			]
		},
		{
			id: 'WF-03',
			name: 'Referral letter received',
			active: true,
			trigger: { event: 'attachment.created', conditions: [{ field: 'attachment.category', op: 'eq', value: 'Referral' }] },
			steps: [
				{ type: 'create_task', assignTo: { staffId: ref.practitioners[0] }, title: 'Review referral for {{patient.full_name}}' },
				{ type: 'send_email', templateId: 'TPL-005', delay: { value: 3, unit: 'days' }, enabled: false }
			]
		}
	];
	return {
		exportedAt: EPOCH_ISO,
		product: 'The Clinic Place',
		version: '7.4.2',
		clinic: { name: ref.clinic, domain: ref.domain, timezone: IANA_ZONE[loc[0].state], locations: loc.map((l) => l.id) },
		fees: { dna: 60, lateCancellation: 40 },
		reminderRules,
		workflows,
		emailTemplates: templates
	};
}
