// `mm-review b4-check` as b4 runs it: a real process, one message on stdin, JSON on stdout and exit 0,
// or one line on stderr, nothing on stdout and a non-zero exit; the user's store is left alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { runCli, runMain, tempDir, EXAMPLE_MBOX, ROOT, type CliResult } from './helpers/cli.ts';
import { patchRepo } from './helpers/patch-repo.ts';

const messages = splitMailbox(readFileSync(EXAMPLE_MBOX), 'example').messages;
function exampleMessage(messageId: string): Buffer {
  const raw = messages.find((m) => parseMessage(m).id === messageId);
  assert.ok(raw, `${messageId} is in the example`);
  return Buffer.from(raw.bytes);
}
const PATCH = exampleMessage('fakemove-v1-1@example.com');

/** A run with its own data and cache folders, so nothing of the user's is read or written. */
function b4Check(args: string[], input: string | Buffer, env: Record<string, string> = {}): CliResult & { home: string } {
  const home = tempDir('mmr-b4cli-');
  const r = runCli(args, { input, env: { XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), MM_REVIEW_DB: '', MM_REVIEW_TREE: '', ...env } });
  return { ...r, home };
}

function results(r: CliResult): { tool: string; status: string; summary: string; url: string; details: string }[] {
  assert.equal(r.status, 0, r.stderr);
  const doc: unknown = JSON.parse(r.stdout);
  assert.ok(Array.isArray(doc));
  for (const item of doc as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(item).sort(), ['details', 'status', 'summary', 'tool', 'url']);
    assert.ok(Object.values(item).every((v) => typeof v === 'string'));
  }
  return doc as ReturnType<typeof results>;
}

/** The error contract b4 relies on: non-zero, no JSON, one line naming the problem. */
function assertError(r: CliResult, rx: RegExp): void {
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '', 'no JSON on an error');
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, rx);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

describe('mm-review b4-check (a real process)', () => {
  test('a patch with findings: exit 0 and a failing mm-review result for it', () => {
    const [r, ...rest] = results(b4Check(['b4-check'], PATCH));
    assert.equal(rest.length, 0);
    assert.deepEqual([r!.tool, r!.status, r!.url], ['mm-review', 'fail', 'https://lore.kernel.org/all/fakemove-v1-1@example.com/']);
    assert.match(r!.details, /^mm\/fakemove\.c:25: error: .*\[mm\.flush\.cache-before-pte-move\]$/m);
  });

  test('a cover letter: [] and exit 0', () => {
    const r = b4Check(['b4-check'], exampleMessage('fakemove-v1-0@example.com'));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '[]\n');
  });

  test('empty stdin, garbage and a bad option are one-line errors with no JSON', () => {
    assertError(b4Check(['b4-check'], ''), /^mm-review: stdin: empty input/);
    assertError(b4Check(['b4-check'], '\x1b]0;pwned\x07 not mail at all\n'), /^mm-review: stdin: not a mail message/);
    assertError(b4Check(['b4-check', '--fail-on', 'loud'], PATCH), /^mm-review: --fail-on: unknown severity "loud"/);
    assertError(b4Check(['b4-check', '--tree', tempDir()], PATCH), /--tree/);
  });

  test('--fail-on never turns the failure into a warning, still exit 0', () => {
    assert.equal(results(b4Check(['b4-check', '--fail-on', 'never'], PATCH))[0]!.status, 'warn');
  });

  test('without --db nothing is written to the default store; with --db the patch is stored there', async () => {
    const home = tempDir('mmr-b4store-');
    const defaultDb = join(home, 'default.db');
    const r = b4Check(['b4-check'], PATCH, { MM_REVIEW_DB: defaultDb });
    results(r);
    assert.equal(existsSync(defaultDb), false, '$MM_REVIEW_DB is not written');
    assert.equal(existsSync(join(r.home, 'data', 'mm-review')), false, 'nor the user data folder');
    const named = join(home, 'named.db');
    results(b4Check(['--db', named, 'b4-check'], PATCH, { MM_REVIEW_DB: defaultDb }));
    assert.equal(existsSync(defaultDb), false);
    const listed = await runMain(['--db', named, 'series']);
    assert.match(listed.stdout, /mm: fakemove: add a helper to move one anonymous PTE/);
  });

  test('--db with the whole series stored: the patch is checked in its series, still with only its own findings', async () => {
    const db = join(tempDir('mmr-b4series-'), 's.db');
    assert.equal((await runMain(['--db', db, '-q', 'ingest', EXAMPLE_MBOX])).status, 0);
    const [alone] = results(b4Check(['b4-check'], exampleMessage('fakemove-v1-2@example.com')));
    const [inSeries] = results(b4Check(['--db', db, 'b4-check'], exampleMessage('fakemove-v1-2@example.com')));
    assert.equal(inSeries!.status, alone!.status);
    assert.doesNotMatch(inSeries!.details, /mm\/fakemove\.c/, 'patch 1\'s findings stay on patch 1');
    assert.match(inSeries!.details, /^include\/uapi\/linux\/fakemove\.h:\d+: warning: /m);
  });

  test('$MM_REVIEW_TREE is used when --tree is not given: the patch is applied on its base', () => {
    const base = 'int util_ready;\n\n/*\n * teh helpers below are shared.\n */\nint util_get(void)\n{\n\treturn util_ready;\n}\n';
    const repo = patchRepo('mmr-b4tree-', { 'mm/util.c': base }, { 'mm/util.c': base.replace('teh', 'The') }, 'mm/util: fix a typo');
    const input = readFileSync(repo.mbox);
    const [viaEnv] = results(b4Check(['b4-check'], input, { MM_REVIEW_TREE: repo.repo }));
    assert.equal(viaEnv!.status, 'pass', viaEnv!.details);
    assert.match(viaEnv!.details, /^analysis: 1 of 1 patch applied on [0-9a-f]{12}/m);
    const [viaOption] = results(b4Check(['b4-check', '--tree', repo.repo], input));
    assert.match(viaOption!.details, /^analysis: 1 of 1 patch applied on /m);
    const [none] = results(b4Check(['b4-check'], input));
    assert.match(none!.details, /^analysis: diff only/m);
  });

  test('--tree . as b4 runs it: in the top folder of the checkout', () => {
    const base = 'int util_ready;\n';
    const repo = patchRepo('mmr-b4dot-', { 'mm/util.c': base }, { 'mm/util.c': `${base}int util_more;\n` }, 'mm/util: add a counter');
    // tsx is found from the working folder unless named by its path, as an installed mm-review needs no tsx.
    const tsx = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
    const r = spawnSync(process.execPath, ['--import', tsx, join(ROOT, 'src', 'cli', 'run.ts'), 'b4-check', '--tree', '.'], {
      cwd: repo.repo, input: readFileSync(repo.mbox), encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, XDG_DATA_HOME: join(repo.dir, 'data'), XDG_CACHE_HOME: join(repo.dir, 'cache'), MM_REVIEW_DB: '', MM_REVIEW_TREE: '' },
    });
    const [result] = results({ status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
    assert.match(result!.details, /^analysis: 1 of 1 patch applied on [0-9a-f]{12}/m);
  });
});
