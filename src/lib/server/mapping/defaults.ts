// The default Clinic Place → Twenty map (issue 5's table), for the reference layout of
// EXPORT.md. Pick-list options come from the export's picklists table, plus values the data
// holds that the pick-list lacks (kept verbatim, flagged for admin review in the reason).
import type { Workspace } from '../db/index.js';
import { literal } from '../db/index.js';
import type { z } from 'zod';
import { Mapping, type FieldMap, type SelectOption, type SourceMap, type TableRole } from './model.js';
import { makeOptions, picklist, pickListTable, unmatchedValues, type PickLists } from './options.js';
import { referenceTableRoles } from './roles.js';
import { placeZoneSql } from './zones.js';

type F = Partial<FieldMap> & Pick<FieldMap, 'target' | 'type' | 'transform'>;
const f = (x: F): FieldMap => ({ custom: false, unique: false, required: false, confirmed: false, ...x });
const text = (target: string, column: string, extra: Partial<F> = {}) => f({ target, type: 'TEXT', transform: 'text', column, ...extra });
const custom = (
	target: string,
	label: string,
	type: FieldMap['type'],
	transform: FieldMap['transform'],
	column: string | undefined,
	extra: Partial<F> = {}
) => f({ target, label, type, transform, column, custom: true, ...extra });

const address = (): FieldMap[] => [
	f({ target: 'address.addressStreet1', type: 'ADDRESS', transform: 'text', column: 'address_line_1' }),
	f({ target: 'address.addressStreet2', type: 'ADDRESS', transform: 'text', column: 'address_line_2' }),
	f({ target: 'address.addressCity', type: 'ADDRESS', transform: 'text', column: 'city' }),
	f({ target: 'address.addressState', type: 'ADDRESS', transform: 'text', column: 'state' }),
	// Excel drops leading zeros from postcodes (0800 → 800): Australian postcodes are 4 digits.
	f({
		target: 'address.addressPostcode',
		type: 'ADDRESS',
		transform: 'text',
		column: 'postcode',
		sql: `case when regexp_full_match(trim(s.postcode), '\\d{3}') then '0' || trim(s.postcode) else s.postcode end`
	}),
	f({ target: 'address.addressCountry', type: 'ADDRESS', transform: 'text', column: 'country' })
];
const patientRef = (target: string, column: string, extra: Partial<F> = {}) =>
	f({
		target,
		type: 'RELATION',
		transform: 'patient_ref',
		column,
		relation: { object: 'person', entity: 'patient', table: 'patients', column: 'patient_id' },
		...extra
	});
const relation = (target: string, column: string, object: string, entity: string, table: string, key: string, extra: Partial<F> = {}) =>
	f({ target, type: 'RELATION', transform: 'relation', column, relation: { object, entity, table, column: key }, ...extra });
const yes = (col: string) => `lower(trim(s.${col})) in ('yes', 'y', 'true', '1')`;
const constant = literal;

// Joins name their table's columns through an alias so the proposer can move them onto another layout.
const STAFF_NAMES = `select trim(x.staff_id) as staff_id, concat_ws(' ', trim(x.first_name), trim(x.last_name)) as name from raw.staff x`;

/** Each site's zone, so an appointment is read on its own site's clock. */
const SITE_ZONE = {
	alias: 'loc',
	sql: `select trim(l.location_id) as location_id, ${placeZoneSql('l.state', 'l.postcode')} as zone from raw.locations l`,
	on: 'loc.location_id = trim(s.clinic_location_id)'
};

/** Status spread over yes/no flags and a cancelled-at time becomes one status value. */
const APPOINTMENT_STATUS = `coalesce(nullif(trim(s.status), ''), case when nullif(trim(s.cancelled_at), '') is not null then 'Cancelled'
	when ${yes('did_not_arrive')} then 'Did Not Arrive' when ${yes('arrived')} then 'Arrived' end)`;
const CANCELLED = `lower(${APPOINTMENT_STATUS}) like '%cancel%'`;
const DID_NOT_ARRIVE = `lower(${APPOINTMENT_STATUS}) in ('did not arrive', 'no show', 'dna') or ${yes('did_not_arrive')}`;

