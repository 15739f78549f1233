// `ferry serve` (and `npm start`): builds the workbench when its build is missing or stale,
// imports the bundled sample on the first start, then serves on 127.0.0.1 with a fresh token.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { sampleExportDir, projectRoot } from '../../lib/server/config.js';
import { closeAllWorkspaces, listWorkspaces } from '../../lib/server/db/index.js';
import { importExport } from '../../lib/server/ingest/index.js';
import { LEVELS, parseLevel, type Level } from '../../lib/server/log/index.js';
import { newToken } from '../../lib/server/token.js';
import { startLocalSandbox } from '../../lib/server/sandbox/local.js';
import { importBar } from '../progress.js';
import { openForCli } from '../workspace.js';
import { FerryError } from '../../lib/server/errors.js';

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

function buildIsFresh(entry: string): boolean {
	const sources = Math.max(newestMtime(path.join(projectRoot, 'src')), fs.statSync(path.join(projectRoot, 'package.json')).mtimeMs);
	return fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= sources;
}

/** Builds when stale; a lock file keeps two starting servers (or test workers) from building at once. */
async function ensureBuild(): Promise<string> {
	const entry = path.join(projectRoot, 'build', 'index.js');
	const lock = path.join(projectRoot, '.ferry-build.lock');
	for (;;) {
		// A build under way writes build/index.js before its chunks: wait for its lock to go first.
		const building = fs.existsSync(lock) && Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) <= 10 * 60_000;
		if (!building && buildIsFresh(entry)) return entry;
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			break;
		} catch {
			if (Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 10 * 60_000)
				fs.rmSync(lock, { force: true });
			await new Promise((r) => setTimeout(r, 500));
		}
	}
	try {
		if (buildIsFresh(entry)) return entry;
		console.log('Building the workbench (first start or changed sources)…');
		const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
		const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: projectRoot, stdio: 'inherit' });
		if (run.status !== 0) throw new FerryError('the workbench build failed (see above)');
		return entry;
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

async function importSampleOnFirstStart(): Promise<void> {
	if (listWorkspaces().length > 0 || !fs.existsSync(sampleExportDir)) return;
	console.log('First start: importing the bundled sample export into workspace "sample"…');
	const ws = await openForCli('sample', true);
	const bar = importBar('sample');
	const r = await importExport(ws, sampleExportDir, {
		onProgress: bar.update,
		actor: 'ferry',
		sourceLabel: 'bundled sample (data/sample)'
	});
	bar.stop();
	console.log(`Imported ${r.rowsStaged} rows from ${r.files.length} files (${r.rowsRejected} quarantined with reasons).`);
	await closeAllWorkspaces();
}

async function useSandbox(name: string): Promise<void> {
	const ws = await openForCli(name, true);
	const target = await startLocalSandbox(ws);
	process.env.FERRY_SANDBOX_URL = target.url ?? '';
	console.log(`Local Twenty sandbox at ${target.url} is the target of workspace "${name}".`);
	await closeAllWorkspaces();
}

/** FERRY_LOG (checked: a typo is an error, not silence) raised by each -v: -v debug, -vv trace. */
function logLevel(env: string | undefined, verbose: number): Level {
	const base = env ? parseLevel(env) : 'info';
	const wanted = verbose >= 2 ? 'trace' : verbose === 1 ? 'debug' : 'info';
	return LEVELS[Math.max(LEVELS.indexOf(base), LEVELS.indexOf(wanted))];
}

export function register(program: Command): void {
	program
		.command('serve')
		.description('start the workbench (imports the bundled sample on first start)')
		.option('-p, --port <port>', 'port', process.env.PORT ?? '5180')
		.option('--host <host>', 'address to listen on (anything but 127.0.0.1 exposes patient data to the network)', '127.0.0.1')
		.option('--no-sample', 'do not import the bundled sample on first start')
		.option('--sandbox [workspace]', "start Ferry's local Twenty sandbox and make it the workspace's target", false)
		.option(
			'-v, --verbose',
			'log more on stderr: -v every request and run (debug), -vv every batch and Twenty call (trace); never patient values',
			(_: string, n: number) => n + 1,
			0
		)
		.action(async (opts: { port: string; host: string; sample: boolean; sandbox: string | boolean; verbose: number }) => {
			if (opts.host !== '127.0.0.1' && opts.host !== 'localhost') {
				console.warn(`WARNING: listening on ${opts.host}: anyone who can reach this address and has the token sees patient data.`);
			}
			process.env.FERRY_LOG = logLevel(process.env.FERRY_LOG, opts.verbose);
			const entry = await ensureBuild();
			if (opts.sample) await importSampleOnFirstStart();
			if (opts.sandbox) await useSandbox(typeof opts.sandbox === 'string' ? opts.sandbox : 'sample');
			const token = newToken();
			const shown = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
			// ORIGIN tells adapter-node the page's real origin (http, this host and port); without
			// it the browser's own requests would look foreign to the same-origin check.
			const origin = process.env.ORIGIN ?? `http://${shown}:${opts.port}`;
			// BODY_SIZE_LIMIT: adapter-node's 512 KB default refused every real export upload; uploads
			// stream to disk, and the API bounds every other body itself (api/index.ts).
			Object.assign(process.env, {
				FERRY_TOKEN: token,
				HOST: opts.host,
				PORT: opts.port,
				FERRY_ROOT: projectRoot,
				ORIGIN: origin,
				BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? 'Infinity'
			});
			for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
			await import(pathToFileURL(entry).href);
			const workspace = listWorkspaces().includes('sample') ? '/w/sample' : '/';
			console.log(`\nFerry is ready. Open:\n\n  http://${shown}:${opts.port}${workspace}?token=${token}\n`);
		});
}
