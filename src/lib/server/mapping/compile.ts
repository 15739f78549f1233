// The compiled map: one SQL view per Twenty object in schema `stage` (docs/contracts.md),
// each row (source_key, id, payload JSON) shaped exactly as Twenty's REST API expects,
// composite fields included. Set-based: lookups are joins, relations are ids computed in SQL.
import type { Workspace } from '../db/index.js';
import { ident, literal } from '../db/index.js';
import { fillLookupsNow, serialized } from './lookups.js';
import { stepOf, type FieldMap, type Mapping, type SourceMap } from './model.js';
import { inputOf, rowKeySql, sourceFrom, tableExists } from './sources.js';
import { compileValue } from './transforms.js';
import { currentMapping, ensureMapping, mapHash, publishConfirmation } from './store.js';
import { FerryError } from '../errors.js';
import { recordLosses, stagedLosses, type Loss } from './losses.js';

interface Part {
	sub: string | null;
	value: string;
	field: FieldMap;
}

const PHONE = (p: string) =>
	`'primaryPhoneNumber', ${p}->>'number', 'primaryPhoneCountryCode', ${p}->>'countryCode', 'primaryPhoneCallingCode', ${p}->>'callingCode'`;

/** One composite (or scalar) field's JSON value from its mapped parts. */
function assemble(type: string, parts: Part[], m: Mapping): string {
	const bySub = new Map(parts.map((p) => [p.sub, p.value]));
	if (parts.length === 1 && parts[0].sub === null) return parts[0].value;
	if (type === 'PHONES') {
		// A number only in the second column is promoted to primary rather than lost.
		const p = bySub.get('primary') ?? 'null::json';
		const a = bySub.get('additional') ?? 'null::json';
		const primary = `coalesce(${p}, ${a})`;
		const extra = `case when ${p} is not null and ${a} is not null then json_array(json_object('number', ${a}->>'number', 'countryCode', ${a}->>'countryCode', 'callingCode', ${a}->>'callingCode')) else '[]'::json end`;
		return `case when ${primary} is null then null else json_object(${PHONE(primary)}, 'additionalPhones', ${extra}) end`;
	}
	if (type === 'CURRENCY') {
		const amount = bySub.get('amountMicros') ?? 'null';
		const code = bySub.get('currencyCode') ?? literal(m.currency);
		return `case when ${amount} is null then null else json_object('amountMicros', ${amount}, 'currencyCode', coalesce(${code}, ${literal(m.currency)})) end`;
	}
	const obj = `json_object(${parts.map((p) => `${literal(p.sub!)}, ${p.value}`).join(', ')})`;
	if (type === 'FULL_NAME') return `json_object(${parts.map((p) => `${literal(p.sub!)}, coalesce(${p.value}, '')`).join(', ')})`;
	if (type === 'EMAILS' && !bySub.has('additionalEmails')) {
		const primary = bySub.get('primaryEmail') ?? 'null';
		return `case when ${primary} is null then null else json_object('primaryEmail', ${primary}, 'additionalEmails', '[]'::json) end`;
	}
	// ADDRESS, LINKS, RICH_TEXT: null when every part is null.
	return `case when coalesce(${parts.map((p) => `cast(${p.value} as varchar)`).join(', ')}) is null then null else ${obj} end`;
}

export interface SourceSelectOptions {
	/** Preview shows unconfirmed fields too; stage views never do. */
	includeUnconfirmed?: boolean;
	/** Relation fields (targets) whose value waits for the second pass where the row is in a cycle (mapping.deferred_links). */
	deferred?: Set<string>;
}

/** Fields pointing at records of their own object (a patient's emergency contact who is a patient). */
export const selfLinks = (s: SourceMap) => s.fields.filter((f) => f.confirmed && f.type === 'RELATION' && f.relation?.object === s.object);

