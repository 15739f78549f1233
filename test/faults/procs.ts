// Real processes for the fault suite: the Twenty sandbox as `ferry sandbox` with a state file (so
// it can be stopped and started again on the same port with the same data), and `ferry` CLI
// commands that can be killed at any moment.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ferryBin } from '../support/cli.js';

export interface SandboxProcess {
	url: string;
	port: number;
	apiKey: string;
	state: string;
	child: ChildProcess;
	output(): string;
	/** SIGTERM: the sandbox saves its state and exits, as a restarting Twenty would. */
	stop(): Promise<void>;
	/** The same sandbox again: same port, key and state file. */
	restart(): Promise<SandboxProcess>;
}

export interface SandboxStart {
	port?: number;
	apiKey?: string;
	state?: string;
	/** Extra `ferry sandbox` arguments, e.g. ['--latency', '30']. */
	args?: string[];
}

const ROOT = path.resolve(import.meta.dirname, '../..');

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((r) => child.once('exit', () => r()));
}

export function startSandboxProcess(o: SandboxStart = {}): Promise<SandboxProcess> {
	const state = o.state ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-sandbox-')), 'state.json');
	const apiKey = o.apiKey ?? `sandbox_${randomBytes(12).toString('hex')}`;
	const args = [
		ferryBin(),
		'sandbox',
		'--port',
		String(o.port ?? 0),
		'--state',
		state,
		'--api-key',
		apiKey,
		'--no-rate-limit',
		...(o.args ?? [])
	];
	const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`ferry sandbox did not start:\n${output}`));
		}, 60_000);
		const onData = (b: Buffer) => {
			output += b.toString();
			const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
			if (!url) return;
			clearTimeout(timer);
			child.removeAllListeners('exit');
			const self: SandboxProcess = {
				url: url[1],
				port: Number(url[2]),
				apiKey,
				state,
				child,
				output: () => output,
				stop: async () => {
					const gone = exited(child);
					child.kill('SIGTERM');
					await gone;
				},
				restart: async () => {
					await self.stop();
					return startSandboxProcess({ ...o, port: self.port, apiKey, state });
				}
			};
			resolve(self);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`ferry sandbox exited with ${code}:\n${output}`));
		});
	});
}

export interface CliRun {
	child: ChildProcess;
	/** Resolves when the process ends: its exit code (null when killed) and signal. */
	done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
	output(): string;
}

/** `node bin/ferry <args>` (its test bundle: support/cli.ts) with this test file's FERRY_DATA. */
export function ferry(args: string[], env: Record<string, string> = {}): CliRun {
	const child = spawn(process.execPath, [ferryBin(), ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
	child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
	const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((r) =>
		child.once('exit', (code, signal) => r({ code, signal, output }))
	);
	return { child, done, output: () => output };
}

/** mulberry32 (the sandbox's): the kill delays are seeded so a failure can be replayed. */
export { mulberry32 as seeded } from '../../src/lib/server/sandbox/http/faults.js';
