// DESIGN invariant 8, "no source names after import": no code after ingest reads a table or column
// of the reference layout (EXPORT.md) by its name; every later step finds them through the table
// roles and the confirmed map. This test reads the source with TypeScript's scanner, so comments
// are not code, and judges string literals by where they are used: SQL that reads the export's raw
// tables or the raw schema's catalogue, fallbacks (`?? 'patient_id'`), raw tables named outright,
// and names only the export uses. Ferry's own tables (dedupe.*, mapping.staff_members) and
// Twenty's objects share some words and are not judged. A limit: SQL is judged one literal at a
// time, so a reference column in a fragment spliced into raw SQL from another literal is missed.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROLE_SPECS } from '../../src/lib/server/mapping/roles.js';

/**
 * Before or outside "after ingest", each for a reason:
 * - ingest/: reads the export's files, before any map exists;
 * - generate/: writes the reference layout (and the others) on purpose;
 * - sandbox/: the Twenty-compatible server, which knows Twenty's names, never the export's;
 * - mapping/defaults.ts: the default map, the one place the reference layout is spelled out;
 * - mapping/roles.ts, mapping/names.ts: the proposer's dictionary of names it recognises;
 * - dedupe/roles.ts: the same dictionary for dedupe's roles (which headers mean a birth date).
 */
const EXCLUDED = [
	'src/lib/server/ingest/',
	'src/lib/server/generate/',
	'src/lib/server/sandbox/',
	'src/lib/server/mapping/defaults.ts',
	'src/lib/server/mapping/roles.ts',
	'src/lib/server/mapping/names.ts',
	'src/lib/server/dedupe/roles.ts'
];
const ROOTS = ['src/lib/server', 'src/routes'];

const SPECS = Object.values(ROLE_SPECS);
/** The reference layout's file names (patients, clinical_notes, …). */
export const REFERENCE_TABLES = new Set(SPECS.map((s) => s.reference));
/**
 * Its multi-word headers (patient_id, date_of_birth, file_name, …): distinctive. Its one-word
 * headers (email, name, status, title, path) are also Twenty's and Ferry's own words, so they
 * count only as a raw table's column in SQL that names the table.
 */
export const REFERENCE_COLUMNS = new Set(SPECS.flatMap((s) => [s.key, ...s.columns]).filter((c) => c.includes('_')));
/**
 * Table names no role, Twenty object or Ferry word shares: wherever they appear they name the
 * export's file. ('patients', 'staff', 'attachments' are also role names and Twenty's plurals.)
 */
const ROLE_WORDS = new Set([...Object.keys(ROLE_SPECS), 'people', 'companies', 'tasks', 'notes', 'attachments']);
const EXPORT_ONLY_TABLES = new Set([...REFERENCE_TABLES].filter((t) => !ROLE_WORDS.has(t)));

export interface Finding {
	file: string;
	line: number;
	what: string;
}

function files(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return files(p);
		return /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
	});
}

/** A .svelte file's `<script>` blocks, with the lines before them kept blank so line numbers hold. */
function scriptOf(text: string): string {
	let out = '';
	let last = 0;
	for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
		const start = m.index + m[0].indexOf('>') + 1;
		out += text.slice(last, start).replace(/[^\n]/g, ' ') + m[1];
		last = start + m[1].length;
	}
	return out + text.slice(last).replace(/[^\n]/g, ' ');
}

const readsRaw = (sql: string) => /\braw\s*\.|schema(_name)?\s*=\s*'raw'|table_schema\s*=\s*'raw'/i.test(sql);

/**
 * Every rule needs `raw`, a quoted reference name or an export-only table name in the text: a
 * file with none of them is not parsed (most are not, which keeps this test quick).
 */
const MAY_HIT = new RegExp(
	`\\braw\\b|['"\`](${[...REFERENCE_TABLES, ...REFERENCE_COLUMNS].join('|')})['"\`]|\\b(${[...EXPORT_ONLY_TABLES].join('|')})\\b`
);

interface Token {
	kind: ts.SyntaxKind;
	/** A string's value, a template's fixed parts joined by `${}`, else the token's source text. */
	text: string;
	pos: number;
}

