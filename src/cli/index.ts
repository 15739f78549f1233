import { Command } from 'commander';
import { describeError } from '../lib/server/errors.js';
import { commands } from './commands/index.js';

const program = new Command('ferry').description('Ferry: migrate a Clinic Place export into Twenty CRM').showHelpAfterError();

for (const register of commands) register(program);

// The one place a command's failure ends the process: a FerryError's message (a refusal the
// person can act on), zod's issues, or a fault's message; never exit 0.
program.parseAsync(process.argv).catch((err: unknown) => {
	console.error(`ferry: ${describeError(err)}`);
	process.exit(1);
});
