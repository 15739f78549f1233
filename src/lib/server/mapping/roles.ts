// Table roles: what each raw table of an export holds (patients, appointments, …) and which
// column is its key, proposed from the table's name and from its columns' names and content,
// each with a confidence and a reason. Every step after the map finds its tables through
// these roles, never through the reference layout's file names (DESIGN invariant 8).
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import { canonical, nameScore } from './names.js';
import { TABLE_ROLES, type TableRole, type TableRoleName } from './model.js';

export { TABLE_ROLES, type TableRole, type TableRoleName };

const ADDRESS = ['address_line_1', 'address_line_2', 'city', 'state', 'postcode', 'country'];

interface RoleSpec {
	/** The table of the reference layout (EXPORT.md) that plays this role. */
	reference: string;
	key: string;
	/** What other exports call such a table. */
	names: string[];
	/** The reference layout's columns (normalised headers). */
	columns: string[];
	/** Words naming one record of the role (a header 'Site Name' in the sites table is its name). */
	entity: string[];
	/** Headers that mean a reference column in this role's table only (canonical wording). */
	aliases?: Record<string, string[]>;
}

/** The reference layout by role: only the proposer and the default map know these names. */
export const ROLE_SPECS: Record<Exclude<TableRoleName, 'other'>, RoleSpec> = {
	patients: {
		reference: 'patients',
		key: 'patient_id',
		names: ['patients', 'clients', 'customers', 'people', 'persons', 'patient list', 'client list', 'patient register'],
		columns: [
			'patient_id',
			'title',
			'first_name',
			'middle_name',
			'last_name',
			'preferred_name',
			'date_of_birth',
			'sex',
			'email',
			'mobile_phone',
			'home_phone',
			...ADDRESS,
			'clinic_location_id',
			'referring_physician_id',
			'billing_status',
			'outstanding_balance',
			'emergency_contact_name',
			'emergency_contact_phone',
			'emergency_contact_relationship',
			'emergency_contact_patient_id',
			'created_at',
			'updated_at',
			'archived',
			'external_ref'
		],
		entity: ['patient', 'client', 'customer', 'person', 'chart']
	},
	appointments: {
		reference: 'appointments',
		key: 'appointment_id',
		names: ['appointments', 'appts', 'bookings', 'visits', 'schedule', 'diary', 'sessions', 'consultations', 'calendar'],
		columns: [
			'appointment_id',
			'patient_id',
			'practitioner_id',
			'clinic_location_id',
			'appointment_type',
			'starts_at',
			'ends_at',
			'duration_min',
			'status',
			'cancellation_reason',
			'notes',
			'created_at',
			'updated_at',
			'arrived',
			'did_not_arrive',
			'cancelled_at'
		],
		entity: ['appointment', 'appt', 'booking', 'visit', 'session', 'consultation'],
		aliases: { starts_at: ['date', 'day', 'time', 'when'], status: ['state'] }
	},
	notes: {
		reference: 'clinical_notes',
		key: 'note_id',
		names: [
			'clinical notes',
			'notes',
			'treatment notes',
			'case notes',
			'progress notes',
			'consult notes',
			'clinical records',
			'chart notes',
			'records'
		],
		columns: ['note_id', 'patient_id', 'appointment_id', 'practitioner_id', 'note_type', 'title', 'body', 'created_at', 'updated_at'],
		entity: ['note', 'clinical note', 'chart note', 'treatment note', 'record'],
		aliases: { note_type: ['category', 'type', 'kind'] }
	},
	invoices: {
		reference: 'invoices',
		key: 'invoice_id',
		names: ['invoices', 'bills', 'billing', 'transactions', 'charges', 'accounts', 'receipts', 'payments', 'invoice list'],
		columns: [
			'invoice_id',
			'invoice_number',
			'patient_id',
			'appointment_id',
			'issue_date',
			'due_date',
			'amount_billed',
			'amount_paid',
			'balance_due',
			'status',
			'payment_date',
			'payment_method',
			'currency',
			'description'
		],
		entity: ['invoice', 'bill', 'transaction', 'charge', 'receipt'],
		aliases: { status: ['billing status', 'invoice status', 'state'], invoice_number: ['number'] }
	},
	locations: {
		reference: 'locations',
		key: 'location_id',
		names: ['locations', 'sites', 'clinics', 'branches', 'practices', 'premises', 'clinic locations', 'businesses'],
		columns: ['location_id', 'name', ...ADDRESS, 'phone', 'email', 'opening_hours', 'parent_location_id', 'is_headquarters'],
		entity: ['location', 'site', 'clinic', 'branch', 'practice']
	},
	insurers: {
		reference: 'insurance_providers',
		key: 'insurer_id',
		names: [
			'insurance providers',
			'insurers',
			'health funds',
			'funds',
			'payers',
			'payors',
			'insurance companies',
			'carriers',
			'third parties'
		],
		columns: ['insurer_id', 'name', 'payer_code', 'phone', 'email', 'website', ...ADDRESS],
		entity: ['insurer', 'fund', 'health fund', 'payer', 'payor', 'carrier']
	},
	physicians: {
		reference: 'referring_physicians',
		key: 'physician_id',
		names: [
			'referring physicians',
			'referrers',
			'referring doctors',
			'referral sources',
			'gps',
			'physicians',
			'outside doctors',
			'referring practitioners'
		],
		columns: ['physician_id', 'first_name', 'last_name', 'practice_name', 'provider_number', 'phone', 'email', ...ADDRESS],
		entity: ['physician', 'referrer', 'doctor', 'gp', 'referral source']
	},
	staff: {
		reference: 'staff',
		key: 'staff_id',
		names: ['staff', 'practitioners', 'providers', 'clinicians', 'users', 'employees', 'team', 'team members', 'staff list'],
		columns: ['staff_id', 'first_name', 'last_name', 'email', 'role', 'specialty', 'license_number', 'clinic_location_id', 'active'],
		entity: ['staff', 'practitioner', 'provider', 'clinician', 'user', 'employee'],
		aliases: { role: ['title', 'position', 'job title', 'job'] }
	},
	attachments: {
		reference: 'attachments',
		key: 'attachment_id',
		names: ['attachments', 'documents', 'files', 'uploads', 'scans', 'document list', 'letters'],
		columns: ['attachment_id', 'patient_id', 'note_id', 'file_name', 'path', 'content_type', 'size_bytes', 'category', 'uploaded_at'],
		entity: ['attachment', 'document', 'file', 'scan', 'upload']
	},
	patientInsurers: {
		reference: 'patient_insurance',
		key: 'patient_id',
		names: [
			'patient insurance',
			'patient coverage',
			'client cover',
			'policies',
			'memberships',
			'coverage',
			'patient funds',
			'client funds',
			'health fund memberships',
			'insurance policies',
			'cover'
		],
		columns: ['patient_id', 'insurer_id', 'plan_name', 'member_number', 'is_primary', 'valid_from', 'valid_to'],
		entity: ['policy', 'membership', 'coverage', 'cover'],
		aliases: { plan_name: ['plan', 'product', 'cover type'], is_primary: ['primary', 'main'] }
	},
	picklists: {
		reference: 'picklists',
		key: 'value',
		names: ['picklists', 'pick lists', 'lookups', 'lists', 'codes', 'options', 'dropdowns', 'list values'],
		columns: ['field', 'value', 'label', 'active'],
		entity: ['picklist', 'list', 'option']
	},
	automations: {
		reference: 'automations',
		key: 'id',
		names: ['automations', 'reminders', 'workflows', 'templates', 'rules'],
		columns: [],
		entity: []
	}
};

