// File uploads through GraphQL multipart requests (graphql-multipart-request spec: parts
// `operations`, `map`, then the files) [TWENTY.md §6]. v2.x: uploadFilesFieldFile on /metadata
// answers {id path size createdAt url}; v1.x: uploadFile on /graphql answers a signed path.
import type { SandboxCore } from '../core.js';
import { badRequest } from '../http/errors.js';
import type { StoredFile } from '../files/index.js';

/** Reads a multipart body into {query, variables, operationName} with File objects in place. */
export async function readMultipart(req: Request): Promise<Record<string, unknown>> {
	const form = await req.formData();
	const operations = JSON.parse(String(form.get('operations') ?? '{}')) as Record<string, unknown>;
	const map = JSON.parse(String(form.get('map') ?? '{}')) as Record<string, string[]>;
	for (const [part, paths] of Object.entries(map)) {
		const file = form.get(part);
		for (const path of paths) setPath(operations, path.split('.'), file);
	}
	return operations;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
	let node = target as Record<string, unknown>;
	for (const key of path.slice(0, -1)) {
		if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
		node = node[key] as Record<string, unknown>;
	}
	node[path[path.length - 1]] = value;
}

async function storeUpload(core: SandboxCore, file: unknown, folder: string): Promise<StoredFile> {
	if (!(file instanceof File)) throw badRequest('Variable "$file" got invalid value; Upload value invalid.');
	// graphql-upload's maxFileSize message [TWENTY.md §6 limits; wording from graphql-upload].
	if (file.size > core.options.maxFileSize)
		throw badRequest(`File truncated as it exceeds the ${core.options.maxFileSize} byte size limit.`);
	const data = Buffer.from(await file.arrayBuffer());
	const stored = core.files.add(
		file.name || 'upload',
		file.type || 'application/octet-stream',
		data,
		new Date(core.now()).toISOString(),
		folder
	);
	core.changed();
	return stored;
}

export const fileUrl = (origin: string, f: StoredFile) => `${origin}/files/${f.path}?token=${f.token}`;

export async function uploadFilesFieldFile(core: SandboxCore, args: Record<string, unknown>, origin: string) {
	const found = core.registry.fieldById(String(args.fieldMetadataId));
	if (!found || found.field.type !== 'FILES') throw badRequest('Field metadata not found');
	// Stored under the workspace's folder (v2.19 q6_02: files-field/<workspaceId>/<fileId>.txt).
	const f = await storeUpload(core, args.file, `files-field/${core.options.workspaceId}`);
	// Twenty 2.x signs files-field downloads as /file/files-field/<id>?token=… (v2.19 q6_02, q6_06).
	return { id: f.id, path: f.path, size: f.size, createdAt: f.createdAt, url: `${origin}/file/files-field/${f.id}?token=${f.token}` };
}

export async function uploadFile(core: SandboxCore, args: Record<string, unknown>): Promise<string> {
	const folder = String(args.fileFolder ?? 'Attachment')
		.replace(/([a-z])([A-Z])/g, '$1-$2')
		.toLowerCase();
	const f = await storeUpload(core, args.file, folder);
	return `${f.path}?token=${f.token}`;
}
