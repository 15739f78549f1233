import type { Command } from 'commander';

export function register(program: Command): void {
	program
		.command('generate')
		.description('write a realistic Clinic Place export with known dirt and ground truth')
		.action(() => {
			throw new Error('generate is not written yet');
		});
}
