// Values SQL cannot compute (phones via libphonenumber-js, emails via zod, HTML/RTF → Markdown
// via turndown and rtf-to-html), computed once per distinct input and kept in mapping.lookup.
// Set-based: distinct inputs are read in pages, converted, and written back in one insert.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { Workspace } from '../db/index.js';
import { ident, literal, textList } from '../db/index.js';
import type { Mapping } from './model.js';
import { ensureMapping } from './store.js';
import { inputOf, sourceFrom, tableExists } from './sources.js';
import { EMAIL_KIND, lookupOf } from './transforms.js';
import { failureMessage, fillFunction } from './functions.js';
import { MarkdownPool, lookupWorkers, markdownLookup } from './markdown.js';
import { FerryError } from '../errors.js';

export { markdownLookup };
const PAGE = 5000;
/** Fewer Markdown bodies than this (FERRY_LOOKUP_POOL_FROM) are converted in-process: a worker pool costs its start-up. */
const poolFrom = () => Number(process.env.FERRY_LOOKUP_POOL_FROM ?? 2 * PAGE);

/**
 * One mapping job (lookups, compile) at a time per workspace: two compiles at once would
 * race on the lookup inserts and on `create or replace view stage.*`. The second waits.
 */
export const serialized = <T>(ws: Workspace, job: () => Promise<T>): Promise<T> => ws.oneAtATime('mapping', job);

/** Twenty stores any address of the form local@domain.tld; internationalised ones (renée.dupont@…) included. */
const emailSchema = z.email({ pattern: z.regexes.unicodeEmail });

export function phoneLookup(raw: string, region: string): string | null {
	const p = parsePhoneNumberFromString(raw, region as CountryCode);
	if (!p || !p.isPossible()) return null;
	return JSON.stringify({
		number: String(p.nationalNumber),
		countryCode: p.country ?? region,
		callingCode: `+${p.countryCallingCode}`,
		e164: p.number
	});
}

/** A valid email, lower-cased as Twenty stores it (its unique check ignores case too). */
// zod's unicode pattern takes any domain ('hotmail,com'); a domain needs a dot and a top-level label, as the sandbox and Twenty's v2 check ask.
const DOMAIN_RE = /@[^\s@,;]+\.[^\s@.,;]{2,}$/u;
export const emailLookup = (raw: string): string | null => {
	const v = raw.trim();
	return emailSchema.safeParse(v).success && DOMAIN_RE.test(v) ? v.toLowerCase() : null;
};

async function convert(kind: string, raw: string): Promise<string | null> {
	if (kind === EMAIL_KIND) return emailLookup(raw);
	if (kind.startsWith('phone:')) return phoneLookup(raw, kind.slice(6));
	if (kind === 'markdown') return markdownLookup(raw);
	throw new Error(`unknown lookup kind ${kind}`);
}

/** Fills mapping.lookup for every lookup field of the mapping. Returns how many values were added. */
export function fillLookups(ws: Workspace, m: Mapping, o: { onlyConfirmed?: boolean } = {}): Promise<number> {
	return serialized(ws, () => fillLookupsNow(ws, m, o));
}

/** fillLookups for a caller already inside `serialized`. A failed TS function throws (422) naming its row and line. */
export async function fillLookupsNow(ws: Workspace, m: Mapping, o: { onlyConfirmed?: boolean } = {}): Promise<number> {
	await ensureMapping(ws);
	let added = 0;
	for (const s of m.sources) {
		if (!(await tableExists(ws, s.table))) continue;
		for (const f of s.fields) {
			if (o.onlyConfirmed && !f.confirmed) continue;
			if (f.transform === 'ts_function') {
				const r = await fillFunction(ws, s, f);
				if (r.failure) throw new FerryError(`${s.id} → ${s.object}.${f.target}: ${failureMessage(r.failure)}`, 422);
				added += r.added;
				continue;
			}
			const lk = lookupOf(f, m);
			if (!lk) continue;
			const t = `nullif(trim(cast(${inputOf(f)} as varchar)), '')`;
			// Inputs the lookup leaves to SQL (plain-text note bodies) are never collected.
			const only = lk.only ? ` and ${lk.only(t)}` : '';
			// One scan collects the distinct inputs not converted yet; pages then read that list,
			// so a million rows are scanned once, not once per page.
			// Per-run name: another process's or job's pending list never collides with this one.
			const pending = `mapping.${ident(`pending_${process.pid}_${Math.random().toString(36).slice(2, 10)}`)}`;
			try {
				await ws.run(`create table ${pending} as select k, v, row_number() over (order by k) as rn from (
					select ${lk.key(t)} as k, any_value(${t}) as v ${sourceFrom(s)} and ${t} is not null${only} group by 1) p
					where k not in (select input from mapping.lookup where kind = ${literal(lk.kind)})`);
				const total = await ws.count(pending);
				const read = (from: number) =>
					ws.all<{ k: string; v: string }>(`select k, v from ${pending} where rn > ${from} and rn <= ${from + PAGE}`);
				// No nulls in the bound list (a leading null makes its type unknown): '' stands for none.
				const write = async (rows: Array<{ k: string }>, out: Array<string | null>) => {
					await ws.run(`insert or ignore into mapping.lookup select $1, unnest($2::varchar[]), nullif(unnest($3::varchar[]), '')`, [
						lk.kind,
						textList(rows.map((r) => r.k)),
						textList(out.map((o) => o ?? ''))
					]);
					added += rows.length;
				};
				if (lk.kind === 'markdown' && total >= poolFrom() && lookupWorkers() > 1) await convertInPool(total, read, write);
				else
					for (let from = 0; from < total; from += PAGE) {
						const rows = await read(from);
						await write(rows, await Promise.all(rows.map((r) => convert(lk.kind, r.v))));
					}
			} finally {
				await ws.run(`drop table if exists ${pending}`);
			}
		}
	}
	return added;
}

/** Markdown pages converted by the worker pool, a page per worker in flight, written back in order. */
async function convertInPool(
	total: number,
	read: (from: number) => Promise<Array<{ k: string; v: string }>>,
	write: (rows: Array<{ k: string }>, out: Array<string | null>) => Promise<void>
): Promise<void> {
	const pool = new MarkdownPool();
	try {
		const inFlight: Array<Promise<[Array<{ k: string }>, Array<string | null>]>> = [];
		for (let from = 0; from < total || inFlight.length; from += PAGE) {
			if (from < total) {
				const rows = await read(from);
				const page = pool.convert(rows.map((r) => r.v)).then((out): [Array<{ k: string }>, Array<string | null>] => [rows, out]);
				page.catch(() => {}); // a failed pool fails every page: the first awaited one throws, the rest are handled
				inFlight.push(page);
			}
			if (inFlight.length > lookupWorkers() || from >= total) {
				const [rows, out] = await inFlight.shift()!;
				await write(rows, out);
			}
		}
	} finally {
		await pool.close();
	}
}
