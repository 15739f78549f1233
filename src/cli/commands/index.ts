// Every CLI command lives in its own file and registers itself on the program.
import type { Command } from 'commander';
import { register as generate } from './generate.js';

export const commands: Array<(program: Command) => void> = [generate];
