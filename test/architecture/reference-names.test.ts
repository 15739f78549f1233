// DESIGN invariant 8, "no source names after import": no code after ingest reads a table or column
// of the reference layout (EXPORT.md) by its name; every later step finds them through the table
// roles and the confirmed map. This test reads the source with TypeScript's parser, so comments
// are not code, and judges string literals by where they are used: SQL that reads the export's raw
// tables or the raw schema's catalogue, fallbacks (`?? 'patient_id'`), raw tables named outright,
// and names only the export uses. Ferry's own tables (dedupe.*, mapping.staff_members) and
// Twenty's objects share some words and are not judged. SQL is judged whole, with TypeScript's
// parser: a template's fixed parts, a concatenation of strings, a `const` of the file spliced in,
// and the literals of a fragment computed inside the same expression, joined into one text.
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

/** A piece of joined SQL text and where it starts in the source, to name the line of a hit. */
interface Piece {
	at: number;
	pos: number;
}

/** An expression's text as far as it is known statically: literal parts joined, the unknown as `${}`. */
interface Joined {
	text: string;
	pieces: Piece[];
}

const isStringy = (n: ts.Node): boolean =>
	ts.isStringLiteral(n) ||
	ts.isNoSubstitutionTemplateLiteral(n) ||
	ts.isTemplateExpression(n) ||
	(ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && (isStringy(n.left) || isStringy(n.right))) ||
	(ts.isParenthesizedExpression(n) && isStringy(n.expression));

/**
 * Joins a template's fixed parts and a concatenation of strings into one text, with what is
 * spliced in: a literal, a `const` of this file holding a string, or, for anything computed, the
 * literals it contains (a fragment built elsewhere in the same expression) between `${}` marks.
 */
function joiner(sf: ts.SourceFile) {
	const consts = new Map<string, ts.Expression | null>();
	const collect = (n: ts.Node): void => {
		if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.getCombinedNodeFlags(n) & ts.NodeFlags.Const)
			consts.set(n.name.text, consts.has(n.name.text) ? null : n.initializer); // the same name twice: unknown
		n.forEachChild(collect);
	};
	collect(sf);
	const join = (n: ts.Node, seen: Set<string>): Joined => {
		const lit = (text: string, node: ts.Node): Joined => ({ text, pieces: [{ at: 0, pos: node.getStart(sf) }] });
		const cat = (parts: Joined[]): Joined => {
			const out: Joined = { text: '', pieces: [] };
			for (const p of parts) {
				out.pieces.push(...p.pieces.map((x) => ({ at: x.at + out.text.length, pos: x.pos })));
				out.text += p.text;
			}
			return out;
		};
		if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return lit(n.text, n);
		if (ts.isParenthesizedExpression(n)) return join(n.expression, seen);
		if (ts.isTemplateExpression(n))
			return cat([lit(n.head.text, n.head), ...n.templateSpans.flatMap((s) => [join(s.expression, seen), lit(s.literal.text, s.literal)])]);
		if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && isStringy(n))
			return cat([join(n.left, seen), join(n.right, seen)]);
		const init = ts.isIdentifier(n) && !seen.has(n.text) ? consts.get(n.text) : undefined;
		if (init && isStringy(init)) return join(init, new Set([...seen, (n as ts.Identifier).text]));
		// Computed: keep the literals inside it, a fragment of this same SQL.
		const inner: Joined[] = [lit('${}', n)];
		const visit = (c: ts.Node): void => {
			if (isStringy(c)) inner.push(join(c, seen), lit(' ', c));
			else c.forEachChild(visit);
		};
		n.forEachChild(visit);
		return cat([...inner, lit('${}', n)]);
	};
	return (n: ts.Node) => join(n, new Set());
}

