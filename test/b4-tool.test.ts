// b4 itself running `mm-review b4-check`: b4's own code reads the git config a user sets
// (b4.review-perpatch-check-cmd), pipes each message in, and parses what comes back into the results
// its review matrix shows. `b4 review` is an interactive TUI, so this calls the functions its check
// action calls (b4.review.checks: load_check_cmds, run_perpatch_checks) in b4's own Python.
//
// Needs a b4 with review-mode checks (b4 0.15 or later). Debian 12 ships b4 0.12.0, which has none: then
// this test skips, and the JSON format is checked against b4's documentation in b4-check.test.ts. To run
// it against a newer b4 checkout, set MM_REVIEW_B4_PYTHONPATH to the folder holding its `b4` package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { tempDir, EXAMPLE_MBOX, ROOT } from './helpers/cli.ts';

/** The Python b4 runs with (its script's #! line), or null when b4 is not installed. */
function b4Python(): { python: string; version: string } | null {
  const where = spawnSync('sh', ['-c', 'command -v b4'], { encoding: 'utf8' });
  const script = where.status === 0 ? where.stdout.trim() : '';
  if (!script) return null;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(readFileSync(script, 'utf8').split('\n', 1)[0]!);
  const python = shebang ? (shebang[1]!.endsWith('/env') ? shebang[2]! : shebang[1]!) : 'python3';
  const version = spawnSync(script, ['--version'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
  return { python, version };
}

/** Runs b4's own check runner in `repo` over `files`: {perpatch commands, results by file}. */
const DRIVER = `
import email, json, sys
import b4
import b4.review.checks as checks
b4._setup_main_config()
perpatch, series = checks.load_check_cmds()
topdir = b4.git_get_toplevel()
out = {'perpatch': perpatch, 'series': series, 'results': {}}
for path in sys.argv[1:]:
    with open(path, 'rb') as fh:
        msg = email.message_from_binary_file(fh, policy=b4.emlpolicy)
    msgid = msg.get('message-id', '').strip('<> ') or path
    out['results'][path] = checks.run_perpatch_checks([(msgid, msg)], perpatch, topdir)[msgid]
print(json.dumps(out))
`;

test('b4 runs mm-review b4-check from its git config and shows its results', (t) => {
  const b4 = b4Python();
  if (!b4) return t.skip('b4 is not installed (apt-get install b4); the JSON format is checked in b4-check.test.ts');
  const pythonPath = [process.env.MM_REVIEW_B4_PYTHONPATH, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
  const env = { ...process.env, PYTHONPATH: pythonPath, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const probe = spawnSync(b4.python, ['-c', 'import b4.review.checks'], { encoding: 'utf8', env });
  if (probe.status !== 0) {
    return t.skip(`b4 ${b4.version} has no review-mode checks (b4.review-perpatch-check-cmd came with b4 0.15); set MM_REVIEW_B4_PYTHONPATH to a newer b4's src/ to run this`);
  }

  const dir = tempDir('mmr-b4tool-');
  // `mm-review` on PATH, as a user has it, running this checkout's sources.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const tsx = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
  writeFileSync(join(bin, 'mm-review'), `#!/bin/sh\nexec "${process.execPath}" --import "${tsx}" "${join(ROOT, 'src', 'cli', 'run.ts')}" "$@"\n`);
  chmodSync(join(bin, 'mm-review'), 0o755);
  const repo = join(dir, 'linux');
  mkdirSync(repo);
  const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: repo, env }).status, 0, args.join(' '));
  git('init', '-q');
  git('config', 'b4.review-perpatch-check-cmd', 'mm-review b4-check');

  const messages = splitMailbox(readFileSync(EXAMPLE_MBOX), 'example').messages;
  const file = (name: string, id: string): string => {
    const raw = messages.find((m) => parseMessage(m).id === id);
    assert.ok(raw, id);
    writeFileSync(join(dir, name), raw.bytes);
    return join(dir, name);
  };
  const patch = file('patch.eml', 'fakemove-v1-1@example.com');
  const second = file('second.eml', 'fakemove-v1-2@example.com');
  const cover = file('cover.eml', 'fakemove-v1-0@example.com');
  const garbage = join(dir, 'garbage.eml');
  writeFileSync(garbage, 'not a mail at all\n');

  const r = spawnSync(b4.python, ['-c', DRIVER, patch, second, cover, garbage], {
    cwd: repo, encoding: 'utf8', timeout: 240_000,
    env: { ...env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, XDG_DATA_HOME: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache'), MM_REVIEW_DB: '', MM_REVIEW_TREE: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { perpatch: string[]; results: Record<string, Record<string, string>[]> };
  assert.ok(out.perpatch.includes('mm-review b4-check'), JSON.stringify(out.perpatch));
  const [p1, ...more] = out.results[patch]!;
  assert.equal(more.length, 0);
  assert.deepEqual([p1!.tool, p1!.status, p1!.url], ['mm-review', 'fail', 'https://lore.kernel.org/all/fakemove-v1-1@example.com/']);
  assert.match(p1!.details!, /\[mm\.flush\.cache-before-pte-move\]/);
  assert.equal(out.results[second]![0]!.status, 'warn');
  assert.deepEqual(out.results[cover], [], 'nothing to report for the cover letter');
  const [bad] = out.results[garbage]!;
  // b4 names the tool after the command and shows its exit code and stderr line.
  assert.deepEqual([bad!.tool, bad!.status, bad!.summary], ['mm-review', 'fail', 'exited with error code 2']);
  assert.match(bad!.details!, /^mm-review: stdin: not a mail message/);
});
