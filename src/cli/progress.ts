// Progress bars on stderr for long work; quiet when stderr is not a terminal (CI, pipes).
import cliProgress from 'cli-progress';
import type { ImportProgress } from '../lib/server/ingest/index.js';

export function importBar(label: string): { update: (p: ImportProgress) => void; stop: () => void } {
	if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
	const bar = new cliProgress.SingleBar(
		{ format: `${label} [{bar}] {percentage}% | {phase} {file}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
		cliProgress.Presets.shades_classic
	);
	let started = false;
	return {
		update(p) {
			if (!started) (bar.start(Math.max(p.bytesTotal, 1), 0, { phase: p.phase, file: '' }), (started = true));
			bar.update(p.bytesDone, { phase: p.phase, file: p.file ?? '' });
		},
		stop: () => started && bar.stop()
	};
}