/** Findings in one source text: the rules of this file's header. */
export function scan(file: string, text: string): Finding[] {
	if (!MAY_HIT.test(text)) return [];
	const code = file.endsWith('.svelte') ? scriptOf(text) : text;
	const sf = ts.createSourceFile(file.replace(/\.svelte$/, '.ts'), code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const join = joiner(sf);
	const out = new Map<string, Finding>();
	const at = (pos: number, what: string) => {
		const line = sf.getLineAndCharacterOfPosition(pos).line + 1;
		out.set(`${line}\u0000${what}`, { file, line, what });
	};
	const judge = (n: ts.Node) => {
		const j = join(n);
		const posOf = (i: number) => j.pieces.filter((p) => p.at <= i).at(-1)?.pos ?? n.getStart(sf);
		// SQL over the export's raw tables (or the raw schema's catalogue) names no reference table or column.
		if (readsRaw(j.text)) {
			for (const m of j.text.matchAll(/\braw\s*\.\s*"?([a-z_][a-z0-9_]*)/gi))
				if (REFERENCE_TABLES.has(m[1])) at(posOf(m.index), `reads raw.${m[1]}, a reference table: find it by its role`);
			// `… as patient_id` names a result column (Ferry's own shape), not the export's.
			for (const m of j.text.matchAll(/(\bas\s+)?\b([a-z_][a-z0-9_]*)/gi))
				if (!m[1] && REFERENCE_COLUMNS.has(m[2]))
					at(
						posOf(m.index + m[0].length - m[2].length),
						`SQL over the export names '${m[2]}', a reference column: read it from the map or the role`
					);
		}
	};
	const literalText = (n: ts.Node | undefined) => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : null);
	const visit = (n: ts.Node): void => {
		// A whole string expression, judged once: not the parts of a larger one.
		if (isStringy(n) && !(ts.isTemplateSpan(n.parent) || isStringy(n.parent))) judge(n);
		const t = literalText(n);
		if (t !== null) {
			if (EXPORT_ONLY_TABLES.has(t)) at(n.getStart(sf), `names '${t}', a reference table: find it by its role`);
			// A silent fallback to a reference name: `x ?? 'patient_id'`.
			const p = n.parent;
			if (
				ts.isBinaryExpression(p) &&
				p.right === n &&
				[ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(p.operatorToken.kind) &&
				(REFERENCE_TABLES.has(t) || REFERENCE_COLUMNS.has(t))
			)
				at(n.getStart(sf), `falls back to '${t}', a reference name: say which role is missing instead`);
			// A raw table named outright: ws.exists('raw', 'picklists'), qualified('raw', 'patients').
			if (t === 'raw' && ts.isCallExpression(p)) {
				const next = literalText(p.arguments[p.arguments.indexOf(n as ts.Expression) + 1]);
				if (next !== null && REFERENCE_TABLES.has(next)) at(n.getStart(sf), `names raw table '${next}': find it by its role`);
			}
		}
		// Object keys spelled as export-only tables ({ clinical_notes: 'notes' }).
		if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && EXPORT_ONLY_TABLES.has(n.name.text))
			at(n.name.getStart(sf), `keys on '${n.name.text}', a reference table: find it by its role`);
		n.forEachChild(visit);
	};
	visit(sf);
	return [...out.values()];
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
		// SQL judged whole: a reference name spliced in from a constant, a concatenation or a fragment built inside it.
		expect(hits("const COL = 'patient_id';\nconst q = `select ${COL} from raw.${ident(t)}`;")).toEqual([
			expect.stringMatching(/'patient_id', a reference column/)
		]);
		expect(hits("ws.all('select trim(' + 'date_of_birth' + ')' +\n ' from raw.' + ident(t))")).toEqual([
			expect.stringMatching(/'date_of_birth'/)
		]);
		expect(
			hits("const FROM = 'from raw.';\nws.all(`select ${cols.map((c) => `trim(${c})`).join()},\n ${ident('appointment_id')} ${FROM}${t}`)")
		).toEqual([expect.stringMatching(/'appointment_id'/)]);
		expect(scan('x.ts', "const a = 'select patient_id ';\nws.all(a + `from raw.${t}`)")).toEqual([
			{ file: 'x.ts', line: 1, what: expect.stringMatching(/'patient_id'/) }
		]);
		expect(hits("const COL = 'patient_id';\nclient.find(COL); ws.all(`select ${k} as patient_id from raw.${t}`)")).toEqual([]);
		// Not source names: comments, Twenty's objects, Ferry's own tables, a role asked for by name.
		expect(hits('// reads raw.patients.patient_id\nconst x = 1;')).toEqual([]);
		expect(hits("client.find('attachments'); ws.all(`select patient_id from dedupe.cluster_members`)")).toEqual([]);
		expect(hits("await tableWithRole(ws, 'patients')")).toEqual([]);
		expect(scan('p.svelte', '<p>x</p>\n<script lang="ts">\nconst t = "clinical_notes";\n</script>\n<p>clinical_notes</p>')).toEqual([
			{ file: 'p.svelte', line: 3, what: expect.stringMatching(/clinical_notes/) }
		]);
	});
});
