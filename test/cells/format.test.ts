// Notebook files: prose and cells survive a round trip byte for byte; bad files name their line.
import { describe, expect, it } from 'vitest';
import { cellsOf, NotebookError, parseNotebook, serialiseNotebook, type Cell } from '../../src/lib/server/cells/index.js';

const NB = `# Cleaning

Some prose with \`inline\` code.

\`\`\`sql name=patients_clean
select * from raw.patients
where email is not null;
\`\`\`

An example that is not a cell:

\`\`\`sql
select 1
\`\`\`

\`\`\`ts   name=chart   chart={"type": "bar", "x": "city"}
const rows = await cell('patients_clean');
return rows.length;
\`\`\`

~~~~sql name=tilde
select 2
~~~~
trailing prose
`;

describe('notebook format', () => {
	it('round-trips prose, cells, odd spacing and fences losslessly', () => {
		const nb = parseNotebook(NB);
		expect(serialiseNotebook(nb)).toBe(NB);
		const cells = cellsOf(nb);
		expect(cells.map((c) => [c.lang, c.name, c.line])).toEqual([
			['sql', 'patients_clean', 5],
			['ts', 'chart', 16],
			['sql', 'tilde', 21]
		]);
		expect(cells[0].source).toBe('select * from raw.patients\nwhere email is not null;');
		expect(cells[1].chart).toEqual({ type: 'bar', x: 'city' });
		expect(
			nb.blocks
				.filter((b) => b.kind === 'prose')
				.map((b) => (b as { text: string }).text)
				.join('\n')
		).toContain('```sql\nselect 1\n```');
	});

	it('keeps CRLF files CRLF', () => {
		const text = NB.replaceAll('\n', '\r\n');
		expect(serialiseNotebook(parseNotebook(text))).toBe(text);
	});

	it('rewrites only the info string of a changed cell', () => {
		const nb = parseNotebook(NB);
		const chart = cellsOf(nb)[1] as Cell;
		chart.chart = { type: 'line', x: 'city', y: 'n' };
		chart.source = 'return 1;';
		const out = serialiseNotebook(nb);
		expect(out).toContain('```ts name=chart chart={"type":"line","x":"city","y":"n"}\nreturn 1;\n```');
		expect(out).toContain('```sql name=patients_clean\n');
	});

	it('picks a longer fence when the source holds one', () => {
		const nb = parseNotebook('```ts name=a\nx\n```');
		cellsOf(nb)[0].source = 'const s = `\n```\n`;';
		const out = serialiseNotebook(nb);
		expect(cellsOf(parseNotebook(out))[0].source).toBe('const s = `\n```\n`;');
	});

	it('a broken fence, a bad name or language is an error naming the line', () => {
		expect(() => parseNotebook('# x\n\n```sql name=a\nselect 1\n')).toThrow(/line 3: the fence ``` opened here is never closed/);
		expect(() => parseNotebook('```sql name=Bad-Name\nselect 1\n```')).toThrow(/line 1: cell name 'Bad-Name' is invalid/);
		expect(() => parseNotebook('\n```python name=a\nx\n```')).toThrow(/line 2: cell language 'python' is not known/);
		expect(() => parseNotebook('```sql name=a chart={oops\nx\n```')).toThrow(NotebookError);
	});
});