/** Tokens that end an operand: a `/` after them divides, anywhere else it starts a regular expression. */
const OPERAND_END = new Set([
	ts.SyntaxKind.Identifier,
	ts.SyntaxKind.NumericLiteral,
	ts.SyntaxKind.BigIntLiteral,
	ts.SyntaxKind.StringLiteral,
	ts.SyntaxKind.NoSubstitutionTemplateLiteral,
	ts.SyntaxKind.TemplateTail,
	ts.SyntaxKind.CloseParenToken,
	ts.SyntaxKind.CloseBracketToken,
	ts.SyntaxKind.CloseBraceToken,
	ts.SyntaxKind.PlusPlusToken,
	ts.SyntaxKind.MinusMinusToken,
	ts.SyntaxKind.ThisKeyword,
	ts.SyntaxKind.SuperKeyword,
	ts.SyntaxKind.TrueKeyword,
	ts.SyntaxKind.FalseKeyword,
	ts.SyntaxKind.NullKeyword
]);

/**
 * The code's tokens from TypeScript's scanner (comments skipped), a template literal as one token
 * holding its fixed parts. The scanner, not the parser: it reads the whole tree in milliseconds.
 */
function tokens(code: string): Token[] {
	const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
	const out: Token[] = [];
	// Open braces: a template's `${` (with the index of its token) or a block's `{`.
	const open: Array<number | null> = [];
	let prev = ts.SyntaxKind.Unknown;
	for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
		if (kind === ts.SyntaxKind.CloseBraceToken && typeof open.at(-1) === 'number') kind = scanner.reScanTemplateToken(false);
		if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !OPERAND_END.has(prev))
			kind = scanner.reScanSlashToken();
		const pos = scanner.getTokenStart();
		if (kind === ts.SyntaxKind.TemplateHead) {
			open.push(out.length);
			out.push({ kind, text: scanner.getTokenValue(), pos });
		} else if (kind === ts.SyntaxKind.TemplateMiddle) out[open.at(-1)!].text += '${}' + scanner.getTokenValue();
		else if (kind === ts.SyntaxKind.TemplateTail) out[open.pop()!].text += '${}' + scanner.getTokenValue();
		else {
			if (kind === ts.SyntaxKind.OpenBraceToken) open.push(null);
			if (kind === ts.SyntaxKind.CloseBraceToken) open.pop();
			const literal = kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral;
			out.push({ kind, text: literal ? scanner.getTokenValue() : scanner.getTokenText(), pos });
		}
		prev = kind;
	}
	return out;
}

const isLiteral = (t: Token | undefined) =>
	t !== undefined &&
	[ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead].includes(t.kind);

