import { Command } from 'commander';
import { commands } from './commands/index.js';

const program = new Command('ferry')
	.description('Ferry: migrate a Clinic Place export into Twenty CRM')
	.showHelpAfterError();

for (const register of commands) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
	console.error(`ferry: ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
});
