// The store under faults a user meets: a full disk (here a file size limit, which every machine
// allows), a store this user cannot write, a store file that is something else. Each gives one line
// naming the store and the cause, a non-zero exit and a process that ends; what was stored before stays.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from './helpers/cli.ts';
import { syntheticMbox } from './helpers/synthetic-list.ts';

const CLI = join(ROOT, 'src', 'cli', 'run.ts');

function oneLineError(stderr: string, store: string): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.ok(lines[0]!.startsWith(`mm-review: ${store}: `), stderr);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
}

/** How the current user could run a command as someone who cannot write root's files, if at all. */
function unprivileged(): string[] | null {
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
  return probe.status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : null;
}

describe('store faults', () => {
  test('a disk that fills during a large ingest: one line, exit 2, the process ends, earlier series kept', () => {
    const dir = tempDir('mmr-full-');
    const store = join(dir, 'store.db');
    writeFileSync(join(dir, 'small.mbox'), syntheticMbox(3));
    writeFileSync(join(dir, 'big.mbox'), syntheticMbox(300)); // 2,400 messages: parsed on a worker thread
    assert.equal(runCli(['--db', store, '-q', 'ingest', join(dir, 'small.mbox')]).status, 0);
    // A file size limit (ulimit -f, in KB) makes every write past it fail as a full disk would.
    const limited = spawnSync('bash', ['-c', `ulimit -f 400; exec "$0" --import tsx "$1" --db "$2" -q ingest "$3"`,
      process.execPath, CLI, store, join(dir, 'big.mbox')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(limited.signal, null, 'the process ended by itself');
    assert.equal(limited.status, 2, limited.stderr);
    oneLineError(limited.stderr, store);
    assert.match(limited.stderr, /disk is full|cannot write the store/);
    const after = runCli(['--db', store, 'series']);
    assert.equal(after.status, 0, after.stderr);
    assert.equal(after.stdout.match(/^\d{4}-\d\d-\d\d /gm)?.length, 6, 'the six series of the first ingest');
  });

  test('a store the user cannot write is listed; a write to it is refused in one line', (t) => {
    const as = unprivileged();
    if (as === null) {
      t.skip('running as root without setpriv: cannot make a store unwritable');
      return;
    }
    const dir = tempDir('mmr-ro-');
    const store = join(dir, 'store.db');
    writeFileSync(join(dir, 'small.mbox'), syntheticMbox(2));
    assert.equal(runCli(['--db', store, '-q', 'ingest', join(dir, 'small.mbox')]).status, 0);
    chmodSync(store, 0o444);
    chmodSync(dir, 0o555);
    try {
      const run = (args: string[]) => {
        const [cmd, ...pre] = as.length ? as : [process.execPath];
        return spawnSync(cmd!, [...pre, ...(as.length ? [process.execPath] : []), '--import', 'tsx', CLI, '--db', store, ...args], { cwd: ROOT, encoding: 'utf8' });
      };
      const listed = run(['series']);
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /mm\/synthetic: bump counters 1/);
      const ingest = run(['-q', 'ingest', join(dir, 'small.mbox')]);
      assert.equal(ingest.status, 2);
      oneLineError(ingest.stderr, store);
      assert.match(ingest.stderr, /read-only/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  test('a damaged store file is refused in one line naming it', () => {
    const dir = tempDir('mmr-bad-');
    const store = join(dir, 'store.db');
    writeFileSync(store, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0x5a)]));
    const r = runCli(['--db', store, 'series']);
    assert.equal(r.status, 2);
    oneLineError(r.stderr, store);
  });
});