const PICKLISTS = {
	appointmentType: {
		field: 'Appointment Type',
		fallback: ['New Patient', 'Follow-up', 'Procedure', 'Telehealth', 'Urgent Care'],
		aliases: {}
	},
	appointmentStatus: {
		field: 'Appointment Status',
		fallback: ['Booked', 'Confirmed', 'Arrived', 'Completed', 'Cancelled', 'Did Not Arrive'],
		aliases: { 'Did Not Arrive': ['No Show', 'DNA'] }
	},
	billingStatus: { field: 'Billing Status', fallback: ['Paid', 'Pending', 'Overdue', 'Insurance Pending'], aliases: {} },
	noteType: { field: 'Note Type', fallback: ['Visit Summary', 'Prescription', 'Lab Result', 'Referral Letter', 'Other'], aliases: {} },
	sex: { field: 'Sex', fallback: ['Female', 'Male', 'Other'], aliases: { Female: ['F'], Male: ['M'] } },
	paymentMethod: {
		field: 'Payment Method',
		fallback: ['Card', 'EFTPOS', 'Cash', 'HICAPS', 'Medicare Easyclaim', 'Bank Transfer', 'Cheque', 'Afterpay'],
		aliases: {}
	}
} as const;

async function options(
	ws: Workspace,
	lists: PickLists | null,
	key: keyof typeof PICKLISTS,
	table: string,
	expr: string
): Promise<{ options: SelectOption[]; reason?: string }> {
	const p = PICKLISTS[key];
	const listed = await picklist(ws, p.field, lists);
	let opts = makeOptions(listed.length ? listed : [...p.fallback], p.aliases as Record<string, string[]>);
	let extra: Array<{ value: string; count: number }> = [];
	try {
		extra = await unmatchedValues(ws, table, expr, opts);
	} catch {
		/* table or column missing: validation reports it */
	}
	if (extra.length) opts = makeOptions([...opts.map((o) => o.label), ...extra.map((e) => e.value)], p.aliases as Record<string, string[]>);
	const reason = extra.length
		? `not in the export's pick-list, kept verbatim for admin review: ${extra.map((e) => `${e.value} (${e.count})`).join(', ')}`
		: undefined;
	return { options: opts, reason };
}

async function select(
	ws: Workspace,
	lists: PickLists | null,
	target: string,
	label: string,
	key: keyof typeof PICKLISTS,
	table: string,
	column: string | undefined,
	sql?: string
): Promise<FieldMap> {
	const { options: opts, reason } = await options(ws, lists, key, table, sql ?? `s.${column}`);
	return custom(target, label, 'SELECT', 'select_value', column, { sql, options: opts, reason });
}

const TASK_STATUS = makeOptions(['TODO', 'IN_PROGRESS', 'DONE'], {
	DONE: ['Completed', 'Arrived', 'Cancelled', 'Late Cancellation', 'Did Not Arrive', 'No Show', 'DNA'],
	TODO: ['Booked', 'Confirmed']
});

