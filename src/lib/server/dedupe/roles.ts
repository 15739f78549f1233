// Column roles found from any export's headers and values: a header that names a role is
// taken when its values do not contradict it; roles no header names are found from the
// values alone (emails, birth dates, phones, postcodes, states, sex, identifiers).
import type { Workspace } from '../db/index.js';
import { ident } from '../db/index.js';
import type { Role } from '../../shared/contracts/dedupe.js';

/** Header patterns over the importer's snake_case names, anchored so `emergency_contact_phone` is no phone. */
const HEADERS: Array<[Role, RegExp]> = [
	['patient_id', /^(patient_?(id|no|number|num)|rec(ord)?_?id|id|mrn|chart_?(no|number)|client_?(id|no|number)|person_?id|pid)$/],
	['first_name', /^(first_?name|given(_?names?)?|forenames?|first|fname|christian_?name)$/],
	['middle_name', /^(middle_?names?|middle|second_?name|mname)$/],
	['last_name', /^(last_?name|surname|family(_?name)?|last|lname)$/],
	['date_of_birth', /^(date_?of_?birth|dob|d_o_b|birth_?date|birthdate|born|birth_?day)$/],
	['sex', /^(sex|gender)$/],
	['email', /^(e_?mail(_?address)?)$/],
	['mobile_phone', /^(mobile(_?(phone|number|no))?|cell(_?phone)?|mob)$/],
	['home_phone', /^((home_?)?(phone|telephone|tel)(_?(number|no))?|landline|home)$/],
	['street_number', /^(street_?(no|number|num)|house_?(no|number)|number)$/],
	['address', /^(address(_?line)?_?1|address|street(_?address)?|address_?street)$/],
	['address_2', /^(address(_?line)?_?2)$/],
	['suburb', /^(suburb|city|town|locality)$/],
	['postcode', /^(post_?code|postal_?code|zip(_?code)?|pcode)$/],
	['state', /^(state|province|territory)$/],
	[
		'identifier',
		/^(soc_?sec(_?id|_?no|_?number)?|ssn|medicare(_?(no|number|card))?|member_?(id|no|number)|insurance_?(no|number|id)|health_?fund_?(no|number|id)|national_?id|ihi|dva(_?(no|number))?)$/
	]
];

/** How many columns' headers name a person role: the patients table is the one with most. */
export function personHeaders(columns: string[]): number {
	return columns.filter((c) => HEADERS.some(([role, re]) => role !== 'patient_id' && re.test(c))).length;
}

/** What a column's values look like: shares of the non-blank sample matching each form. */
interface Profile {
	column: string;
	filled: number;
	distinct: number;
	date: number;
	email: number;
	phone: number;
	mobile: number;
	postcode: number;
	sex: number;
	state: number;
	digits: number;
	alpha: number;
}

/** The value forms content detection knows, as SQL over the trimmed text `v`. */
const FORMS = {
	date: `regexp_full_match(v, '(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01]))( .*)?')`,
	email: `regexp_full_match(v, '[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}')`,
	phone: `regexp_full_match(regexp_replace(v, '[\\s()+.-]', '', 'g'), '0?\\d{8,11}')`,
	mobile: `regexp_full_match(regexp_replace(v, '[\\s()+.-]', '', 'g'), '(61|0)?4\\d{8}')`,
	postcode: `regexp_full_match(v, '\\d{3,4}')`,
	sex: `lower(v) in ('m', 'f', 'male', 'female', 'x', 'u', 'unknown', 'other')`,
	state: `lower(v) in ('nsw', 'vic', 'qld', 'sa', 'wa', 'tas', 'nt', 'act')`,
	digits: `regexp_full_match(v, '\\d{6,12}')`,
	alpha: `regexp_full_match(v, '[[:alpha:]'' .-]+')`
};

async function profile(ws: Workspace, table: string, columns: string[]): Promise<Profile[]> {
	if (!columns.length) return [];
	const parts = columns.map(
		(c, i) => `select ${i} as i, ${Object.values(FORMS)
			.map((f) => `avg((${f})::integer)`)
			.join(', ')}, count(*), count(distinct v)
		from (select nullif(trim(${ident(c)}::varchar), '') as v from sample where v is not null)`
	);
	return ws.withConnection(async (conn) => {
		await conn.run(
			`create or replace temp table sample as select * from raw.${ident(table)} using sample reservoir(2000 rows) repeatable (42)`
		);
		const r = await conn.runAndReadAll(parts.join(' union all '));
		await conn.run(`drop table sample`);
		return r.getRows().map((row) => {
			const [i, date, email, phone, mobile, postcode, sex, state, digits, alpha, filled, distinct] = row.map((x) => Number(x ?? 0));
			return { column: columns[i], filled, distinct, date, email, phone, mobile, postcode, sex, state, digits, alpha };
		});
	});
}

/** Whether a column's values fit a role it was named for (few fit: the header misled). */
function fits(role: Role, p: Profile): boolean {
	if (!p.filled) return true; // an empty column is reported as "no usable values", not re-assigned
	switch (role) {
		case 'date_of_birth':
			return p.date >= 0.3;
		case 'email':
			return p.email >= 0.3;
		case 'mobile_phone':
		case 'home_phone':
			return p.phone >= 0.3;
		case 'postcode':
			return p.postcode >= 0.3;
		case 'sex':
			return p.sex >= 0.5;
		case 'first_name':
		case 'last_name':
		case 'middle_name':
		case 'suburb':
			return p.alpha >= 0.5;
		default:
			return true;
	}
}

/** Roles for a value-only guess, strongest form first; each needs most values in that form. */
const CONTENT: Array<[Role, (p: Profile) => boolean]> = [
	['email', (p) => p.email >= 0.8],
	['date_of_birth', (p) => p.date >= 0.8],
	['mobile_phone', (p) => p.mobile >= 0.6 && p.date < 0.3],
	// 20240101 is eight digits too: a column of dates is no phone
	['home_phone', (p) => p.phone >= 0.6 && p.mobile < 0.3 && p.date < 0.3],
	['state', (p) => p.state >= 0.8],
	['sex', (p) => p.sex >= 0.9],
	['identifier', (p) => p.digits >= 0.8 && p.distinct >= 0.8 * p.filled && p.filled >= 20]
];

export interface RoleGuess {
	roles: Partial<Record<Role, string>>;
	reasons: Partial<Record<Role, string>>;
}

/** Roles for a raw table's columns from headers, then values. Every column takes one role at most. */
export async function detectRoles(ws: Workspace, table: string, columns: string[]): Promise<RoleGuess> {
	const profiles = new Map((await profile(ws, table, columns)).map((p) => [p.column, p]));
	const roles: Partial<Record<Role, string>> = {};
	const reasons: Partial<Record<Role, string>> = {};
	const taken = new Set<string>();
	for (const [role, re] of HEADERS) {
		const c = columns.find((col) => !taken.has(col) && re.test(col) && fits(role, profiles.get(col)!));
		if (c) {
			roles[role] = c;
			reasons[role] = `header '${c}'`;
			taken.add(c);
		}
	}
	for (const [role, test] of CONTENT) {
		if (roles[role]) continue;
		// Values alone are ambiguous when several columns fit: a birth date among visit dates is a guess, so none.
		const fitting = columns.filter((c) => !taken.has(c) && test(profiles.get(c)!));
		if (fitting.length === 1 || (role === 'email' && fitting.length)) {
			roles[role] = fitting[0];
			reasons[role] = `values of '${fitting[0]}'`;
			taken.add(fitting[0]);
		}
	}
	return { roles, reasons };
}
