// The browser calls the API only through the typed client (src/lib/client: call, callRaw, upload,
// openEvents, followJob), which builds each URL from its route's contract and parses the answer
// with it. Pages, components and the shared browser modules never fetch, open an event stream or
// an XMLHttpRequest themselves, never write an /api URL (a download link takes hrefOf(route)), and
// no untyped helper (getJson/postJson, src/lib/api.ts) comes back. Script code is parsed by
// TypeScript, so comments are not judged; markup is read for /api URLs in its attributes.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The browser's code outside the client itself. */
const ROOTS = ['src/routes', 'src/lib/components', 'src/lib/shared', 'src/lib/nav.ts'];
const RAW_TRANSPORTS = new Set(['fetch', 'EventSource', 'XMLHttpRequest', 'WebSocket']);
const UNTYPED_HELPERS = new Set(['getJson', 'postJson', 'postForm', 'uploadForm']);

export interface Finding {
	file: string;
	line: number;
	what: string;
}

function files(p: string): string[] {
	if (!fs.statSync(p).isDirectory()) return [p];
	return fs.readdirSync(p, { withFileTypes: true }).flatMap((e) => {
		const q = path.join(p, e.name);
		if (e.isDirectory()) return files(q);
		// +server.ts and +page.server.ts run on the server, where fetch is the server's own business.
		return /\.(ts|svelte)$/.test(e.name) && !/\.d\.ts$|\.server\.ts$|^\+server\.ts$/.test(e.name) ? [q] : [];
	});
}

/** A .svelte file split in its `<script>` blocks and its markup, each with the other blanked so lines hold. */
function partsOf(text: string): { script: string; markup: string } {
	let script = '';
	let markup = '';
	let last = 0;
	const blank = (t: string) => t.replace(/[^\n]/g, ' ');
	for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
		const start = m.index + m[0].indexOf('>') + 1;
		script += blank(text.slice(last, start)) + m[1];
		markup += text.slice(last, start) + blank(m[1]);
		last = start + m[1].length;
	}
	return { script: script + blank(text.slice(last)), markup: markup + text.slice(last) };
}

/** What in one file's code calls the API around the client. */
export function rawCalls(file: string, text: string): Finding[] {
	const svelte = file.endsWith('.svelte') ? partsOf(text) : null;
	const code = svelte?.script ?? text;
	const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const found: Finding[] = [];
	const at = (node: ts.Node, what: string) =>
		found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what });
	const visit = (node: ts.Node): void => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			const from = node.moduleSpecifier.text;
			if (from === '$lib/api' || /(^|\/)lib\/api(\.js)?$/.test(from)) at(node, `imports the untyped ${from}`);
		} else if (ts.isIdentifier(node) && UNTYPED_HELPERS.has(node.text)) at(node, `uses ${node.text}`);
		else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && RAW_TRANSPORTS.has(calleeName(node.expression)))
			at(node, `calls ${calleeName(node.expression)} directly`);
		else if (
			(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) &&
			/^\/api(\/|$)/.test(node.text)
		)
			at(node, `writes an /api URL by hand ('${node.text}')`);
		ts.forEachChild(node, visit);
	};
	visit(source);
	svelte?.markup.split('\n').forEach((line, i) => {
		const url = /(?:=\s*|\{\s*)["'`](\/api(?:\/[^"'`]*)?)["'`$]/.exec(line.replace(/<!--.*?-->/g, ''));
		if (url) found.push({ file, line: i + 1, what: `writes an /api URL by hand in markup ('${url[1]}')` });
	});
	return found.sort((a, b) => a.line - b.line);
}

/** `fetch`, `window.fetch`, `globalThis.fetch` → fetch. */
function calleeName(e: ts.Expression): string {
	if (ts.isIdentifier(e)) return e.text;
	if (ts.isPropertyAccessExpression(e)) return e.name.text;
	return '';
}

function scan(): Finding[] {
	return ROOTS.flatMap((r) => files(r)).flatMap((f) => rawCalls(f, fs.readFileSync(f, 'utf8')));
}

describe('the browser calls the API through the typed client only', () => {
	it('no page, component or shared module fetches, streams or writes an /api URL itself, and no untyped helper is left', () => {
		expect(fs.existsSync('src/lib/api.ts'), 'src/lib/api.ts (getJson/postJson) is back: call a route with call(routes.x)').toBe(false);
		const found = scan().map((f) => `${f.file}:${f.line} ${f.what}`);
		expect(found, 'call the route through $lib/client (call, callRaw, upload, openEvents) with its contract in routes.ts').toEqual([]);
	});

	it('finds each way around the client, in a .svelte script, its markup and a .ts module, and not in comments', () => {
		const svelte = [
			'<script lang="ts">',
			"\timport { getJson } from '$lib/api';",
			'\t// fetch(`/api/workspaces`) in a comment is not code',
			'\tconst r = await fetch(`/api/workspaces/${ws}/target`);',
			"\tconst s = new EventSource('/api/workspaces/a/loader/runs/1/events');",
			'</script>',
			'<a href="/api/workspaces/{ws}/audit?format=csv" download>CSV</a>'
		].join('\n');
		expect(rawCalls('x.svelte', svelte).map((f) => `${f.line} ${f.what}`)).toEqual([
			'2 imports the untyped $lib/api',
			'2 uses getJson',
			'4 calls fetch directly',
			"4 writes an /api URL by hand ('/api/workspaces/')",
			'5 calls EventSource directly',
			"5 writes an /api URL by hand ('/api/workspaces/a/loader/runs/1/events')",
			"7 writes an /api URL by hand in markup ('/api/workspaces/{ws}/audit?format=csv')"
		]);
		const link =
			'<a href={`/api/workspaces/${ws}/mapping/export.csv`} download>CSV</a>\n<a href={hrefOf(routes.audit, { params: { ws } })}>log</a>';
		expect(rawCalls('z.svelte', link).map((f) => `${f.line} ${f.what}`)).toEqual([
			"1 writes an /api URL by hand in markup ('/api/workspaces/${ws}/mapping/export.csv')"
		]);
		const module = "export const page = (u: string) => window.fetch(u);\nconst x = new XMLHttpRequest();\nawait postJson('/x', {});";
		expect(rawCalls('x.ts', module).map((f) => `${f.line} ${f.what}`)).toEqual([
			'1 calls fetch directly',
			'2 calls XMLHttpRequest directly',
			'3 uses postJson'
		]);
		expect(rawCalls('y.ts', "import { call, routes } from '$lib/client';\nawait call(routes.workspaces);")).toEqual([]);
	});
});