/** The default map; `roles` (the proposer's, for another layout) say where the pick-lists are. */
export async function defaultMapping(ws: Workspace, roles?: TableRole[]): Promise<Mapping> {
	const reference = await referenceTableRoles(ws);
	const lists = await pickListTable(ws, roles ?? reference);
	const sources: z.input<typeof SourceMap>[] = [
		{
			id: 'locations',
			object: 'company',
			plural: 'companies',
			table: 'locations',
			entity: 'location',
			keyColumn: 'location_id',
			joins: [],
			fields: [
				text('name', 'name'),
				...address(),
				custom('phones.primary', 'Phone', 'PHONES', 'phone_e164', 'phone'),
				custom('emails.primaryEmail', 'Email', 'EMAILS', 'email', 'email'),
				custom('openingHours', 'Opening Hours', 'TEXT', 'text', 'opening_hours'),
				custom('isHeadquarters', 'Headquarters', 'BOOLEAN', 'boolean', 'is_headquarters'),
				custom('companyType', 'Company Type', 'SELECT', 'select_value', undefined, {
					sql: constant('Clinic Location'),
					options: makeOptions(['Clinic Location', 'Insurance Carrier'])
				})
			],
			leftOut: [
				{ column: 'parent_location_id', why: 'location hierarchy has no Twenty counterpart, and exports carry circular parent chains' }
			]
		},
		{
			id: 'insurers',
			object: 'company',
			plural: 'companies',
			table: 'insurance_providers',
			entity: 'insurer',
			keyColumn: 'insurer_id',
			joins: [],
			fields: [
				text('name', 'name'),
				...address(),
				f({ target: 'domainName.primaryLinkUrl', type: 'LINKS', transform: 'text', column: 'website' }),
				custom('phones.primary', 'Phone', 'PHONES', 'phone_e164', 'phone'),
				custom('emails.primaryEmail', 'Email', 'EMAILS', 'email', 'email'),
				custom('payerCode', 'Payer Code', 'TEXT', 'text', 'payer_code'),
				custom('companyType', 'Company Type', 'SELECT', 'select_value', undefined, {
					sql: constant('Insurance Carrier'),
					options: makeOptions(['Clinic Location', 'Insurance Carrier'])
				})
			],
			leftOut: []
		},
		{
			id: 'physicians',
			object: 'person',
			plural: 'people',
			table: 'referring_physicians',
			entity: 'physician',
			keyColumn: 'physician_id',
			joins: [],
			rank: '0',
			fields: [
				f({ target: 'name.firstName', type: 'FULL_NAME', transform: 'text', column: 'first_name' }),
				f({ target: 'name.lastName', type: 'FULL_NAME', transform: 'text', column: 'last_name' }),
				f({ target: 'emails.primaryEmail', type: 'EMAILS', transform: 'email', column: 'email' }),
				f({ target: 'phones.primary', type: 'PHONES', transform: 'phone_e164', column: 'phone' }),
				f({ target: 'jobTitle', type: 'TEXT', transform: 'none', sql: constant('Referring Physician') }),
				custom('personType', 'Person Type', 'SELECT', 'select_value', undefined, {
					sql: constant('Referring Physician'),
					options: makeOptions(['Patient', 'Referring Physician'])
				}),
				custom('practiceName', 'Practice Name', 'TEXT', 'text', 'practice_name'),
				custom('providerNumber', 'Provider Number', 'TEXT', 'text', 'provider_number'),
				...address().map((a) => ({ ...a, target: a.target.replace('address.', 'homeAddress.'), label: 'Address', custom: true }))
			],
			leftOut: []
		},
		{
			id: 'patients',
			object: 'person',
			plural: 'people',
			table: 'patients',
			entity: 'patient',
			keyColumn: 'patient_id',
			rank: '1',
			// Merged-away duplicates are not staged: their children point at the survivor.
			where: `trim(s.patient_id) not in (select patient_id from ferry.patient_survivors where patient_id <> survivor_id)`,
			joins: [
				{
					alias: 'ins',
					sql: `select trim(p.patient_id) as patient_id, arg_max(p.insurer_id, ${yes('is_primary').replaceAll('s.', 'p.')}) as insurer_id, arg_max(p.plan_name, ${yes('is_primary').replaceAll('s.', 'p.')}) as plan_name,
					arg_max(p.member_number, ${yes('is_primary').replaceAll('s.', 'p.')}) as member_number, bool_or(${yes('is_primary').replaceAll('s.', 'p.')}) as is_primary from raw.patient_insurance p group by 1`,
					on: 'ins.patient_id = trim(s.patient_id)'
				}
			],
			fields: [
				f({ target: 'name.firstName', type: 'FULL_NAME', transform: 'text', column: 'first_name' }),
				f({ target: 'name.lastName', type: 'FULL_NAME', transform: 'text', column: 'last_name' }),
				f({ target: 'emails.primaryEmail', type: 'EMAILS', transform: 'email', column: 'email' }),
				f({ target: 'phones.primary', type: 'PHONES', transform: 'phone_e164', column: 'mobile_phone' }),
				f({ target: 'phones.additional', type: 'PHONES', transform: 'phone_e164', column: 'home_phone' }),
				...address().map((a) => ({ ...a, target: a.target.replace('address.', 'homeAddress.'), label: 'Address', custom: true })),
				custom('patientId', 'Patient ID', 'TEXT', 'text', 'patient_id', {
					unique: true,
					reason: 'the Clinic Place id: the external id that makes re-runs find the same person'
				}),
				custom('salutation', 'Title', 'TEXT', 'text', 'title'),
				custom('middleName', 'Middle Name', 'TEXT', 'text', 'middle_name'),
				custom('preferredName', 'Preferred Name', 'TEXT', 'text', 'preferred_name'),
				custom('dateOfBirth', 'Date of Birth', 'DATE', 'date', 'date_of_birth'),
				await select(ws, lists, 'sex', 'Sex', 'sex', 'patients', 'sex'),
				await select(ws, lists, 'billingStatus', 'Billing Status', 'billingStatus', 'patients', 'billing_status'),
				custom('outstandingBalance.amountMicros', 'Outstanding Balance', 'CURRENCY', 'money_micros', 'outstanding_balance'),
				custom('personType', 'Person Type', 'SELECT', 'select_value', undefined, {
					sql: constant('Patient'),
					options: makeOptions(['Patient', 'Referring Physician'])
				}),
				custom('emergencyContactName', 'Emergency Contact Name', 'TEXT', 'text', 'emergency_contact_name'),
				custom('emergencyContactPhone.primary', 'Emergency Contact Phone', 'PHONES', 'phone_e164', 'emergency_contact_phone'),
				custom('emergencyContactRelationship', 'Emergency Contact Relationship', 'TEXT', 'text', 'emergency_contact_relationship'),
				patientRef('emergencyContactId', 'emergency_contact_patient_id', {
					custom: true,
					label: 'Emergency Contact',
					relation: { object: 'person', entity: 'patient', table: 'patients', column: 'patient_id', inverseLabel: 'Emergency Contact For' }
				}),
				relation('clinicLocationId', 'clinic_location_id', 'company', 'location', 'locations', 'location_id', {
					custom: true,
					label: 'Clinic Location',
					relation: { object: 'company', entity: 'location', table: 'locations', column: 'location_id', inverseLabel: 'Patients' }
				}),
				relation('referringPhysicianId', 'referring_physician_id', 'person', 'physician', 'referring_physicians', 'physician_id', {
					custom: true,
					label: 'Referring Physician',
					relation: {
						object: 'person',
						entity: 'physician',
						table: 'referring_physicians',
						column: 'physician_id',
						inverseLabel: 'Referred Patients'
					}
				}),
				relation('insuranceCarrierId', 'ins.insurer_id', 'company', 'insurer', 'insurance_providers', 'insurer_id', {
					custom: true,
					label: 'Insurance Carrier',
					relation: {
						object: 'company',
						entity: 'insurer',
						table: 'insurance_providers',
						column: 'insurer_id',
						inverseLabel: 'Insured Patients'
					}
				}),
				custom('insurancePlanName', 'Insurance Plan', 'TEXT', 'text', 'ins.plan_name'),
				custom('insuranceMemberNumber', 'Insurance Member Number', 'TEXT', 'text', 'ins.member_number'),
				custom('insuranceIsPrimary', 'Insurance Is Primary', 'BOOLEAN', 'none', undefined, { sql: 'ins.is_primary' }),
				f({
					target: 'createdAt',
					type: 'DATE_TIME',
					transform: 'datetime',
					column: 'created_at',
					reason: "the Clinic Place creation time: Twenty keeps it as the record's own creation date"
				}),
				custom('isArchived', 'Archived', 'BOOLEAN', 'none', 'archived', {
					sql: `lower(trim(s.archived)) in ('yes', 'y', 'true', '1', 'deleted')`
				}),
				custom('externalRef', 'External Reference', 'TEXT', 'text', 'external_ref')
			],
			leftOut: [{ column: 'updated_at', why: 'Twenty keeps its own updatedAt' }]
		},
		{
			id: 'appointments',
			object: 'task',
			plural: 'tasks',
			table: 'appointments',
			entity: 'appointment',
			keyColumn: 'appointment_id',
			joins: [{ alias: 'st', sql: STAFF_NAMES, on: 'st.staff_id = trim(s.practitioner_id)' }, SITE_ZONE],
			fields: [
				f({
					target: 'title',
					type: 'TEXT',
					transform: 'text',
					sql: `trim(s.appointment_type) || ' appointment'`,
					column: 'appointment_type'
				}),
				f({
					target: 'dueAt',
					type: 'DATE_TIME',
					transform: 'datetime',
					column: 'starts_at',
					zone: 'loc.zone',
					reason: "times without an offset are read on the site's clock (its state or postcode)"
				}),
				f({
					target: 'status',
					type: 'SELECT',
					transform: 'select_value',
					sql: APPOINTMENT_STATUS,
					options: TASK_STATUS,
					reason: 'Twenty task status: finished visits DONE, booked ones TODO'
				}),
				f({ target: 'bodyV2.markdown', type: 'RICH_TEXT', transform: 'text', column: 'notes' }),
				f({
					target: 'assigneeId',
					type: 'RELATION',
					transform: 'member_ref',
					column: 'practitioner_id',
					relation: { object: 'workspaceMember', entity: 'member' }
				}),
				await select(ws, lists, 'appointmentType', 'Appointment Type', 'appointmentType', 'appointments', 'appointment_type'),
				await select(
					ws,
					lists,
					'appointmentStatus',
					'Appointment Status',
					'appointmentStatus',
					'appointments',
					undefined,
					APPOINTMENT_STATUS
				),
				custom('durationMinutes', 'Duration (min)', 'NUMBER', 'integer', 'duration_min'),
				custom('provider', 'Provider', 'TEXT', 'text', 'st.name'),
				custom('isCancelled', 'Cancelled', 'BOOLEAN', 'none', undefined, { sql: CANCELLED }),
				custom('didNotArrive', 'Did Not Arrive', 'BOOLEAN', 'none', undefined, { sql: DID_NOT_ARRIVE }),
				custom('cancellationReason', 'Cancellation Reason', 'TEXT', 'text', 'cancellation_reason'),
				f({
					target: 'createdAt',
					type: 'DATE_TIME',
					transform: 'datetime',
					column: 'created_at',
					reason: "the Clinic Place creation time: Twenty keeps it as the record's own creation date"
				})
			],
			leftOut: [
				{ column: 'ends_at', why: 'the duration is kept instead' },
				{ column: 'clinic_location_id', why: "the patient's clinic location relation carries it; it gives the appointment's time zone" },
				{ column: 'patient_id', why: 'becomes the taskTarget to the patient' },
				{ column: 'updated_at', why: 'Twenty keeps its own updatedAt' }
			]
		},
		{
			id: 'appointmentTargets',
			object: 'taskTarget',
			plural: 'taskTargets',
			table: 'appointments',
			entity: 'taskTarget',
			keyColumn: 'appointment_id',
			joins: [],
			fields: [
				relation('taskId', 'appointment_id', 'task', 'appointment', 'appointments', 'appointment_id', { required: true }),
				patientRef('targetPersonId', 'patient_id', {
					required: true,
					reason: 'appointments whose patient is missing are not linked (validation counts them)'
				})
			],
			leftOut: []
		},
		{
			id: 'clinicalNotes',
			object: 'note',
			plural: 'notes',
			table: 'clinical_notes',
			entity: 'note',
			keyColumn: 'note_id',
			joins: [{ alias: 'st', sql: STAFF_NAMES, on: 'st.staff_id = trim(s.practitioner_id)' }],
			fields: [
				f({ target: 'title', type: 'TEXT', transform: 'text', column: 'title' }),
				f({ target: 'bodyV2.markdown', type: 'RICH_TEXT', transform: 'html_to_markdown', column: 'body' }),
				await select(ws, lists, 'noteType', 'Note Type', 'noteType', 'clinical_notes', 'note_type'),
				f({
					target: 'createdAt',
					type: 'DATE_TIME',
					transform: 'datetime',
					column: 'created_at',
					reason: "the Clinic Place creation time: Twenty keeps it as the record's own creation date"
				}),
				custom('provider', 'Provider', 'TEXT', 'text', 'st.name'),
				custom('hasAttachment', 'Has Attachment', 'BOOLEAN', 'none', undefined, { sql: 'false' })
			],
			leftOut: [
				{ column: 'appointment_id', why: 'Twenty notes cannot target tasks; the note links to the patient' },
				{ column: 'updated_at', why: 'Twenty keeps its own updatedAt' }
			]
		},
		{
			id: 'clinicalNoteTargets',
			object: 'noteTarget',
			plural: 'noteTargets',
			table: 'clinical_notes',
			entity: 'noteTarget',
			keyColumn: 'note_id',
			joins: [],
			fields: [
				relation('noteId', 'note_id', 'note', 'note', 'clinical_notes', 'note_id', { required: true }),
				patientRef('targetPersonId', 'patient_id', { required: true })
			],
			leftOut: []
		},
		{
			id: 'attachmentNotes',
			object: 'note',
			plural: 'notes',
			table: 'attachments',
			entity: 'attachmentNote',
			keyColumn: 'attachment_id',
			joins: [],
			fields: [
				f({ target: 'title', type: 'TEXT', transform: 'text', column: 'file_name' }),
				f({
					target: 'bodyV2.markdown',
					type: 'RICH_TEXT',
					transform: 'text',
					sql: `'Document: ' || coalesce(trim(s.category), 'Other') || ' (' || coalesce(trim(s.content_type), 'unknown type') || ')'`
				}),
				f({
					target: 'createdAt',
					type: 'DATE_TIME',
					transform: 'datetime',
					column: 'uploaded_at',
					reason: "the Clinic Place creation time: Twenty keeps it as the record's own creation date"
				}),
				custom('hasAttachment', 'Has Attachment', 'BOOLEAN', 'none', undefined, { sql: 'true' })
			],
			leftOut: [{ column: 'path', why: 'the loader uploads the file (stage.attachments carries the path)' }]
		},
		{
			id: 'attachmentNoteTargets',
			object: 'noteTarget',
			plural: 'noteTargets',
			table: 'attachments',
			entity: 'noteTarget',
			keyColumn: 'attachment_id',
			keySql: `'attachment:' || trim(s.attachment_id)`,
			joins: [],
			fields: [
				relation('noteId', 'attachment_id', 'note', 'attachmentNote', 'attachments', 'attachment_id', { required: true }),
				patientRef('targetPersonId', 'patient_id', { required: true })
			],
			leftOut: []
		},
		{
			id: 'attachments',
			object: 'attachment',
			plural: 'attachments',
			table: 'attachments',
			entity: 'attachment',
			keyColumn: 'attachment_id',
			joins: [],
			extras: { file_path: 's.path', content_type: 's.content_type', size_bytes: 's.size_bytes' },
			fields: [
				f({ target: 'name', type: 'TEXT', transform: 'text', column: 'file_name' }),
				f({
					target: 'createdAt',
					type: 'DATE_TIME',
					transform: 'datetime',
					column: 'uploaded_at',
					reason: "the Clinic Place creation time: Twenty keeps it as the record's own creation date"
				}),
				relation('targetNoteId', 'attachment_id', 'note', 'attachmentNote', 'attachments', 'attachment_id', { required: true })
			],
			leftOut: [{ column: 'size_bytes', why: 'Twenty measures the uploaded file itself' }]
		},
		{
			id: 'invoices',
			object: 'payment',
			plural: 'payments',
			table: 'invoices',
			entity: 'invoice',
			keyColumn: 'invoice_id',
			joins: [],
			fields: [
				text('name', 'invoice_number'),
				custom('invoiceNumber', 'Invoice Number', 'TEXT', 'text', 'invoice_number'),
				custom('amountBilled.amountMicros', 'Amount Billed', 'CURRENCY', 'money_micros', 'amount_billed'),
				custom('amountBilled.currencyCode', 'Amount Billed', 'CURRENCY', 'text', 'currency'),
				custom('amountPaid.amountMicros', 'Amount Paid', 'CURRENCY', 'money_micros', 'amount_paid'),
				custom('amountPaid.currencyCode', 'Amount Paid', 'CURRENCY', 'text', 'currency'),
				custom('balanceDue.amountMicros', 'Balance Due', 'CURRENCY', 'money_micros', 'balance_due'),
				custom('balanceDue.currencyCode', 'Balance Due', 'CURRENCY', 'text', 'currency'),
				custom('issueDate', 'Issue Date', 'DATE', 'date', 'issue_date'),
				custom('dueDate', 'Due Date', 'DATE', 'date', 'due_date'),
				custom('paymentDate', 'Payment Date', 'DATE', 'date', 'payment_date'),
				await select(ws, lists, 'paymentMethod', 'Payment Method', 'paymentMethod', 'invoices', 'payment_method'),
				custom('invoiceStatus', 'Invoice Status', 'TEXT', 'text', 'status'),
				custom('description', 'Description', 'TEXT', 'text', 'description'),
				f({
					target: 'createdAt',
					type: 'DATE_TIME',
					transform: 'datetime',
					column: 'issue_date',
					reason: 'invoices carry no creation time: the issue date is when Clinic Place made it'
				}),
				patientRef('patientId', 'patient_id', {
					custom: true,
					label: 'Patient',
					relation: { object: 'person', entity: 'patient', table: 'patients', column: 'patient_id', inverseLabel: 'Payments' }
				})
			],
			leftOut: [{ column: 'appointment_id', why: 'the payment links to the patient; Twenty tasks carry the appointment' }]
		}
	];
	return Mapping.parse({
		version: 1,
		region: 'AU',
		dateOrder: 'DMY',
		zone: 'Australia/Sydney',
		currency: 'AUD',
		objects: [
			{ nameSingular: 'payment', namePlural: 'payments', labelSingular: 'Payment', labelPlural: 'Payments', icon: 'IconCreditCard' }
		],
		tables: reference,
		sources
	});
}
