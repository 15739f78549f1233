// The one place Ferry reads DuckDB's private string layout. A VARCHAR vector of
// @duckdb/node-api keeps DuckDB's 16-byte `string_t` slots in a DataView: a uint32 length, then
// the bytes inline when they fit in 12, else a 4-byte prefix and a pointer that the node-api's
// own binding dereferences. Reading the slots copies UTF-8 straight into Arrow without making
// JS strings (db/arrow.ts). Nothing in DuckDB's API promises this layout, so the fast path is
// pinned to the node-api version it was checked against: any other version takes the safe path
// (vector.getItem) and says so once in the log. test/db/duckdb-strings.test.ts compares both
// paths on every length class and fails when the installed version is not the pinned one.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBVector } from '@duckdb/node-api';
import { projectRoot } from '../config.js';
import { log } from '../log/index.js';

/** The @duckdb/node-api version whose string layout the fast path was checked against. */
export const PINNED_NODE_API = '1.5.6-r.1';

/** Visits one column of one chunk: `visit(i, bytes, start, length)` for a value, `onNull(i)` for a null. */
export type SlotReader = (
	vector: DuckDBVector,
	rows: number,
	visit: (i: number, bytes: Uint8Array, start: number, len: number) => void,
	onNull: (i: number) => void
) => boolean;

type PointerReader = (buffer: ArrayBufferLike, offset: number, length: number) => Uint8Array;
interface RawVarChar {
	dataView: DataView;
	validity: { itemValid(i: number): boolean };
}

export interface FastPathState {
	active: boolean;
	installed: string | null;
	/** Why the safe path is in use, when it is. */
	reason?: string;
}

function nodeApiVersion(fromProject: NodeJS.Require): string | null {
	// The package's exports hide its package.json; walk up from its entry point instead.
	let dir = path.dirname(fromProject.resolve('@duckdb/node-api'));
	for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (!fs.existsSync(file)) continue;
		const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
		if (pkg.name === '@duckdb/node-api') return pkg.version ?? null;
	}
	return null;
}

function load(): { state: FastPathState; pointer: PointerReader | null } {
	if (process.env.FERRY_ARROW_FAST === '0')
		return { state: { active: false, installed: null, reason: 'FERRY_ARROW_FAST=0' }, pointer: null };
	try {
		const fromProject = createRequire(path.join(projectRoot, 'package.json'));
		const installed = nodeApiVersion(fromProject);
		if (installed !== PINNED_NODE_API)
			return {
				state: {
					active: false,
					installed,
					reason: `@duckdb/node-api ${installed ?? 'of unknown version'} is not the pinned ${PINNED_NODE_API}`
				},
				pointer: null
			};
		// The binding the node-api itself loaded, for out-of-line strings.
		const bindings = createRequire(fromProject.resolve('@duckdb/node-api'))('@duckdb/node-bindings') as {
			get_data_from_pointer?: PointerReader;
		};
		if (typeof bindings.get_data_from_pointer !== 'function')
			return { state: { active: false, installed, reason: 'the binding has no get_data_from_pointer' }, pointer: null };
		return { state: { active: true, installed }, pointer: bindings.get_data_from_pointer };
	} catch (err) {
		return { state: { active: false, installed: null, reason: `the binding could not be loaded (${(err as Error).name})` }, pointer: null };
	}
}

let loaded: ReturnType<typeof load> | undefined;
function once(): ReturnType<typeof load> {
	if (!loaded) {
		loaded = load();
		if (!loaded.state.active) log.info('arrow.safe_text', { installed: loaded.state.installed, pinned: PINNED_NODE_API });
	}
	return loaded;
}

export function fastPathState(): FastPathState {
	return once().state;
}

function rawVarChar(v: DuckDBVector): RawVarChar | null {
	const r = v as unknown as Partial<RawVarChar>;
	return r.dataView instanceof DataView && typeof r.validity?.itemValid === 'function' ? (r as RawVarChar) : null;
}

/** Reads a VARCHAR vector's slots as bytes; false when the fast path is off or the vector is not one. */
export const readSlots: SlotReader = (vector, rows, visit, onNull) => {
	const { pointer } = once();
	const raw = pointer ? rawVarChar(vector) : null;
	if (!pointer || !raw) return false;
	const dv = raw.dataView;
	const u8 = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
	for (let i = 0; i < rows; i++) {
		// A null slot holds garbage: the validity mask must be read first.
		if (!raw.validity.itemValid(i)) {
			onNull(i);
			continue;
		}
		const at = i * 16;
		const len = dv.getUint32(at, true);
		if (len <= 12) visit(i, u8, at + 4, len);
		else visit(i, pointer(dv.buffer, dv.byteOffset + at + 8, len), 0, len);
	}
	return true;
};

const encoder = new TextEncoder();

/** The safe path: the node-api's own getItem, encoded to UTF-8. */
export const readItems: SlotReader = (vector, rows, visit, onNull) => {
	for (let i = 0; i < rows; i++) {
		const s = vector.getItem(i);
		if (s === null) onNull(i);
		else {
			const b = encoder.encode(typeof s === 'string' ? s : String(s));
			visit(i, b, 0, b.length);
		}
	}
	return true;
};