const ROLE_NAMES = Object.keys(ROLE_SPECS) as Array<Exclude<TableRoleName, 'other'>>;

/** The role whose reference table is `table` (the default map's table names), if any. */
export function roleOfReference(table: string): Exclude<TableRoleName, 'other'> | null {
	return ROLE_NAMES.find((r) => ROLE_SPECS[r].reference === table) ?? null;
}

interface ColumnStats {
	column: string;
	filled: number;
	distinct: number;
	idLike: number;
}

async function columnStats(ws: Workspace, table: string, columns: string[]): Promise<{ rows: number; stats: ColumnStats[] }> {
	if (!columns.length) return { rows: 0, stats: [] };
	const parts = columns.map((c, i) => {
		const v = `nullif(trim(cast(${ident(c)} as varchar)), '')`;
		return `count(${v}) as f${i}, count(distinct ${v}) as d${i}, count(*) filter (where regexp_full_match(${v}, '[A-Za-z]{0,4}[-_#]?[0-9][0-9A-Za-z-]{0,23}')) as i${i}`;
	});
	const r = (await ws.one<Record<string, bigint>>(
		`select count(*) as n, ${parts.join(', ')} from (select * from raw.${ident(table)} using sample 5000 rows)`
	))!;
	return {
		rows: Number(r.n),
		stats: columns.map((column, i) => ({ column, filled: Number(r[`f${i}`]), distinct: Number(r[`d${i}`]), idLike: Number(r[`i${i}`]) }))
	};
}