/** SELECT source_key, payload, rank[, extras] for one source. */
export function sourceSelect(s: SourceMap, m: Mapping, o: SourceSelectOptions = {}): string {
	const joins: string[] = [];
	const groups = new Map<string, { type: string; parts: Part[] }>();
	const required: string[] = [];
	const key = rowKeySql(s);
	s.fields.forEach((f, i) => {
		if (!f.confirmed && !o.includeUnconfirmed) return;
		const c = compileValue(f, inputOf(f), m, i, s);
		if (o.deferred?.has(f.target))
			c.value = `case when ${key} in (select source_key from mapping.deferred_links where source = ${literal(s.id)} and target = ${literal(f.target)}) then null else ${c.value} end`;
		joins.push(...c.joins.map((j) => j.sql));
		const [top, sub] = f.target.split('.');
		const g = groups.get(top) ?? { type: f.type, parts: [] };
		g.parts.push({ sub: sub ?? null, value: c.value, field: f });
		groups.set(top, g);
		if (f.required) required.push(c.value);
	});
	const entries = [...groups].map(([name, g]) => `${literal(name)}, ${assemble(g.type, g.parts, m)}`);
	// Twenty refuses null composites: a JSON merge patch onto {} drops every null member.
	const payload = entries.length ? `json_merge_patch('{}', json_object(${entries.join(', ')}))` : `'{}'::json`;
	const extras = Object.entries(s.extras)
		.map(([name, sql]) => `, cast(${sql} as varchar) as ${ident(name)}`)
		.join('');
	const filter = required.map((r) => ` and ${r} is not null`).join('');
	return `select ${literal(s.entity + ':')} || ${key} as source_key, ${payload} as payload, ${s.rank ?? '0'} as rank${extras}
		${sourceFrom(s, joins)} and nullif(trim(cast(s.${ident(s.keyColumn)} as varchar)), '') is not null${filter}`;
}

/**
 * Links inside one object that form a cycle (two patients each other's emergency contact) cannot
 * be created in any order: Twenty needs the target to exist first. The loader already orders
 * chains (a patient after the contact it points at); a record on a cycle is staged without the
 * link, and the link waits in stage.second_pass (plural, source_key, id, payload) as an update
 * the loader sends once every step is done (loader/links.ts). Set-based: a recursive walk over the link edges.
 */
async function deferCycles(c: { run: (sql: string) => Promise<unknown> }, m: Mapping, present: Set<string>): Promise<void> {
	await c.run(`create or replace table mapping.deferred_links (source varchar, target varchar, source_key varchar)`);
	const second: string[] = [];
	for (const s of m.sources) {
		if (!present.has(s.id)) continue;
		for (const f of selfLinks(s)) {
			const i = s.fields.indexOf(f);
			const cv = compileValue(f, inputOf(f), m, i, s);
			const key = rowKeySql(s);
			await c.run(`insert into mapping.deferred_links
				with recursive edges as materialized (
					select ${key} as k, ferry.source_id(${literal(s.entity + ':')} || ${key}) as id, ${cv.value} as rid
					${sourceFrom(
						s,
						cv.joins.map((j) => j.sql)
					)} and ${cv.value} is not null),
				walk(start, node) as (select id, rid from edges union select w.start, e.rid from walk w join edges e on e.id = w.node)
				select ${literal(s.id)}, ${literal(f.target)}, e.k from edges e where e.id in (select start from walk where node = start)`);
			const only = {
				...s,
				fields: [f],
				extras: {},
				where: `${s.where ? `(${s.where}) and ` : ''}${key} in (select source_key from mapping.deferred_links where source = ${literal(s.id)} and target = ${literal(f.target)})`
			};
			second.push(`select ${literal(s.plural)} as plural, source_key, payload from (${sourceSelect(only, m)})`);
		}
	}
	await c.run(
		`create or replace view stage.second_pass as select plural, source_key, ferry.source_id(source_key) as id, payload from (${
			second.length
				? second.join(' union all ')
				: `select null::varchar as plural, null::varchar as source_key, null::json as payload where false`
		}) order by plural, source_key`
	);
}

