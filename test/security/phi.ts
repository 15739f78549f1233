// The patient values of data/sample, and a scanner that finds any of them in a text (a server
// log, a response body). Names, emails, phones (any common format: compared digits-only),
// birth dates (as exported and as ISO) and free text (note bodies, titles, appointment notes).
import fs from 'node:fs';
import path from 'node:path';

const SAMPLE = path.resolve('data/sample');

/** RFC 4180 records of a delimited file (quotes, doubled quotes, newlines inside quotes). */
export function readDelimited(file: string, delimiter: string): Record<string, string>[] {
	const text = fs.readFileSync(path.join(SAMPLE, file), 'utf8').replace(/^\uFEFF/, '');
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
			else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"' && cell === '') quoted = true;
		else if (ch === delimiter) (row.push(cell), (cell = ''));
		else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			(row.push(cell), rows.push(row), (row = []), (cell = ''));
		} else cell += ch;
	}
	if (cell !== '' || row.length) (row.push(cell), rows.push(row));
	const [head, ...body] = rows;
	return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

export interface Phi {
	names: Set<string>;
	fullNames: Set<string>;
	emails: Set<string>;
	/** Digits only, without a leading 0 or country code 61: what every format of the number contains. */
	phones: Set<string>;
	dates: Set<string>;
	texts: string[];
}

const isoOf = (d: string) => {
	const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(d.trim());
	return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : /^\d{4}-\d\d-\d\d$/.test(d.trim()) ? d.trim() : null;
};

export function samplePhi(): Phi {
	const phi: Phi = { names: new Set(), fullNames: new Set(), emails: new Set(), phones: new Set(), dates: new Set(), texts: [] };
	const addName = (...parts: string[]) => {
		const words = parts.flatMap((p) => p.split(/[\s-]+/)).filter((w) => w.length >= 3);
		for (const w of words) phi.names.add(w.replace(/[^\p{L}']/gu, ''));
		const full = parts.filter(Boolean).join(' ').trim();
		if (full.includes(' ')) phi.fullNames.add(full);
	};
	const addPhone = (p: string) => {
		let d = p.replace(/\D/g, '');
		if (d.startsWith('61')) d = d.slice(2);
		d = d.replace(/^0+/, '');
		if (d.length >= 8) phi.phones.add(d);
	};
	const addText = (t: string) => {
		const s = t.replace(/\s+/g, ' ').trim();
		if (s.length >= 12) phi.texts.push(s);
	};
	for (const p of readDelimited('patients.csv', ',')) {
		addName(p['First Name'], p['Middle Name'], p['Last Name']);
		addName(p['Preferred Name']);
		addName(p['Emergency Contact Name']);
		if (p.Email.includes('@')) phi.emails.add(p.Email.trim().toLowerCase());
		for (const k of ['Mobile Phone', 'Home Phone', 'Emergency Contact Phone']) if (p[k]) addPhone(p[k]);
		if (p['Date of Birth']) {
			phi.dates.add(p['Date of Birth'].trim());
			const iso = isoOf(p['Date of Birth']);
			if (iso) phi.dates.add(iso);
		}
	}
	for (const n of readDelimited('clinical_notes.csv', ',')) (addText(n.Body), addText(n.Title));
	for (const a of readDelimited('appointments.csv', ',')) (addText(a.Notes), addText(a['Cancellation Reason']));
	for (const r of readDelimited('referring_physicians.csv', '\t')) {
		addName(r['First Name'], r['Last Name']);
		if (r.Email.includes('@')) phi.emails.add(r.Email.trim().toLowerCase());
		if (r.Phone) addPhone(r.Phone);
	}
	phi.names.delete('');
	return phi;
}

const WINDOW = 24;

/** Every place in `text` where a patient value appears; [] when none does. */
export function findPhi(text: string, phi: Phi): string[] {
	const found: string[] = [];
	// Timestamps, UUIDs and the log's measurements (`ms=14006`, `bytes=43139`) are Ferry's own; they
	// could hold a date or a digit run by chance (the sample has birth dates as Excel serials).
	const clean = text
		.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, ' ')
		.replace(/ (ms|bytes)=\d+(?= |$)/gm, ' ')
		.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ');
	const lower = clean.toLowerCase();
	for (const e of phi.emails) if (lower.includes(e)) found.push(`email ${e}`);
	for (const e of phi.emails) {
		const local = e.split('@')[0];
		if (local.length >= 8 && lower.includes(local)) found.push(`email local part ${local}`);
	}
	for (const n of phi.fullNames) if (lower.includes(n.toLowerCase())) found.push(`name ${n}`);
	// A single name as a whole word, capitalised as a person writes it.
	const words = new Set(clean.split(/[^\p{L}']+/u));
	for (const n of phi.names) if (words.has(n)) found.push(`name ${n}`);
	// A date written as an Excel serial (`14006`) is a whole number, not part of a longer one.
	const numbers = new Set(clean.match(/\d+/g) ?? []);
	for (const d of phi.dates) if (/^\d+$/.test(d) ? numbers.has(d) : clean.includes(d)) found.push(`birth date ${d}`);
	// Phones in any format: digit runs with their usual separators, compared digits-only.
	for (const run of clean.match(/[+(]?\d[\d ().-]{6,}\d/g) ?? []) {
		const digits = run.replace(/\D/g, '');
		for (const p of phi.phones) if (digits.includes(p)) found.push(`phone ${p}`);
	}
	for (const run of clean.match(/\d{8,}/g) ?? []) for (const p of phi.phones) if (run.includes(p)) found.push(`phone ${p}`);
	// Free text: any 24-character window of a note that starts at one of its words.
	const windows = new Set<string>();
	for (const t of phi.texts) {
		if (t.length < WINDOW) windows.add(t);
		for (let i = 0; i + WINDOW <= t.length; i++) if (i === 0 || t[i - 1] === ' ') windows.add(t.slice(i, i + WINDOW));
	}
	const flat = clean.replace(/\s+/g, ' ');
	for (const t of phi.texts) if (t.length < WINDOW && flat.includes(t)) found.push(`text ${t}`);
	for (let i = 0; i + WINDOW <= flat.length; i++) {
		const w = flat.slice(i, i + WINDOW);
		if (windows.has(w)) found.push(`text ${w}`);
	}
	return [...new Set(found)];
}
