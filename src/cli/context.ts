// Shared plumbing for commands: the database path and progress output.
import { join } from 'node:path';
import type { Command } from 'commander';
import { openDatabase, type DB } from '../store/db.ts';
import { userDataDir } from '../util/paths.ts';
import type { GlobalOptions, Io } from './main.ts';

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function databasePath(opts: GlobalOptions): string {
  return opts.db ?? process.env.MM_REVIEW_DB ?? join(userDataDir(), 'mm-review.db');
}

export function openDb(opts: GlobalOptions): DB {
  return openDatabase(databasePath(opts));
}

/** A single status line on a terminal; nothing otherwise or with --quiet. */
export class Progress {
  private last = 0;
  private shown = false;
  constructor(private readonly io: Io, private readonly enabled: boolean) {}

  static for(io: Io, opts: GlobalOptions): Progress {
    return new Progress(io, io.isTTY && !opts.quiet);
  }

  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    this.io.err(`\r\x1b[2K${text}`);
  }

  done(): void {
    if (this.enabled && this.shown) this.io.err('\r\x1b[2K');
    this.shown = false;
  }
}
