// Rebuild reference: automations.json → a Markdown/HTML document for rebuilding reminder rules,
// workflows and templates by hand in Twenty's workflow builder. Nothing is pushed as records.
import type { Workspace } from '../db/index.js';
import { toHtml, toMarkdown, type Block } from './doc.js';
import type { Automations } from './model.js';
import { referenceBlocks } from './reference.js';
import { automationsFromExport, automationsFromWorkspace } from './source.js';

export { parseAutomations, automationsFromExport, automationsFromWorkspace } from './source.js';
export { escapeHtml, type Block } from './doc.js';
export type { Automations } from './model.js';

export interface RebuildReference {
	blocks: Block[];
	markdown: string;
	html: string;
	counts: { reminderRules: number; workflows: number; templates: number };
}

export function rebuildReference(a: Automations): RebuildReference {
	const blocks = referenceBlocks(a);
	const title = blocks[0].kind === 'heading' ? blocks[0].text : 'Automations to rebuild';
	return {
		blocks,
		markdown: toMarkdown(blocks),
		html: toHtml(blocks, title),
		counts: { reminderRules: a.reminderRules.length, workflows: a.workflows.length, templates: a.emailTemplates.length }
	};
}

export async function workspaceReference(ws: Workspace): Promise<RebuildReference> {
	return rebuildReference(await automationsFromWorkspace(ws));
}

export function exportReference(source: string): RebuildReference {
	return rebuildReference(automationsFromExport(source));
}