/**
 * The optional relations a person chose to send without their record when it is missing
 * (`unresolved: send-without`), as (plural, field): a contract with the loader, which freezes
 * them with each batch and sends such a record without the link instead of holding it back.
 */
function optionalLinks(m: Mapping, present: Set<string>): string {
	const rows = m.sources
		.filter((s) => present.has(s.id))
		.flatMap((s) =>
			s.fields
				.filter((f) => f.confirmed && f.type === 'RELATION' && !f.required && f.unresolved === 'send-without')
				.map((f) => `(${literal(s.plural)}, ${literal(f.target)})`)
		);
	return rows.length
		? `select distinct * from (values ${rows.join(', ')}) t(plural, field)`
		: `select null::varchar as plural, null::varchar as field where false`;
}

export interface CompileResult {
	views: Array<{ plural: string; object: string; step: number; sources: number }>;
	lookups: number;
	/** Links staged in stage.second_pass because they form a cycle. */
	deferredLinks: number;
	/** Distinct records sharing a primary email (families): how many emails, how many records gave theirs up, and the policy. */
	sharedEmails: { emails: number; records: number; policy: Mapping['sharedEmails'] };
	/** What the map loses, per field and reason (rows of stage.losses counted): shown at compile, counted per batch at freeze. */
	losses: Loss[];
	ms: number;
}

/** People views whose sources write a primary email, under a policy that resolves sharing at compile. */
function sharesEmails(m: Mapping, plural: string): boolean {
	return (
		m.sharedEmails !== 'block' &&
		m.sources.some((s) => s.plural === plural && s.object === 'person' && s.fields.some((f) => f.target === 'emails.primaryEmail'))
	);
}

/** The payload of a record whose email another record keeps: moved to additionalEmails, or left out. */
function sharedEmailPayload(policy: Mapping['sharedEmails']): string {
	const moved =
		policy === 'additional'
			? `json_object('primaryEmail', '', 'additionalEmails', to_json(list_prepend(shared_email, coalesce(from_json(payload->'emails'->'additionalEmails', '["VARCHAR"]'), []::varchar[]))))`
			: `json_object('primaryEmail', '', 'additionalEmails', coalesce(payload->'emails'->'additionalEmails', '[]'::json))`;
	return `case when shared_email is not null and email_rank > 1 then json_merge_patch(payload, json_object('emails', ${moved})) else payload end as payload`;
}

/** Emails staged on more than one record of a people view, and the records beyond the first (over the sources, before the policy). */
async function countSharedEmails(ws: Workspace, m: Mapping, bodies: Map<string, string>): Promise<CompileResult['sharedEmails']> {
	let emails = 0;
	let records = 0;
	for (const [plural, body] of bodies) {
		if (!sharesEmails(m, plural)) continue;
		const q = await ws.one<{ e: bigint; r: bigint }>(`select count(*) as e, coalesce(sum(n - 1), 0)::bigint as r from (
			select count(*) as n from (${body}) where nullif(trim(payload->'emails'->>'primaryEmail'), '') is not null
			group by lower(trim(payload->'emails'->>'primaryEmail')) having count(*) > 1)`);
		emails += Number(q?.e ?? 0);
		records += Number(q?.r ?? 0);
	}
	return { emails, records, policy: m.sharedEmails };
}

/** ferry.settings key: the hash of the map the stage views were last compiled from. */
const COMPILED_MAP_SETTING = 'mapping.compiled';

/**
 * Stage views that answer for the map as it is now: compiled again when the map was edited since
 * the last compile (or the views predate this stamp), else only the lookups are filled for the
 * current snapshot. Counts read from the views (the Delta page's) are then the freeze's. True when it compiled.
 */
export function compileIfChanged(ws: Workspace, m: Mapping): Promise<boolean> {
	// The stamp is read in the same turn of the queue as the compile, so a compile running meanwhile is seen.
	return serialized(ws, async () => {
		const compiled = await ws.setting(COMPILED_MAP_SETTING);
		if (compiled === mapHash(m) && (await ws.exists('stage', 'plan', 'view'))) {
			await fillLookupsNow(ws, m, { onlyConfirmed: true });
			return false;
		}
		await compileNow(ws, m);
		return true;
	});
}

