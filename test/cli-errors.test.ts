// User mistakes and system failures outside the store: one line naming what failed, a non-zero exit,
// no stack trace, never "internal error".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_MBOX, ROOT, runCli, tempDir } from './helpers/cli.ts';
import { asSystemError } from '../src/util/system-errors.ts';
import { InputError } from '../src/util/errors.ts';

const CLI = join(ROOT, 'src', 'cli', 'run.ts');

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
}

describe('system failures as one line', () => {
  test('a store path under a file names the file', () => {
    const dir = tempDir('mmr-err-');
    writeFileSync(join(dir, 'plain'), 'not a folder');
    const r = runCli(['--db', join(dir, 'plain', 'store.db'), 'series']);
    assert.equal(r.status, 2);
    assertOneLine(r.stderr, /plain: exists and is not a directory$/);
  });

  test('a report written to a full device: one line, exit 2', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--db', join(tempDir('mmr-err-'), 's.db'), 'review', EXAMPLE_MBOX, '--format', 'html'],
        { cwd: ROOT, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 2);
      assertOneLine(r.stderr, /^mm-review: standard output: no space left on the device$/);
    } finally {
      closeSync(full);
    }
  });

  test('a reader that stops early (| head) ends the output quietly', () => {
    const r = spawnSync('bash', ['-c', '"$0" --import tsx "$1" --db "$2" review "$3" --format html --fail-on never | head -c 20 >/dev/null; exit "${PIPESTATUS[0]}"',
      process.execPath, CLI, join(tempDir('mmr-err-'), 's.db'), EXAMPLE_MBOX], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  test('system errors with a path become input errors naming it; others pass through', () => {
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/nowhere/x' });
    const mapped = asSystemError(missing);
    assert.ok(mapped instanceof InputError);
    assert.equal(mapped.message, '/nowhere/x: no such file or directory');
    const bug = new TypeError('cannot read properties of undefined');
    assert.equal(asSystemError(bug), bug);
  });
});