/** Findings in one source text: the rules of this file's header. */
export function scan(file: string, text: string): Finding[] {
	if (!MAY_HIT.test(text)) return [];
	const code = file.endsWith('.svelte') ? scriptOf(text) : text;
	const lines = [0, ...[...code.matchAll(/\n/g)].map((m) => m.index + 1)];
	const lineOf = (pos: number) => {
		let [lo, hi] = [0, lines.length - 1];
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (lines[mid] <= pos) lo = mid;
			else hi = mid - 1;
		}
		return lo + 1;
	};
	const toks = tokens(code);
	const out: Finding[] = [];
	const at = (t: Token, what: string) => out.push({ file, line: lineOf(t.pos), what });
	toks.forEach((t, i) => {
		if (isLiteral(t)) {
			// SQL over the export's raw tables (or the raw schema's catalogue) names no reference table or column.
			if (readsRaw(t.text)) {
				for (const m of t.text.matchAll(/\braw\s*\.\s*"?([a-z_][a-z0-9_]*)/gi))
					if (REFERENCE_TABLES.has(m[1])) at(t, `reads raw.${m[1]}, a reference table: find it by its role`);
				// `… as patient_id` names a result column (Ferry's own shape), not the export's.
				for (const m of t.text.matchAll(/(\bas\s+)?\b([a-z_][a-z0-9_]*)/gi))
					if (!m[1] && REFERENCE_COLUMNS.has(m[2]))
						at(t, `SQL over the export names '${m[2]}', a reference column: read it from the map or the role`);
			}
			if (EXPORT_ONLY_TABLES.has(t.text)) at(t, `names '${t.text}', a reference table: find it by its role`);
			// A silent fallback to a reference name: `x ?? 'patient_id'`.
			const before = toks[i - 1]?.kind;
			if (
				(before === ts.SyntaxKind.QuestionQuestionToken || before === ts.SyntaxKind.BarBarToken) &&
				(REFERENCE_TABLES.has(t.text) || REFERENCE_COLUMNS.has(t.text))
			)
				at(t, `falls back to '${t.text}', a reference name: say which role is missing instead`);
			// A raw table named outright: ws.exists('raw', 'picklists'), qualified('raw', 'patients').
			const next = toks[i + 2];
			if (t.text === 'raw' && toks[i + 1]?.kind === ts.SyntaxKind.CommaToken && isLiteral(next) && REFERENCE_TABLES.has(next!.text))
				at(t, `names raw table '${next!.text}': find it by its role`);
		}
		// Object keys spelled as export-only tables ({ clinical_notes: 'notes' }).
		if (t.kind === ts.SyntaxKind.Identifier && EXPORT_ONLY_TABLES.has(t.text) && toks[i + 1]?.kind === ts.SyntaxKind.ColonToken)
			at(t, `keys on '${t.text}', a reference table: find it by its role`);
	});
	return out;
}

const excluded = (f: string) => EXCLUDED.some((e) => f.replaceAll(path.sep, '/').startsWith(e));

describe('no reference names after import (DESIGN invariant 8)', () => {
	it('no source file after ingest reads a reference table or column by its name', () => {
		const cpu = process.cpuUsage();
		const found = ROOTS.flatMap(files)
			.filter((f) => !excluded(f))
			.flatMap((f) => scan(f, fs.readFileSync(f, 'utf8')));
		const { user, system } = process.cpuUsage(cpu);
		expect(user + system, 'CPU µs to scan the source').toBeLessThan(2_000_000);
		expect(found.map((x) => `${x.file}:${x.line}: ${x.what}`)).toEqual([]);
	});

	it('catches each kind of hard-wired name and passes what is not one', () => {
		const hits = (code: string) => scan('x.ts', code).map((f) => f.what);
		expect(hits('ws.all(`select trim(patient_id) as id from raw.${ident(t)}`)')).toEqual([
			expect.stringMatching(/'patient_id', a reference column/)
		]);
		expect(hits("ws.all('select * from raw.clinical_notes')")).toEqual([expect.stringMatching(/raw\.clinical_notes/)]);
		expect(hits("const t = 'clinical_notes';")).toEqual([expect.stringMatching(/'clinical_notes', a reference table/)]);
		expect(hits('ws.all(`select trim(${k}) as patient_id from raw.${t}`)')).toEqual([]);
		expect(hits("const t = saved ?? 'patients';")).toEqual([expect.stringMatching(/falls back to 'patients'/)]);
		expect(hits("await ws.exists('raw', 'picklists', 'view')")).toEqual([expect.stringMatching(/names raw table 'picklists'/)]);
		expect(hits("const CHILD = { clinical_notes: 'notes' };")).toEqual([expect.stringMatching(/keys on 'clinical_notes'/)]);
		expect(hits("sql`select * from raw.${t} where schema_name = 'raw' and column_name = 'date_of_birth'`")).toHaveLength(1);
		// Not source names: comments, Twenty's objects, Ferry's own tables, a role asked for by name.
		expect(hits('// reads raw.patients.patient_id\nconst x = 1;')).toEqual([]);
		expect(hits("client.find('attachments'); ws.all(`select patient_id from dedupe.cluster_members`)")).toEqual([]);
		expect(hits("await tableWithRole(ws, 'patients')")).toEqual([]);
		expect(scan('p.svelte', '<p>x</p>\n<script lang="ts">\nconst t = "clinical_notes";\n</script>\n<p>clinical_notes</p>')).toEqual([
			{ file: 'p.svelte', line: 3, what: expect.stringMatching(/clinical_notes/) }
		]);
	});
});