/** How well a table's headers cover a role's reference columns, in [0, 1]. */
function columnCoverage(role: TableRoleName, spec: RoleSpec, columns: string[]): number {
	if (!spec.columns.length || !columns.length) return 0;
	const best = spec.columns.map((ref) => Math.max(...columns.map((c) => headerScore(role, ref, c))));
	// A column the role does not know is weak evidence against it.
	const strong = best.filter((b) => b >= 0.8).length;
	return Math.min(1, strong / Math.min(spec.columns.length, Math.max(4, columns.length)));
}

function tableNameScore(spec: RoleSpec, table: string): number {
	// 'Patient List', 'Appointment Report', 'Documents Index': the report word says nothing.
	const t =
		table
			.replaceAll('_', ' ')
			.replace(/\b(report|list|export|index|register|data|table|extract|details|all)\b/g, ' ')
			.replace(/\s+/g, ' ')
			.trim() || table;
	return Math.max(...spec.names.map((n) => nameScore(n, t)), nameScore(spec.reference.replaceAll('_', ' '), t));
}

/**
 * How well an export header names a reference column inside a table of this role: the header
 * after synonyms, the role's own aliases (a bare 'Date' in bookings is when it starts), and
 * the header without the role's word ('Site Name' in the sites table is the name).
 */
export function headerScore(role: TableRoleName, reference: string, header: string): number {
	const spec = role === 'other' ? undefined : ROLE_SPECS[role];
	const ref = reference.replaceAll('_', ' ');
	const h = header.replaceAll('_', ' ');
	const variants = [h];
	for (const e of spec?.entity ?? []) if (h.startsWith(`${e} `) && h.length > e.length + 1) variants.push(h.slice(e.length + 1));
	let best = 0;
	for (const v of variants) {
		best = Math.max(best, nameScore(ref, v));
		if (spec?.aliases?.[reference]?.some((a) => canonical(a) === canonical(v))) best = 1;
	}
	return best;
}

/**
 * The column of a role's table that stands for a reference column: the one the map matched (the
 * proposer's, or a person's), else, in a map saved before it matched that column, the header the
 * proposer's own finder reads as it (80% or better); null when none does.
 */
export function roleColumn(r: TableRole, columns: string[], reference: string): string | null {
	const matched = r.columns[reference];
	if (matched && columns.includes(matched)) return matched;
	const best = columns.map((c) => ({ c, score: headerScore(r.role, reference, c) })).sort((a, b) => b.score - a.score)[0];
	return best && best.score >= 0.8 ? best.c : null;
}

const ID_WORDS: Array<[RegExp, number]> = [
	[/^(id|key|uid|guid)$/, 1],
	[/^(ref|reference|code)$/, 0.9],
	[/^(number|no|num|nbr)$/, 0.8]
];

/** A header naming a record of the role by an id word: client_no, booking_ref, bill_id (1 for x_id, less for ref, number). */
function keyNameScore(entity: string[], keyRef: string, column: string): number {
	const words = column.split('_');
	const id = ID_WORDS.find(([re]) => re.test(words[words.length - 1]))?.[1] ?? 0;
	if (words.length === 1) return column === keyRef ? 1 : id * 0.6;
	const head = words.slice(0, -1).join(' ');
	if (column === keyRef) return 1;
	const own = entity.some((e) => e === head || `${e}s` === head) || nameScore(keyRef.replace(/_id$/, ''), head) >= 0.85;
	return id * (own ? 1 : 0.4);
}

/** The key column: a unique column whose header names the role's record with an id word, else the most id-like unique column. */
function pickKey(
	spec: RoleSpec,
	role: TableRoleName,
	rows: number,
	stats: ColumnStats[]
): { key: string; confidence: number; reason: string } {
	const unique = (s: ColumnStats) => (s.filled ? Math.min(1, s.distinct / s.filled) : 0);
	// A link table (a patient's plans) is keyed by its patient, which repeats; a pick-list by its value.
	const link = role === 'patientInsurers' || role === 'picklists';
	const entity = role === 'patientInsurers' ? ROLE_SPECS.patients.entity : spec.entity;
	const keyRef = role === 'patientInsurers' ? ROLE_SPECS.patients.key : spec.key;
	const scored = stats.map((s, i) => {
		const name = keyNameScore(entity, keyRef, s.column);
		const fill = rows ? s.filled / rows : 0;
		const idShape = s.filled ? s.idLike / s.filled : 0;
		const u = link ? 1 : unique(s) >= 0.97 ? 1 : 0;
		return { s, name, score: 0.6 * name + 0.3 * u + 0.05 * fill + 0.03 * idShape + (i === 0 ? 0.05 : 0), u: unique(s), fill };
	});
	scored.sort((a, b) => b.score - a.score);
	const best = scored[0];
	if (!best) return { key: spec.key, confidence: 0, reason: 'the table has no columns' };
	const parts = [
		best.name >= 0.8
			? `header '${best.s.column}' names a ${role === 'patientInsurers' ? 'patient' : 'record'} by its id`
			: `'${best.s.column}' is the most id-like column`
	];
	if (!link) parts.push(`${Math.round(best.u * 100)}% of its sampled values are distinct`);
	parts.push(`${Math.round(best.fill * 100)}% filled`);
	return { key: best.s.column, confidence: Math.round(Math.min(1, best.score) * 100) / 100, reason: parts.join(', ') };
}

