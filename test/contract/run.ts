// `npm run contract -- --target <url>`: runs the write contract (test/contract) against a Twenty
// at <url>, real or a `ferry sandbox`, with the key from TWENTY_API_KEY (never an argument: it
// would land in shell history). Without --target (or with --target sandbox) it runs against an
// in-process sandbox, as CI does. --profile names the version to expect (default v2.19).
import { spawnSync } from 'node:child_process';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const target = arg('target');
const profile = arg('profile') ?? 'v2.19';
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.TWENTY_URL;
if (target && target !== 'sandbox') {
	if (!/^https?:\/\/[^/]+/.test(target)) {
		console.error(`contract: --target must be an http(s) URL or "sandbox", not '${target}'`);
		process.exit(2);
	}
	if (!process.env.TWENTY_API_KEY) {
		console.error('contract: set TWENTY_API_KEY to the API key of the Twenty at --target');
		process.exit(2);
	}
	Object.assign(env, { TWENTY_URL: target.replace(/\/$/, ''), TWENTY_PROFILE: profile });
	console.error(`contract: against ${env.TWENTY_URL} (expecting ${profile}); the suite creates and destroys only its own records`);
} else {
	Object.assign(env, { SANDBOX_PROFILE: profile, TWENTY_API_KEY: '' });
	console.error(`contract: against an in-process sandbox (profile ${profile})`);
}
const r = spawnSync('npx', ['vitest', 'run', 'test/contract', '--reporter', 'verbose'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
