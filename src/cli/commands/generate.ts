// `ferry generate`: write a realistic Clinic Place export with known dirt, and its
// ground truth beside it (<out>.truth.json).
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { generateExport, truthPath } from '../../lib/server/generate/index.js';
import { generateLater } from '../../lib/server/generate/later.js';
import { generateLayout, LAYOUT_NAMES, LAYOUTS } from '../../lib/server/generate/layouts.js';
import { FerryError } from '../../lib/server/errors.js';

function positiveInt(value: string): number {
	const n = Number(value);
	if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
	return n;
}

function integer(value: string): number {
	const n = Number(value);
	if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number');
	return n;
}

export function register(program: Command): void {
	program
		.command('generate')
		.description('write a realistic Clinic Place export with known dirt and ground truth')
		.requiredOption('--out <dir>', 'directory to write the export into (ground truth goes to <dir>.truth.json)')
		.option('--patients <n>', 'patient rows to write', positiveInt, 500)
		.option('--seed <n>', 'seed: the same seed writes the same bytes', integer, 1)
		.option('--format <format>', 'csv (a file per entity) or xlsx (export.xlsx, a sheet per entity)', 'csv')
		.option('--clean', 'no dirt at all: a clean baseline', false)
		.option(
			'--layout <name>',
			`export layout: ${LAYOUT_NAMES.join(', ')} (other file and header names, encodings, date, time and money forms, ids; truth says which is which)`,
			'reference'
		)
		.option(
			'--later-from <dir>',
			'instead: a later export made from an earlier CSV export (new, edited and vanished records; truth lists them)'
		)
		.action(
			async (opts: { out: string; patients: number; seed: number; format: string; clean: boolean; layout: string; laterFrom?: string }) => {
				if (opts.layout !== 'reference') {
					if (!LAYOUTS[opts.layout]) throw new FerryError(`--layout must be one of ${LAYOUT_NAMES.join(', ')}, not "${opts.layout}"`);
					if (opts.laterFrom || opts.clean || opts.format !== 'csv')
						throw new FerryError(
							'--layout writes CSV exports with the usual dirt: it does not combine with --later-from, --clean or --format'
						);
					const t = await generateLayout({ out: opts.out, layout: opts.layout, patients: opts.patients, seed: opts.seed });
					const files = Object.entries(t.layout.files)
						.map(([f, x]) => `${f} (${x.rows})`)
						.join(', ');
					return console.log(`layout ${opts.layout}: ${files} → ${opts.out}; truth: ${truthPath(opts.out)}`);
				}
				if (opts.laterFrom) {
					const t = generateLater({ from: opts.laterFrom, out: opts.out, seed: opts.seed });
					const n = (k: 'new' | 'changed' | 'vanished') =>
						Object.entries(t.changes)
							.map(([f, c]) => `${c[k].length} ${f.replace(/\.csv$/, '')}`)
							.join(', ');
					return console.log(
						`later export → ${opts.out}: new ${n('new')}; changed ${n('changed')}; vanished ${n('vanished')}; truth: ${truthPath(opts.out)}`
					);
				}
				if (opts.format !== 'csv' && opts.format !== 'xlsx') throw new FerryError(`--format must be csv or xlsx, not "${opts.format}"`);
				const started = performance.now();
				const bar =
					opts.patients >= 5000
						? new cliProgress.SingleBar(
								{
									format: 'generate [{bar}] {percentage}% | {value}/{total} patients | {duration}s',
									stream: process.stderr,
									hideCursor: true
								},
								cliProgress.Presets.shades_classic
							)
						: null;
				bar?.start(opts.patients, 0);
				let truth;
				try {
					truth = await generateExport({
						out: opts.out,
						patients: opts.patients,
						seed: opts.seed,
						format: opts.format,
						clean: opts.clean,
						onProgress: bar ? (done) => bar.update(done) : undefined
					});
				} finally {
					bar?.stop();
				}
				const f = truth.files;
				const secs = ((performance.now() - started) / 1000).toFixed(1);
				console.log(
					`generated ${truth.totalRows.toLocaleString('en-AU')} rows in ${secs}s: ` +
						`${f['patients.csv'].rows} patients (${truth.duplicateGroups.length} duplicate groups), ` +
						`${f['appointments.csv'].rows} appointments, ${f['clinical_notes.csv'].rows} notes, ` +
						`${f['invoices.csv'].rows} invoices, ${f['patient_insurance.csv'].rows} plans, ` +
						`${f['attachments.csv'].rows} attachments (${truth.attachmentFiles} files) → ${opts.out}; truth: ${truthPath(opts.out)}`
				);
			}
		);
}
