// Serving the app on a port. close() releases hung requests, closes keep-alive sockets and
// waits for the server to stop.
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface Listening {
	url: string;
	port: number;
	close(): Promise<void>;
}

export function listen(app: Hono, hung: Set<() => void>, port = 0, host = '127.0.0.1', onClose?: () => Promise<void>): Promise<Listening> {
	return new Promise((resolve, reject) => {
		const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
			const shownHost = host.includes(':') ? `[${host}]` : host;
			resolve({
				url: `http://${shownHost}:${info.port}`,
				port: info.port,
				close: async () => {
					for (const release of [...hung]) release();
					await new Promise<void>((done) => {
						(server as Server).close(() => done());
						(server as Server).closeAllConnections?.();
					});
					// Saved last: no answer can leave after the state file is written, so nothing a
					// client was told is stored goes missing when the sandbox starts again from it.
					await onClose?.();
				}
			});
		});
		server.once('error', reject);
	});
}
