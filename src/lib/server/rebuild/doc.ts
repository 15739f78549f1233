// A tiny document model so Markdown and HTML come from one structure. Every string in it is
// plain text quoted from the export: renderers escape it, nothing is ever passed through as markup.
import type { DocBlock } from '../../shared/contracts/recipes.js';

export type Block = DocBlock;

/** Markdown: text escaped where it could be read as markup; quoted bodies go in fences. */
function md(text: string): string {
	// Intraword underscores (mobile_phone) are not emphasis in CommonMark: left as they are, to stay readable.
	return text
		.replace(/([\\`*[\]<>#|])/g, '\\$1')
		.replace(/(^|\W)_|_(?=\W|$)/g, (m) => m.replace('_', '\\_'))
		.replace(/\n/g, ' ');
}

function fence(text: string): string {
	const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
	const f = '`'.repeat(longest + 1);
	return `${f}text\n${text}\n${f}`;
}

export function toMarkdown(blocks: Block[]): string {
	const out: string[] = [];
	for (const b of blocks) {
		if (b.kind === 'heading') out.push(`${'#'.repeat(b.level)} ${md(b.text)}`);
		else if (b.kind === 'para') out.push(md(b.text));
		else if (b.kind === 'list') out.push(b.items.map((i) => `- ${md(i)}`).join('\n'));
		else if (b.kind === 'steps') out.push(b.items.map((i, n) => `${n + 1}. ${md(i)}`).join('\n'));
		else if (b.kind === 'code') out.push(fence(b.text));
		else out.push([b.head, b.head.map(() => '---'), ...b.rows].map((r) => `| ${r.map(md).join(' | ')} |`).join('\n'));
	}
	return out.join('\n\n') + '\n';
}

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d232a}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd}h3{margin-top:1.6rem}
pre{background:#f5f6f8;padding:.6rem .8rem;white-space:pre-wrap;border-radius:4px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}`;

export function toHtml(blocks: Block[], title: string): string {
	const body = blocks.map((b) => {
		if (b.kind === 'heading') return `<h${b.level}${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${escapeHtml(b.text)}</h${b.level}>`;
		if (b.kind === 'para') return `<p>${escapeHtml(b.text)}</p>`;
		if (b.kind === 'list') return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
		if (b.kind === 'steps') return `<ol>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ol>`;
		if (b.kind === 'code') return `<pre>${escapeHtml(b.text)}</pre>`;
		const head = `<tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
		return `<table>${head}${b.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</table>`;
	});
	return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}
