// A synthetic list delivered to a public-inbox epoch piece by piece, for the watch tests; and the CLI
// started as a child process that a test can kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RawMessage } from '../../src/domain/mail.ts';
import { appendToEpoch } from './epoch.ts';
import { ROOT } from './cli.ts';
import { syntheticList } from './synthetic-list.ts';

/** syntheticList's messages by origin: `synthetic-<series>-<version>-<part>[-reply]`. */
export function listByOrigin(series: number, patches = 2): Map<string, RawMessage> {
  return new Map(syntheticList(series, patches).map((m) => [m.origin, m]));
}

/** Appends the named messages to the epoch, one commit each. */
export class EpochFeed {
  private next = 0;
  constructor(readonly gitDir: string, private readonly mail: Map<string, RawMessage>) {}

  add(...origins: string[]): void {
    const entries = origins.map((o) => {
      const m = this.mail.get(o);
      if (!m) throw new Error(`no synthetic message ${o}`);
      return { kind: 'm' as const, mail: m.bytes };
    });
    appendToEpoch(this.gitDir, entries, this.next);
    this.next += entries.length;
  }

  /** A version of a series: cover, patches and (first versions) the replies. */
  addVersion(series: number, version: number, patches = 2): void {
    const names = [`synthetic-${series}-${version}-0`];
    for (let p = 1; p <= patches; p++) names.push(`synthetic-${series}-${version}-${p}`);
    for (let p = 1; p <= patches; p++) if (this.mail.has(`synthetic-${series}-${version}-${p}-reply`)) names.push(`synthetic-${series}-${version}-${p}-reply`);
    this.add(...names);
  }
}

export interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** The CLI in a child process (asynchronous: the test's fake servers keep answering meanwhile). */
export function startCli(args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'run.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, MM_REVIEW_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  proc.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  process.once('exit', () => proc.kill('SIGKILL'));
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Waits until `ready()` holds, polling; fails after `ms`. */
export async function waitFor(ready: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