/** Fills lookups, then (re)creates every stage view and stage.plan; one compile at a time per workspace. */
export function compileMapping(ws: Workspace, m: Mapping): Promise<CompileResult> {
	return serialized(ws, () => compileNow(ws, m));
}

async function compileNow(ws: Workspace, m: Mapping): Promise<CompileResult> {
	const t0 = Date.now();
	await ensureMapping(ws);
	const lookups = await fillLookupsNow(ws, m, { onlyConfirmed: true });
	const byPlural = new Map<string, { object: string; selects: string[]; sources: number; extras: Set<string> }>();
	const present = new Set<string>();
	for (const s of m.sources) {
		const entry = byPlural.get(s.plural) ?? { object: s.object, selects: [], sources: 0, extras: new Set<string>() };
		for (const k of Object.keys(s.extras)) entry.extras.add(k);
		if (entry.object !== s.object) throw new FerryError(`sources of stage.${s.plural} name two objects: ${entry.object} and ${s.object}`);
		if (await tableExists(ws, s.table)) {
			entry.selects.push(sourceSelect(s, m, { deferred: new Set(selfLinks(s).map((f) => f.target)) }));
			entry.sources++;
			present.add(s.id);
		}
		byPlural.set(s.plural, entry);
	}
	const bodies = new Map<string, string>();
	await ws.transaction(async (c) => {
		await deferCycles(c, m, present);
		for (const [plural, e] of byPlural) {
			const body = e.selects.length
				? e.selects.map((q) => `(${q})`).join(' union all by name ')
				: `select null::varchar as source_key, null::json as payload, 0 as rank where false`;
			bodies.set(plural, body);
			const shared = sharesEmails(m, plural);
			await c.run(`create or replace view stage.${ident(plural)} as
				select source_key, ferry.source_id(source_key) as id, ${shared ? sharedEmailPayload(m.sharedEmails) : 'payload'}${[...e.extras].map((x) => `, ${ident(x)}`).join('')}
				from (${
					shared
						? `select *, row_number() over (partition by lower(trim(payload->'emails'->>'primaryEmail')) order by rank, source_key) as email_rank,
					nullif(trim(payload->'emails'->>'primaryEmail'), '') as shared_email from (${body})`
						: body
				}) order by rank, source_key`);
		}
		const rows = [...byPlural].map(([plural, e]) => `(${literal(plural)}, ${stepOf(plural)}, ${literal(e.object)})`);
		await c.run(
			`create or replace view stage.plan as select * from (values ${rows.join(', ')}) as t(plural, step, object) order by step, plural`
		);
		await c.run(`create or replace view stage.optional_links as ${optionalLinks(m, present)}`);
	});
	const deferred = await ws.count('stage.second_pass');
	const sharedEmails = await countSharedEmails(ws, m, bodies);
	await recordLosses(ws, m);
	const losses = await stagedLosses(ws);
	// Stamped once the views and their losses are whole, so a compile that failed half-way is redone.
	await ws.run(`insert or replace into ferry.settings values ($1, $2)`, [COMPILED_MAP_SETTING, mapHash(m)]);
	await ws.audit('mapping.compile', null, {
		views: byPlural.size,
		lookups,
		deferredLinks: deferred,
		sharedEmails: sharedEmails.records,
		lost: losses.reduce((n, l) => n + l.rows, 0)
	});
	// The saved map's confirmation again: the snapshot the views read may bring a table whose fields are unconfirmed.
	await publishConfirmation(ws, await currentMapping(ws));
	return {
		deferredLinks: deferred,
		sharedEmails,
		losses,
		views: [...byPlural].map(([plural, e]) => ({ plural, object: e.object, step: stepOf(plural), sources: e.sources })),
		lookups,
		ms: Date.now() - t0
	};
}
