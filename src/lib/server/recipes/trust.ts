// A recipe is code: its cleaning SQL, the notebooks it runs, the SQL and TypeScript in its map.
// A recipe that did not come from this workspace runs nothing until a person has seen that code
// and trusted it here (`ferry run --trust`, a pinned `--trust-hash`, or the recipes page); the
// trust is for exactly that code (its SHA-256), recorded in ferry.trusted_code and the audit log.
import { createHash } from 'node:crypto';
import { cellsOf, readNotebook } from '../cells/index.js';
import type { Workspace } from '../db/index.js';
import { mapFragments } from '../mapping/fragments.js';
import { type Recipe } from './model.js';
import { FerryError } from '../errors.js';

export interface CodeItem {
	kind: 'sql' | 'ts';
	/** Where it sits: `cleaning view x`, `notebook clean / cell y`, `map: the where of source s`… */
	where: string;
	text: string;
}

export interface RecipeCode {
	/** SHA-256 of the listing: what a person trusts, and what a pinned hash names. */
	hash: string;
	items: CodeItem[];
	trusted: boolean;
}

const DDL = [
	`create table if not exists ferry.trusted_code (hash varchar primary key, recipe varchar not null, items integer not null, trusted_at timestamptz not null default now(), actor varchar not null)`
];

/**
 * The refusal carries the listing and its hash, so a caller can show them and ask: the CLI prints
 * the code, the API answers 409 with it as `untrusted`.
 */
export class UntrustedRecipeError extends FerryError {
	constructor(
		readonly recipe: string,
		readonly code: RecipeCode
	) {
		super(
			`recipe ${recipe} runs ${describe(code.items)} that this workspace has not trusted: review it, then replay with trust ` +
				`(ferry run --trust, or --trust-hash ${code.hash})`,
			409,
			{ details: { untrusted: code } }
		);
		this.name = 'UntrustedRecipeError';
	}
}

function describe(items: CodeItem[]): string {
	const sql = items.filter((i) => i.kind === 'sql').length;
	const ts = items.length - sql;
	return [sql ? `${sql} SQL piece(s)` : '', ts ? `${ts} TypeScript piece(s)` : ''].filter(Boolean).join(' and ') || 'no code';
}

function notebookItems(name: string): CodeItem[] {
	let file;
	try {
		file = readNotebook(name);
	} catch (err) {
		if (err instanceof FerryError) return []; // no notebook, no code: the replay reports it missing
		throw err;
	}
	if (!file.notebook) return [{ kind: 'sql', where: `notebook ${name} (does not parse: ${file.error})`, text: file.text }];
	// Every cell counts, not only those a step names: a named cell runs the cells it reads first.
	return cellsOf(file.notebook).map((c) => ({
		kind: c.lang === 'ts' ? 'ts' : 'sql',
		where: `notebook ${name} / cell ${c.name}`,
		text: c.source
	}));
}

/** Everything the recipe will run, in the order it runs, read from the files as they are now. */
export function recipeCodeItems(recipe: Recipe): CodeItem[] {
	const items: CodeItem[] = [];
	const notebooks = new Set<string>();
	for (const step of recipe.cleaning) {
		if ('sql' in step) items.push({ kind: 'sql', where: `cleaning view ${step.name}`, text: step.sql });
		else if (!notebooks.has(step.notebook)) {
			notebooks.add(step.notebook);
			items.push(...notebookItems(step.notebook));
		}
	}
	if (recipe.mapping) {
		for (const f of mapFragments(recipe.mapping)) items.push({ kind: 'sql', where: `map: ${f.what}`, text: f.text });
		for (const s of recipe.mapping.sources)
			for (const f of s.fields) {
				if (f.fn?.code) items.push({ kind: 'ts', where: `map: the function of field ${f.target} in source ${s.id}`, text: f.fn.code });
				else if (f.fn?.notebook && !notebooks.has(f.fn.notebook)) {
					notebooks.add(f.fn.notebook);
					items.push(...notebookItems(f.fn.notebook));
				}
			}
	}
	return items;
}

export function codeHash(items: CodeItem[]): string {
	return createHash('sha256')
		.update(JSON.stringify(items.map((i) => [i.kind, i.where, i.text])))
		.digest('hex');
}

export async function recipeCode(ws: Workspace, recipe: Recipe): Promise<RecipeCode> {
	const items = recipeCodeItems(recipe);
	const hash = codeHash(items);
	if (!items.length) return { hash, items, trusted: true }; // nothing to run, nothing to trust
	await ws.ensure('recipe-trust', DDL);
	return { hash, items, trusted: Boolean(await ws.one(`select 1 from ferry.trusted_code where hash = $1`, [hash])) };
}

/** Records that a person trusted exactly this code in this workspace. */
export async function trustCode(
	ws: Workspace,
	recipe: string,
	code: Pick<RecipeCode, 'hash' | 'items'>,
	actor: string,
	how: 'saved here' | 'trusted' | 'pinned hash'
): Promise<void> {
	await ws.ensure('recipe-trust', DDL);
	await ws.run(`insert into ferry.trusted_code (hash, recipe, items, actor) values ($1, $2, $3, $4) on conflict do nothing`, [
		code.hash,
		recipe,
		code.items.length,
		actor
	]);
	await ws.audit(
		'recipe.trust',
		recipe,
		{ hash: code.hash, how, sql: code.items.filter((i) => i.kind === 'sql').length, ts: code.items.filter((i) => i.kind === 'ts').length },
		actor
	);
}

export interface TrustOption {
	/** true: the person has seen the listing and trusts it; a string: only code with this SHA-256. */
	trust?: true | string;
}

/** Before a replay runs anything: trusted already, trusted now, or refused with the listing. */
export async function assertTrusted(ws: Workspace, recipe: Recipe, o: TrustOption, actor: string): Promise<RecipeCode> {
	const code = await recipeCode(ws, recipe);
	if (code.trusted) return code;
	if (typeof o.trust === 'string' && o.trust.toLowerCase() !== code.hash)
		throw new FerryError(
			`recipe ${recipe.name}: its code has SHA-256 ${code.hash}, not the pinned ${o.trust}: the recipe or a notebook it runs changed; review it again`,
			409
		);
	if (!o.trust) throw new UntrustedRecipeError(recipe.name, code);
	await trustCode(ws, recipe.name, code, actor, o.trust === true ? 'trusted' : 'pinned hash');
	return { ...code, trusted: true };
}
