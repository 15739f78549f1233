// `ferry rebuild-reference <export|workspace> --out <file>`: automations.json → a Markdown or HTML
// document for rebuilding reminder rules, workflows and templates in Twenty. Nothing is pushed.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { closeAllWorkspaces, workspaceExists } from '../../lib/server/db/index.js';
import { exportReference, workspaceReference, type RebuildReference } from '../../lib/server/rebuild/index.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

async function referenceOf(source: string): Promise<RebuildReference> {
	if (fs.existsSync(source)) return exportReference(source);
	if (/^[a-z0-9][a-z0-9_-]{0,62}$/.test(source) && workspaceExists(source)) {
		const ws = await openForCli(source);
		try {
			return await workspaceReference(ws);
		} finally {
			await closeAllWorkspaces();
		}
	}
	throw new FerryError(`'${source}' is neither an export folder, an automations.json, nor a workspace`);
}

export function register(program: Command): void {
	program
		.command('rebuild-reference <source>')
		.description('write a Markdown/HTML reference for rebuilding automations (reminder rules, workflows, templates) in Twenty')
		.requiredOption('--out <file>', 'file to write: .md for Markdown, .html for HTML (both when it has no extension)')
		.action(async (source: string, o: { out: string }) => {
			const ref = await referenceOf(source);
			const ext = path.extname(o.out).toLowerCase();
			if (ext && ext !== '.md' && ext !== '.html')
				throw new FerryError(`--out must end in .md or .html (or have no extension for both), not '${ext}'`);
			const written: string[] = [];
			if (ext !== '.html') (fs.writeFileSync(ext ? o.out : `${o.out}.md`, ref.markdown), written.push(ext ? o.out : `${o.out}.md`));
			if (ext !== '.md') (fs.writeFileSync(ext ? o.out : `${o.out}.html`, ref.html), written.push(ext ? o.out : `${o.out}.html`));
			const n = ref.counts;
			console.log(
				`rebuild reference: ${n.reminderRules} reminder rules, ${n.workflows} workflows, ${n.templates} templates → ${written.join(', ')}`
			);
		});
}
