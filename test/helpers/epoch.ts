// Builds small public-inbox v2 epochs (one message per commit in blob `m`) for tests.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

function git(gitDir: string, args: string[], input?: Buffer | string): string {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], { input, encoding: 'latin1', stdio: ['pipe', 'pipe', 'pipe'] });
}

export type EpochEntry = { kind: 'm'; mail: Buffer } | { kind: 'd'; mail: Buffer };

/** Appends one commit per entry to refs/heads/master with `git fast-import`, public-inbox v2 style. */
export function appendToEpoch(gitDir: string, entries: EpochEntry[], first: number): void {
  const parts: Buffer[] = [];
  let hasHead = true;
  try {
    git(gitDir, ['rev-parse', '-q', '--verify', 'refs/heads/master']);
  } catch {
    hasHead = false;
  }
  entries.forEach((entry, k) => {
    const ts = 1704103200 + first + k;
    const msg = Buffer.from(`message ${first + k}\n`);
    parts.push(Buffer.from(`blob\nmark :${k + 1}\ndata ${entry.mail.length}\n`), entry.mail, Buffer.from('\n'));
    parts.push(Buffer.from(
      `commit refs/heads/master\nauthor Ada Reviewer <ada@example.org> ${ts} +0000\ncommitter Test Epoch <epoch@example.org> ${ts} +0000\n`
      + `data ${msg.length}\n`), msg);
    if (k === 0 && hasHead) parts.push(Buffer.from('from refs/heads/master^0\n'));
    parts.push(Buffer.from(`deleteall\nM 100644 :${k + 1} ${entry.kind}\n\n`));
  });
  execFileSync('git', [`--git-dir=${gitDir}`, 'fast-import', '--quiet'], { input: Buffer.concat(parts), stdio: ['pipe', 'ignore', 'pipe'] });
}

export function newEpoch(dir: string): string {
  const gitDir = path.join(dir, '0.git');
  execFileSync('git', ['init', '--quiet', '--bare', gitDir]);
  git(gitDir, ['symbolic-ref', 'HEAD', 'refs/heads/master']);
  return gitDir;
}

