// Shared plumbing for commands: the database path and progress output.
import type { Command } from 'commander';
import { openStore, type Store } from '../app/store.ts';
import type { GlobalOptions } from './io.ts';

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function openDb(opts: GlobalOptions): Store {
  return openStore(opts.db);
}

export { Progress } from './progress.ts';
