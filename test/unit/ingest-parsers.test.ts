// The hand-written readers of an export's text, without a workspace: dialect sniffing (delimiter,
// line ending, header row), encoding detection, header names, and the tolerant record reader.
import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectLineEnding, pickHeader, sniffDialect, splitRecords } from '../../src/lib/server/ingest/dialect.js';
import { detectEncoding, iconvName, looksBinaryText, NotTextError } from '../../src/lib/server/ingest/encoding.js';
import { normaliseHeader, normaliseHeaders, sheetTableName, tableNameFor } from '../../src/lib/server/ingest/headers.js';
import { RecordReader, type ReadResult } from '../../src/lib/server/ingest/records.js';
import type { FileScan } from '../../src/lib/server/ingest/scan.js';

describe('splitRecords', () => {
	it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
		expect(splitRecords('a,"b,c","say ""hi""","two\nlines"\r\n1,2,3,4\n', ',')).toEqual([
			['a', 'b,c', 'say "hi"', 'two\nlines'],
			['1', '2', '3', '4']
		]);
	});
	it('skips blank lines, keeps a last record without a line ending, and stops at maxRecords', () => {
		expect(splitRecords('a;b\n\n\nc;d', ';')).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
		expect(splitRecords('1\n2\n3\n4\n', ',', 2)).toEqual([['1'], ['2']]);
		expect(splitRecords('', ',')).toEqual([]);
	});
});

describe('detectLineEnding', () => {
	it('names LF, CRLF, CR and mixed files', () => {
		expect(detectLineEnding('a\nb\n')).toBe('lf');
		expect(detectLineEnding('a\r\nb\r\n')).toBe('crlf');
		expect(detectLineEnding('a\rb\r')).toBe('cr');
		expect(detectLineEnding('a\r\nb\nc\r\n')).toBe('mixed');
	});
	it('ignores line breaks inside quoted fields', () => {
		expect(detectLineEnding('id,note\r\n1,"line one\nline two"\r\n2,x\r\n')).toBe('crlf');
	});
});

describe('detectDelimiter', () => {
	it('picks the delimiter that gives the most records of one width', () => {
		expect(detectDelimiter('id,name\n1,Ann\n2,Bo\n')).toBe(',');
		expect(detectDelimiter('id;name;amount\n1;Ann;3,50\n2;Bo;4,20\n')).toBe(';');
		expect(detectDelimiter('id\tname\n1\tAnn, Jr\n2\tBo\n')).toBe('\t');
		expect(detectDelimiter('id|name|x\n1|Ann|a\n2|Bo|b\n')).toBe('|');
	});
	it('falls back to a comma for a single-column file', () => {
		expect(detectDelimiter('name\nAnn\nBo\n')).toBe(',');
	});
});

describe('pickHeader and sniffDialect', () => {
	it('finds the header below a report preamble', () => {
		const text = 'Patient List\nPrinted 01/02/2024\nPatient ID,First Name,Email\n1,Ann,a@x.com\n2,Bo,b@x.com\n';
		expect(sniffDialect(text)).toEqual({
			delimiter: ',',
			lineEnding: 'lf',
			headerIndex: 2,
			preamble: 2,
			header: ['Patient ID', 'First Name', 'Email'],
			columnCount: 3
		});
	});
	it('says there is no header when the first row looks like data, and names columns by position', () => {
		const picked = pickHeader([
			['1', 'Ann', 'a@x.com'],
			['2', 'Bo', 'b@x.com'],
			['3', 'Cy', 'c@x.com']
		]);
		expect(picked).toEqual({ headerIndex: -1, preamble: 0, header: ['column_1', 'column_2', 'column_3'], width: 3 });
	});
	it('keeps a header with blank names when the rows below look like data', () => {
		const picked = pickHeader([
			['', 'First Name', '', 'Email'],
			['1', 'Ann', '2024-01-02', 'a@x.com'],
			['2', 'Bo', '2024-01-03', 'b@x.com']
		]);
		expect(picked.headerIndex).toBe(0);
	});
	it('ragged sheet rows: the first header-like row at least half as wide as the widest', () => {
		const picked = pickHeader(
			[['Clinic report'], ['Patient ID', 'Name', 'Phone', 'Email'], ['1', 'Ann'], ['2', 'Bo', '0412 345 678', 'b@x.com']],
			{ ragged: true }
		);
		expect(picked).toMatchObject({ headerIndex: 1, preamble: 1, width: 4 });
	});
});

const scan = (head: Buffer, over: Partial<FileScan> = {}): FileScan =>
	({ sha256: '', bytes: head.length, head, validUtf8: true, truncatedUtf8: false, nulBytes: 0, ...over }) as FileScan;

