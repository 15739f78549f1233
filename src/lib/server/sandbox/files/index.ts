// Uploaded files, kept in memory (and in the state file). Served back under /files/<path>.
import { randomBytes } from 'node:crypto';
import { newUuid } from '../metadata/ids.js';

export interface StoredFile {
	id: string;
	name: string;
	mimeType: string;
	size: number;
	createdAt: string;
	path: string;
	token: string;
	data: Buffer;
}

export interface FileSnapshot extends Omit<StoredFile, 'data'> {
	data: string;
}

export const extensionOf = (name: string): string => {
	const m = /(\.[A-Za-z0-9]{1,10})$/.exec(name);
	return m ? m[1].toLowerCase() : '';
};

export class FileStore {
	readonly files = new Map<string, StoredFile>();

	add(name: string, mimeType: string, data: Buffer, createdAt: string, folder = 'files-field'): StoredFile {
		const id = newUuid();
		const file: StoredFile = {
			id,
			name,
			mimeType,
			size: data.length,
			createdAt,
			data,
			path: `${folder}/${id}${extensionOf(name)}`,
			token: randomBytes(12).toString('hex')
		};
		this.files.set(id, file);
		return file;
	}

	byPath(path: string): StoredFile | undefined {
		for (const f of this.files.values()) if (f.path === path) return f;
		return undefined;
	}

	extension(id: string, withDot = false): string | undefined {
		const f = this.files.get(id);
		return f ? (withDot ? extensionOf(f.name) : extensionOf(f.name).replace(/^\./, '')) : undefined;
	}

	snapshot(): FileSnapshot[] {
		return [...this.files.values()].map((f) => ({ ...f, data: f.data.toString('base64') }));
	}

	static fromSnapshot(list: FileSnapshot[]): FileStore {
		const s = new FileStore();
		for (const f of list) s.files.set(f.id, { ...f, data: Buffer.from(f.data, 'base64') });
		return s;
	}
}
