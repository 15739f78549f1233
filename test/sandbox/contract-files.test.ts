// Contract tests for file upload and attachments: TWENTY.md §9 fact 15 and §6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, sandboxOnly, startTarget, type Target } from './harness.js';

let t: Target;
beforeAll(async () => {
	t = await startTarget();
});
afterAll(() => t.close());
const v2 = () => t.profile !== 'v1.5';

async function multipart(
	target: Target,
	endpoint: string,
	query: string,
	variables: Record<string, unknown>,
	bytes: Uint8Array,
	name: string
) {
	const form = new FormData();
	form.set('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
	form.set('map', JSON.stringify({ 0: ['variables.file'] }));
	form.set('0', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
	const res = await fetch(target.url + endpoint, {
		method: 'POST',
		headers: { Authorization: `Bearer ${target.apiKey}`, 'apollo-require-preflight': 'true' },
		body: form
	});
	return { status: res.status, body: await res.json() };
}

async function attachmentFileFieldId(): Promise<string> {
	const objects = data(await t.get('/rest/metadata/objects'));
	return objects.find((o: any) => o.nameSingular === 'attachment').fields.find((f: any) => f.name === 'file').id;
}

const UPLOAD =
	'mutation($file: Upload!, $fieldMetadataId: String!) { uploadFilesFieldFile(file: $file, fieldMetadataId: $fieldMetadataId) { id path size createdAt url } }';

describe('§6 files', () => {
	it('[TWENTY.md §6, §9.15] uploadFilesFieldFile on /metadata (multipart) answers {id, path, size, createdAt, url}; the attachment takes file:[{fileId,label}]', async () => {
		if (!v2()) return;
		const bytes = new TextEncoder().encode('%PDF-1.4 contract');
		const up = await multipart(t, '/metadata', UPLOAD, { fieldMetadataId: await attachmentFileFieldId() }, bytes, 'contract.pdf');
		expect(up.status).toBe(200);
		const file = up.body.data.uploadFilesFieldFile;
		expect(Object.keys(file).sort()).toEqual(['createdAt', 'id', 'path', 'size', 'url']);
		expect(file.size).toBe(bytes.length);
		const p = data(await t.post('/rest/people', {}));
		const a = await t.post('/rest/attachments', {
			name: 'contract.pdf',
			file: [{ fileId: file.id, label: 'contract.pdf' }],
			targetPersonId: p.id
		});
		expect(a.status).toBe(201);
		expect(data(a).file).toEqual([{ fileId: file.id, label: 'contract.pdf', extension: 'pdf' }]);
		const downloaded = await fetch(file.url);
		expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(bytes);
	});

	it('[TWENTY.md §6] an attachment can also be created with fullPath (older servers)', async () => {
		const p = data(await t.post('/rest/people', {}));
		const link = v2() ? { targetPersonId: p.id } : { personId: p.id };
		const r = await t.post('/rest/attachments', { name: 'old.pdf', fullPath: 'attachment/old.pdf', ...link });
		expect(r.status).toBe(201);
		expect(data(r).fullPath).toBe('attachment/old.pdf');
	});

	it('[TWENTY.md §6] v1.x uploads with uploadFile(file, fileFolder) on /graphql and answers a path', async () => {
		if (v2()) return;
		const up = await multipart(
			t,
			'/graphql',
			'mutation($file: Upload!) { uploadFile(file: $file, fileFolder: Attachment) }',
			{},
			new Uint8Array([1, 2, 3]),
			'a.pdf'
		);
		expect(up.body.data.uploadFile).toMatch(/^attachment\/[0-9a-f-]+\.pdf\?token=/);
	});

	it('[TWENTY.md §6] a FILES value naming no uploaded file is rejected', async () => {
		if (!v2()) return;
		const r = await t.post('/rest/attachments', { name: 'x', file: [{ fileId: crypto.randomUUID(), label: 'x' }] });
		expect(r.status).toBe(400);
	});
});

describe('§6 size limit', () => {
	sandboxOnly(
		'[TWENTY.md §6, §9.15] files over settings.storage.maxFileSize are refused (100 MB current, 10 MB v1.x; here lowered to 1 kB)',
		async () => {
			const small = await startTarget({ profile: 'current', maxFileSize: 1024 });
			try {
				const field = data(await small.get('/rest/metadata/objects'))
					.find((o: any) => o.nameSingular === 'attachment')
					.fields.find((f: any) => f.name === 'file').id;
				const ok = await multipart(small, '/metadata', UPLOAD, { fieldMetadataId: field }, new Uint8Array(1024), 'ok.pdf');
				expect(ok.body.data.uploadFilesFieldFile.size).toBe(1024);
				const big = await multipart(small, '/metadata', UPLOAD, { fieldMetadataId: field }, new Uint8Array(1025), 'big.pdf');
				expect(big.body.errors[0].message).toBe('File truncated as it exceeds the 1024 byte size limit.');
			} finally {
				await small.close();
			}
		}
	);

	sandboxOnly('[TWENTY.md §1.4, §6] the default limits are 100 MB (current) and 10 MB (v1.5)', async () => {
		const { createSandbox } = await import('../../src/lib/server/sandbox/index.js');
		expect(createSandbox().core.options.maxFileSize).toBe(100 * 1024 * 1024);
		expect(createSandbox({ profile: 'v1.5' }).core.options.maxFileSize).toBe(10 * 1024 * 1024);
	});
});