/**
 * Proposes a role and a key for every raw table. Pairs (table, role) are scored from the
 * table's name and how many of the role's reference columns its headers cover; the best
 * pairs win one-to-one, and a table that fits no role well is 'other'.
 */
export async function proposeTableRoles(ws: Workspace): Promise<TableRole[]> {
	const tables = await ws.all<{ t: string }>(`select view_name as t from duckdb_views() where schema_name = 'raw' order by 1`);
	const info = new Map<string, { columns: string[]; rows: number; stats: ColumnStats[] }>();
	for (const { t } of tables) {
		const cols = (
			await ws.all<{ c: string }>(
				`select column_name as c from duckdb_columns() where schema_name = 'raw' and table_name = $1 order by column_index`,
				[t]
			)
		).map((r) => r.c);
		info.set(t, { columns: cols, ...(await columnStats(ws, t, cols)) });
	}
	const pairs = [...info].flatMap(([table, i]) =>
		ROLE_NAMES.map((role) => {
			const spec = ROLE_SPECS[role];
			const name =
				role === 'automations'
					? /^automations?\b|^(reminder|workflow|template)s?\b/.test(table.replaceAll('_', ' '))
						? 1
						: 0
					: tableNameScore(spec, table);
			const cols = columnCoverage(role, spec, i.columns);
			const score = role === 'automations' ? name : 0.4 * name + 0.6 * cols;
			return { table, role, name, cols, score };
		})
	);
	pairs.sort((a, b) => b.score - a.score);
	const taken = new Map<string, (typeof pairs)[number]>();
	const used = new Set<string>();
	for (const p of pairs) {
		if (taken.has(p.table) || p.score < 0.3) continue;
		// Automations come as several tables (reminders, workflows, templates): all may take the role.
		if (used.has(p.role) && p.role !== 'automations') continue;
		taken.set(p.table, p);
		used.add(p.role);
	}
	return [...info].map(([table, i]) => {
		const p = taken.get(table);
		if (!p)
			return {
				table,
				role: 'other',
				key: i.columns[0] ?? '',
				confidence: 0,
				reason: 'fits no role: its name and headers match none well',
				confirmed: false,
				columns: {}
			};
		const spec = ROLE_SPECS[p.role];
		const key = pickKey(spec, p.role, i.rows, i.stats);
		const reason = `${p.name >= 0.8 ? `name '${table}' means ${p.role}` : `name '${table}' resembles ${p.role} (${Math.round(p.name * 100)}%)`}; headers cover ${Math.round(p.cols * 100)}% of the role's columns; key ${key.key}: ${key.reason}`;
		return {
			table,
			role: p.role,
			key: key.key,
			confidence: Math.round(Math.min(p.score, 1) * key.confidence * 100) / 100 || 0.01,
			reason,
			confirmed: false,
			columns: {}
		};
	});
}

/** The tables of the reference layout, when an export has them under their reference names. */
export async function referenceTableRoles(ws: Workspace): Promise<TableRole[]> {
	const tables = await ws.all<{ t: string }>(`select view_name as t from duckdb_views() where schema_name = 'raw' order by 1`);
	return tables.map(({ t }) => {
		const role = roleOfReference(t) ?? (t.startsWith('automations') ? 'automations' : null);
		if (!role)
			return {
				table: t,
				role: 'other',
				key: '',
				confidence: 0,
				reason: 'not a table of the reference layout',
				confirmed: false,
				columns: {}
			};
		const spec = ROLE_SPECS[role];
		return {
			table: t,
			role,
			key: spec.key,
			confidence: 1,
			reason: `the reference layout's ${t} table`,
			confirmed: false,
			columns: Object.fromEntries(spec.columns.map((c) => [c, c]))
		};
	});
}