describe('detectEncoding', () => {
	it('reads byte order marks, and a UTF-8 mark over invalid bytes as Windows-1252', () => {
		expect(detectEncoding(scan(Buffer.from([0xef, 0xbb, 0xbf, 0x61])))).toBe('utf-8-bom');
		expect(detectEncoding(scan(Buffer.from([0xef, 0xbb, 0xbf, 0xe9]), { validUtf8: false }))).toBe('windows-1252');
		expect(detectEncoding(scan(Buffer.from([0xff, 0xfe, 0x61, 0x00])))).toBe('utf-16le');
		expect(detectEncoding(scan(Buffer.from([0xfe, 0xff, 0x00, 0x61])))).toBe('utf-16be');
	});
	it('finds UTF-16 without a mark by its NUL bytes', () => {
		const text = 'Patient ID,First Name\n1,Ann\n';
		expect(detectEncoding(scan(Buffer.from(text, 'utf16le'), { nulBytes: text.length }))).toBe('utf-16le');
		expect(detectEncoding(scan(Buffer.from(text, 'utf16le').swap16(), { nulBytes: text.length }))).toBe('utf-16be');
	});
	it('UTF-8, a file cut inside a character, and Windows-1252 for anything else', () => {
		expect(detectEncoding(scan(Buffer.from('Zoë,Ñandú\n')))).toBe('utf-8');
		expect(detectEncoding(scan(Buffer.from([0x61, 0xc3]), { validUtf8: false, truncatedUtf8: true }))).toBe('utf-8');
		expect(detectEncoding(scan(Buffer.from([0x5a, 0x6f, 0xeb]), { validUtf8: false }))).toBe('windows-1252');
		expect(iconvName('windows-1252')).toBe('win1252');
		expect(iconvName('utf-8-bom')).toBe('utf-8');
	});
	it('refuses binary files by their magic bytes or their NULs, saying what they are', () => {
		expect(() => detectEncoding(scan(Buffer.from('%PDF-1.7\n')))).toThrow(/is binary: its content is a PDF document/);
		expect(() => detectEncoding(scan(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14])))).toThrow(/xlsx\/\.docx saved under the wrong name/);
		expect(() => detectEncoding(scan(Buffer.from('abc'), { bytes: 1000, nulBytes: 20 }))).toThrow(NotTextError);
		expect(() => detectEncoding(scan(Buffer.from('abc'), { bytes: 1000, nulBytes: 20 }))).toThrow(/holds 20 NUL bytes/);
		// A stray NUL in a large text file costs only its row.
		expect(detectEncoding(scan(Buffer.from('abc'), { bytes: 100_000, nulBytes: 2 }))).toBe('utf-8');
	});
	it('looksBinaryText: more than 1% control characters', () => {
		expect(looksBinaryText('a,b\tc\r\n'.repeat(100))).toBe(false);
		expect(looksBinaryText('ab\x01\x02'.repeat(50))).toBe(true);
		expect(looksBinaryText('')).toBe(false);
	});
});

describe('header names', () => {
	it('fold case, camelCase, accents, # and % into snake_case SQL can use unquoted', () => {
		expect(normaliseHeader('\uFEFFPatient ID')).toBe('patient_id');
		expect(normaliseHeader('firstName')).toBe('first_name');
		expect(normaliseHeader('Café Réf #')).toBe('cafe_ref_number');
		expect(normaliseHeader('Discount %')).toBe('discount_percent');
		expect(normaliseHeader('2nd Phone')).toBe('c_2nd_phone');
		expect(normaliseHeader('  --  ')).toBe('');
	});
	it('name blanks by position and number repeats, with a warning for each', () => {
		const { columns, warnings } = normaliseHeaders(['Email', '', 'email', 'E-mail']);
		expect(columns.map((c) => c.name)).toEqual(['email', 'column_2', 'email_2', 'e_mail']);
		expect(columns[2].original).toBe('email');
		expect(warnings).toEqual(['column 2 has no header; named column_2', "header 'email' repeats (column 3); named email_2"]);
	});
	it('table names from files and sheets', () => {
		expect(tableNameFor('Patient List (2).csv')).toBe('patient_list_2');
		expect(sheetTableName('Appts.2024')).toBe('appts_2024');
		expect(tableNameFor('.csv')).toBe('table');
	});
});

describe('RecordReader', () => {
	const read = (text: string, width: number, chunk = text.length) => {
		const r = new RecordReader(',', width, 1000);
		const out: ReadResult[] = [];
		for (let i = 0; i < text.length; i += chunk) out.push(...r.push(text.slice(i, i + chunk)));
		out.push(...r.push('', true));
		return out;
	};
	it('gives every physical line a record or a reject with its line number, in any chunk size', () => {
		const text = 'a,b\n1,"two\nlines"\n2,x,extra\n3,"stray"q\n\n4,ok\r\n5,"never closes\n6,y\n';
		const whole = read(text, 2);
		expect(whole).toEqual([
			{ kind: 'record', fields: ['a', 'b'], line: 1 },
			{ kind: 'record', fields: ['1', 'two\nlines'], line: 2 },
			{ kind: 'reject', line: 4, reason: 'expected 2 fields, found 3', raw: '2,x,extra' },
			{ kind: 'reject', line: 5, reason: "stray character 'q' after a closing quote", raw: '3,"stray"q' },
			{ kind: 'record', fields: ['4', 'ok'], line: 7 },
			{ kind: 'reject', line: 8, reason: 'unterminated quote: a quoted field never closes', raw: '5,"never closes' },
			{ kind: 'record', fields: ['6', 'y'], line: 9 }
		]);
		for (const chunk of [1, 2, 3, 7]) expect(read(text, 2, chunk), `chunk ${chunk}`).toEqual(whole);
	});
	it('quarantines an over-long line and a NUL byte, showing the NUL as ␀', () => {
		const r = new RecordReader(',', 2, 10);
		const out = [...r.push(`1,${'x'.repeat(30)}\n2,a\0b\n3,ok\n`), ...r.push('', true)];
		expect(out.map((o) => (o.kind === 'reject' ? [o.line, o.reason] : [o.line, o.fields]))).toEqual([
			[1, 'record longer than 10 characters'],
			[2, 'holds a NUL byte (binary damage in a text file; shown as ␀)'],
			[3, ['3', 'ok']]
		]);
		expect(out[1]).toMatchObject({ raw: '2,a\u2400b' });
	});
});
