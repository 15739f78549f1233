// The validation report as one self-contained HTML file: tables plus Observable Plot charts
// rendered on the server (linkedom), so it opens anywhere without Ferry.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ValidationReport } from './report.js';

const esc = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function chart(r: ValidationReport): string {
	const { document } = parseHTML('<!doctype html><html><body></body></html>');
	const data = r.counts.flatMap((c) => [
		{ plural: c.plural, kind: 'expected', n: c.expected },
		{ plural: c.plural, kind: 'in Twenty', n: c.present }
	]);
	const svg = Plot.plot({
		document: document as unknown as Document,
		marginLeft: 100,
		width: 640,
		height: 40 + r.counts.length * 36,
		color: { legend: false, range: ['#94a3b8', '#2563eb'] },
		fy: { label: null },
		x: { label: 'records', grid: true },
		y: { axis: null },
		marks: [Plot.barX(data, { fy: 'plural', y: 'kind', x: 'n', fill: 'kind' }), Plot.ruleX([0])]
	});
	return (svg as unknown as { outerHTML: string }).outerHTML;
}

const table = (head: string[], rows: unknown[][]) =>
	`<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`;

export function reportHtml(r: ValidationReport, workspace: string): string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>Ferry validation — ${esc(workspace)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}th{background:#f4f4f5}td:first-child,th:first-child{text-align:left}.bad{color:#b91c1c}</style></head><body>
<h1>Post-migration validation: ${esc(workspace)}</h1>
<p>Report ${esc(r.at)}; Twenty read back ${esc(r.readAt ?? 'never')}. Expected = valid records of the newest approved batch of each object.</p>
<h2>Records per object</h2>${chart(r)}
${table(
	['object', 'expected', 'in Twenty', 'missing', 'skipped, with reason', 'other records in Twenty'],
	r.counts.map((c) => [c.plural, c.expected, c.present, c.missing, c.skipped, c.other])
)}
<h2>Required fields</h2>${table(
		['object', 'field', 'records', 'empty', 'rate'],
		r.nulls.map((x) => [x.plural, x.field, x.records, x.nulls, `${(x.rate * 100).toFixed(1)}%`])
	)}
<h2>Attachments on notes</h2>${table(['notes', 'with an attachment', 'attachments expected', 'attachments in Twenty'], [[r.attachments.notes, r.attachments.notesWithAttachment, r.attachments.expected, r.attachments.present]])}
<h2>Orphan links</h2>${
		r.orphans.length
			? table(
					['object', 'link', 'links', 'orphans'],
					r.orphans.map((o) => [o.plural, o.link, o.records, o.orphans])
				)
			: '<p>No link records read back.</p>'
	}
</body></html>`;
}
