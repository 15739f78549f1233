// Every CLI command lives in its own file and registers itself on the program.
import type { Command } from 'commander';
import { register as dedupe } from './dedupe.js';
import { register as generate } from './generate.js';
import { register as importCmd } from './import.js';
import { register as profile } from './profile.js';
import { register as push } from './push.js';
import { register as rebuildReference } from './rebuild-reference.js';
import { register as rollback } from './rollback.js';
import { register as run } from './run.js';
import { register as delta } from './delta.js';
import { register as snapshots } from './snapshots.js';
import { register as validate } from './validate.js';
import { register as sandbox } from './sandbox.js';
import { register as serve } from './serve.js';
import { register as map } from './map.js';
import { register as batches } from './batches.js';

export const commands: Array<(program: Command) => void> = [
	serve,
	importCmd,
	generate,
	sandbox,
	dedupe,
	map,
	batches,
	push,
	rollback,
	validate,
	rebuildReference,
	run,
	delta,
	profile,
	snapshots
];
