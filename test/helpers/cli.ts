// Runs the CLI from the TypeScript sources in a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SHARED = resolve(ROOT, '..', 'shared');
export const EXAMPLE_MBOX = join(ROOT, 'examples', 'fakemove.mbox');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'run.ts'), ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, MM_REVIEW_DEBUG: '', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const madeDirs: string[] = [];
process.on('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

// A developer's own ~/.config/mm-review/config.yaml must not change what the tests see: the CLI
// (in this process and in the children it starts) reads an empty configuration folder instead.
const emptyConfig = mkdtempSync(join(tmpdir(), 'mmr-test-config-'));
madeDirs.push(emptyConfig);
process.env.XDG_CONFIG_HOME = emptyConfig;

/** A new temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'mmr-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/**
 * Runs the CLI in this process through main(), with output captured (not a terminal). Much cheaper
 * than runCli; argument parsing, rendering and exit codes are the real ones. Not for stdin input.
 */
export async function runMain(args: string[]): Promise<CliResult> {
  const { main } = await import('../../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, isTTY: false });
  return { status, stdout, stderr };
}

/** JSON output of a command, read as the shape a test expects of it. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** What `ingest --json` prints. */
export interface IngestJson {
  read: number;
  stored: number;
  duplicates: number;
  skipped: { origin: string; reason: string }[];
  series: number;
  ledger?: unknown;
}
