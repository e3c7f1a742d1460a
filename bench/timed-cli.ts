// One mm-review command as a whole process, timed, with its peak RSS from /usr/bin/time when the
// machine has it: what the benches measure (never the tests).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TIME = '/usr/bin/time';

/** The bench's own node flags (package.json's `bench` script) without the tsx loader: what bin/mm-review.js runs with. */
export function nodeFlags(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--import' || argv[i] === '--require' || argv[i] === '--loader') i++;
    else if (!/^--(?:import|require|loader)=/.test(argv[i]!)) out.push(argv[i]!);
  }
  return out;
}

export interface TimedRun {
  seconds: number;
  /** Peak RSS in MB, or null without /usr/bin/time. */
  rssMb: number | null;
  stdout: string;
}

/**
 * Runs `node` (the node binary and its arguments) with `env` minus the variables that would point
 * mm-review at the user's store or tree; rejects on a non-zero exit with the last lines of stderr.
 */
export function timedCli(node: string[], scratch: string, env: NodeJS.ProcessEnv = process.env): Promise<TimedRun> {
  const timeFile = join(scratch, 'time.txt');
  rmSync(timeFile, { force: true });
  const useTime = existsSync(TIME);
  const [cmd, ...args] = useTime ? [TIME, '-f', '%M', '-o', timeFile, ...node] : node;
  const childEnv: NodeJS.ProcessEnv = { ...env };
  delete childEnv.MM_REVIEW_TREE;
  delete childEnv.MM_REVIEW_DB;
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const proc = spawn(cmd!, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    proc.stdout.on('data', (b: Buffer) => out.push(b));
    proc.stderr.on('data', (b: Buffer) => { err += b.toString('utf8'); });
    proc.on('error', reject);
    proc.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) {
        reject(new Error(`mm-review exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      const kb = useTime ? Number(/(\d+)\s*$/.exec(readFileSync(timeFile, 'utf8'))?.[1]) : NaN;
      resolvePromise({ seconds, rssMb: Number.isFinite(kb) ? Math.round(kb / 1024) : null, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}
