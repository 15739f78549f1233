// `ferry sandbox`: a local Twenty-compatible server to rehearse loads against. Prints its URL
// and API key, runs until Ctrl+C, and saves its state on exit when --state is given.
import type { Command } from 'commander';
import { createSandbox, PROFILE_NAMES, type FaultInput, type MemberSeed, type ProfileName } from '../../lib/server/sandbox/index.js';
import { FerryError } from '../../lib/server/errors.js';

interface Opts {
	port: string;
	host: string;
	profile: string;
	apiKey?: string;
	state?: string;
	rateLimit: boolean;
	rateLimitScale: string;
	latency?: string;
	latencySd?: string;
	fault429: string;
	fault5xx: string;
	faultHang: string;
	faultDrop: string;
	failNth?: string;
	seed: string;
	members?: string;
}

const num = (name: string, v: string): number => {
	const n = Number(v);
	if (!Number.isFinite(n)) throw new FerryError(`--${name} expects a number, got '${v}'`);
	return n;
};

function faults(o: Opts): FaultInput {
	const latency =
		o.latency === undefined
			? undefined
			: o.latencySd
				? { kind: 'normal' as const, mean: num('latency', o.latency), sd: num('latency-sd', o.latencySd) }
				: { kind: 'fixed' as const, ms: num('latency', o.latency) };
	return {
		seed: num('seed', o.seed),
		latency,
		rate429: num('fault-429', o.fault429),
		rate5xx: num('fault-5xx', o.fault5xx),
		rateHang: num('fault-hang', o.faultHang),
		rateDrop: num('fault-drop', o.faultDrop),
		failNth: o.failNth ? o.failNth.split(',').map((n) => num('fail-nth', n)) : []
	};
}

/** "a@x.example:Ann:Lee,b@x.example:Bob:Ray" */
function members(spec?: string): MemberSeed[] | undefined {
	if (!spec) return undefined;
	return spec.split(',').map((m) => {
		const [email, firstName = '', lastName = ''] = m.split(':');
		return { email, firstName, lastName };
	});
}

export function register(program: Command): void {
	program
		.command('sandbox')
		.description('run a local Twenty-compatible API (REST, GraphQL, metadata, uploads) to load into')
		.option('-p, --port <port>', 'port', '3030')
		.option('--host <host>', 'address to listen on', '127.0.0.1')
		.option('--profile <profile>', `Twenty version to imitate: ${PROFILE_NAMES.join(', ')}`, 'current')
		.option('--api-key <key>', 'API key clients must send (default: a random one, printed)')
		.option('--state <file>', 'load state from this JSON file and save it on change and exit')
		.option('--no-rate-limit', "disable Twenty's rate limit (100 per second and per minute)")
		.option('--rate-limit-scale <n>', 'run rate-limit windows n times faster', '1')
		.option('--latency <ms>', 'added latency per request (fixed, or the mean with --latency-sd)')
		.option('--latency-sd <ms>', 'standard deviation: normally distributed latency')
		.option('--fault-429 <share>', 'share of requests answered 429', '0')
		.option('--fault-5xx <share>', 'share of requests answered 503', '0')
		.option('--fault-hang <share>', 'share of requests never answered', '0')
		.option('--fault-drop <share>', 'share of connections dropped', '0')
		.option('--fail-nth <list>', 'fail exactly these request numbers with a 500, e.g. 3,10')
		.option('--seed <n>', 'seed of the fault and latency sequence', '1')
		.option('--members <list>', 'workspace members, email:First:Last separated by commas')
		.action(async (o: Opts) => {
			if (!PROFILE_NAMES.includes(o.profile as ProfileName)) throw new FerryError(`--profile must be one of ${PROFILE_NAMES.join(', ')}`);
			const sandbox = createSandbox({
				profile: o.profile as ProfileName,
				apiKey: o.apiKey,
				stateFile: o.state,
				rateLimit: o.rateLimit ? { scale: num('rate-limit-scale', o.rateLimitScale) } : false,
				faults: faults(o),
				members: members(o.members)
			});
			const server = await sandbox.listen(num('port', o.port), o.host);
			console.log(`Twenty sandbox (profile ${sandbox.profile}) listening on ${server.url}`);
			console.log(`API key: ${sandbox.apiKey}`);
			console.log(`Contract tests against it: TWENTY_URL=${server.url} TWENTY_API_KEY=${sandbox.apiKey} TWENTY_PROFILE=${sandbox.profile}`);
			if (o.state) console.log(`State file: ${o.state} (saved on change and on exit)`);
			console.log('Inspect: GET /__sandbox/state   Reset: POST /__sandbox/reset   Ctrl+C to stop');
			const stop = async () => {
				await server.close();
				process.exit(0);
			};
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		});
}
