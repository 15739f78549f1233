// A real `ferry serve` in a child process, as a person starts it: the tests that need the
// whole product (browser journey, restarts, logs) share this instead of each spawning it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ferryBin } from './cli.js';
import { holdToContract } from './contract.js';

export interface FerryServer {
	base: string;
	/** The printed URL with its token. */
	url: string;
	token: string;
	port: number;
	data: string;
	child: ChildProcess;
	/** Everything the server printed on stdout and stderr so far. */
	output(): string;
	/** Bearer-authorised fetch against the server's /api; a JSON answer is held to its route's contract (support/contract.ts). */
	api(pathname: string, init?: RequestInit): Promise<Response>;
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
	/** FERRY_DATA; a fresh temporary folder when absent (removed by stop unless kept). */
	data?: string;
	args?: string[];
	env?: Record<string, string>;
	timeoutMs?: number;
}

export function freePort(): number {
	return 20000 + Math.floor(Math.random() * 30000);
}

export function startFerry(opts: StartOptions = {}): Promise<FerryServer> {
	const ownData = !opts.data;
	const data = opts.data ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-server-'));
	const port = freePort();
	const env = { ...process.env, FERRY_DATA: data, FERRY_TOKEN: '', ...opts.env };
	const child = spawn(process.execPath, [ferryBin(), 'serve', '--port', String(port), ...(opts.args ?? [])], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const base = `http://127.0.0.1:${port}`;
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`ferry serve did not start in ${opts.timeoutMs ?? 240_000} ms:\n${output}`));
		}, opts.timeoutMs ?? 240_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const url = /(http:\/\/127\.0\.0\.1:\d+\/\S*\?token=\S+)/.exec(output)?.[1];
			if (!url || !output.includes('Listening on')) return;
			clearTimeout(timer);
			const token = new URL(url).searchParams.get('token')!;
			resolve({
				base,
				url,
				token,
				port,
				data,
				child,
				output: () => output,
				api: (pathname, init = {}) =>
					fetch(base + pathname, {
						...init,
						headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) }
					}).then((res) => holdToContract(init.method ?? 'GET', base + pathname, res)),
				stop: async (signal = 'SIGTERM') => {
					if (child.exitCode === null && child.signalCode === null) {
						const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
						child.kill(signal);
						await exited;
					}
					if (ownData) fs.rmSync(data, { recursive: true, force: true });
					return child.exitCode;
				}
			});
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`ferry serve exited with ${code}:\n${output}`));
		});
	});
}
