import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareTree } from '../src/checks/tree.ts';
import type { PreparedTree } from '../src/checks/tree.ts';
import { checkSeries, loadRules } from '../src/checks/index.ts';
import type { SeriesPatchInput } from '../src/checks/change-types.ts';
import { splitPatch } from '../src/ingest/patch.ts';
import { InputError } from '../src/util/errors.ts';
import { GitError, gitEnv, repoQueries } from '../src/util/git.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tree');
const MOVE = 'mm/fake_move.c';
const SLIDE = 'mm/fake_slide.c';
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const ENV = gitEnv({
  GIT_AUTHOR_NAME: 'Ada Reviewer', GIT_AUTHOR_EMAIL: 'ada@example.org', GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z',
  GIT_COMMITTER_NAME: 'Ada Reviewer', GIT_COMMITTER_EMAIL: 'ada@example.org', GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function writeFile(repo: string, path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

function commit(repo: string, path: string, text: string, subject: string): string {
  writeFile(repo, path, text);
  git(repo, 'add', '--', path);
  git(repo, 'commit', '-q', '-m', subject);
  return git(repo, 'rev-parse', 'HEAD');
}

/** The body of a `git format-patch` mail (headers dropped). */
function patchBody(repo: string, rev: string): string {
  const mail = git(repo, 'format-patch', '-1', '--stdout', rev) + '\n';
  return mail.slice(mail.indexOf('\n\n') + 2);
}

function diffOf(repo: string, rev: string): string {
  const content = splitPatch(patchBody(repo, rev));
  assert.ok(content, `format-patch of ${rev} has a diff`);
  return content.diff;
}

const show = (repo: string, rev: string, path: string): string =>
  execFileSync('git', ['show', `${rev}:${path}`], { cwd: repo, env: ENV, encoding: 'utf8' });

// Patch 1 adds a helper; patch 2 rewrites the helper patch 1 added.
const BASE = fixture('fake_move.c');
const P1 = BASE.replace('int fake_move_range(', `static void fake_move_one(struct fake_pt *src, struct fake_pt *dst)
{
	fake_copy_entry(dst, src);
}

int fake_move_range(`);
const P2 = P1.replace('\tfake_copy_entry(dst, src);\n', '\tfake_copy_entry(dst, src);\n\tfake_clear_entry(src);\n');
// A later upstream commit that rewrites the lines patch 1 needs as context.
const CONFLICTING = BASE.replace('int fake_move_range(', 'long fake_move_range(');
// A later upstream commit far from the patched lines.
const BENIGN = BASE.replace('\tint n = 0;\n', '\tint n = 0; /* counted */\n');

let root = '';
let upstream = '';
let author = '';
let baseId = '';
let p1Id = '';
let p2Id = '';
let series: { index: number; diff: string }[] = [];

before(() => {
  root = mkdtempSync(join(tmpdir(), 'mm-review-tree-test-'));
  // Users clone `upstream`, which has the base only, so the series' objects are new to them.
  upstream = join(root, 'upstream');
  git(root, 'init', '-q', '-b', 'main', upstream);
  baseId = commit(upstream, MOVE, BASE, 'mm: fake base');
  author = join(root, 'author');
  git(root, 'clone', '-q', '--no-local', upstream, author);
  p1Id = commit(author, MOVE, P1, 'mm: add fake_move_one');
  p2Id = commit(author, MOVE, P2, 'mm: clear the source in fake_move_one');
  series = [{ index: 1, diff: diffOf(author, p1Id) }, { index: 2, diff: diffOf(author, p2Id) }];
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

let userCount = 0;
/** A clone of the upstream repository (at the base), optionally with one more upstream commit. */
function userRepo(later?: string, opts: { bare?: boolean } = {}): string {
  const dir = join(root, `user${++userCount}`);
  git(root, 'clone', '-q', '--no-local', upstream, dir);
  if (later !== undefined) commit(dir, MOVE, later, 'mm: fake upstream change');
  if (!opts.bare) return dir;
  const bare = `${dir}-bare`;
  git(root, 'clone', '-q', '--bare', dir, bare);
  return bare;
}

async function withTree<T>(dir: string, patches: { index: number; diff: string }[], baseCommit: string | null, fn: (t: PreparedTree) => T): Promise<T> {
  const t = await prepareTree(dir, patches, { baseCommit });
  try {
    return fn(t);
  } finally {
    await t.cleanup();
  }
}

describe('prepareTree: choosing the base', () => {
  test('uses the base-commit when the repository has it, even when HEAD moved on', async () => {
    const dir = userRepo(CONFLICTING);
    await withTree(dir, series, baseId.slice(0, 12), (t) => {
      assert.equal(t.base, baseId);
      assert.equal(t.baseSource, 'base-commit');
      assert.deepEqual(t.applied, [1, 2]);
      assert.deepEqual(t.failed, []);
      assert.deepEqual(t.notes, []);
    });
  });

  test('uses HEAD when the first patch\'s pre-image blob ids are the ones at HEAD', async () => {
    const dir = userRepo();
    await withTree(dir, series, null, (t) => {
      assert.equal(t.base, baseId);
      assert.equal(t.baseSource, 'blob-ids');
      assert.deepEqual(t.applied, [1, 2]);
    });
    // An unknown (well-formed) base-commit falls through to the blob ids, with a note.
    await withTree(dir, series, 'deadbeefdeadbeefdeadbeef', (t) => {
      assert.equal(t.baseSource, 'blob-ids');
      assert.match(t.notes.join('\n'), /base-commit deadbeefdeadbeefdeadbeef is not in/);
    });
  });

  test('falls back to HEAD with a note when neither matches', async () => {
    const dir = userRepo(BENIGN);
    const head = git(dir, 'rev-parse', 'HEAD');
    await withTree(dir, series, null, (t) => {
      assert.equal(t.baseSource, 'head');
      assert.equal(t.base, head);
      assert.match(t.notes.join('\n'), /applying on HEAD/);
      assert.deepEqual(t.applied, [1, 2]);
      // The upstream change and both patches are in the post-image.
      assert.equal(t.access.postImage(MOVE, 2), P2.replace('\tint n = 0;\n', '\tint n = 0; /* counted */\n'));
    });
  });

  test('a base-commit that is not a hex id never reaches git', async () => {
    const dir = userRepo();
    const out = join(root, 'should-not-exist');
    for (const hostile of [`--output=${out}`, 'HEAD; rm -rf /', 'HEAD', `${baseId.slice(0, 12)}^{tree}`, '-q']) {
      await withTree(dir, series, hostile, (t) => {
        assert.notEqual(t.baseSource, 'base-commit', hostile);
        assert.equal(t.baseSource, 'blob-ids');
        assert.match(t.notes.join('\n'), /is not a commit id; ignored/);
      });
    }
    assert.equal(existsSync(out), false);
  });
});

describe('prepareTree: applying the series', () => {
  test('post-images follow the series patch by patch', async () => {
    const dir = userRepo();
    await withTree(dir, series, baseId, (t) => {
      assert.equal(t.access.postImage(MOVE, 0), BASE);
      assert.equal(t.access.postImage(MOVE, 1), show(author, p1Id, MOVE));
      assert.equal(t.access.postImage(MOVE, 2), show(author, p2Id, MOVE));
      assert.notEqual(t.access.postImage(MOVE, 1), t.access.postImage(MOVE, 2));
      assert.doesNotMatch(t.access.postImage(MOVE, 1)!, /fake_clear_entry/);
      assert.match(t.access.postImage(MOVE, 2)!, /fake_clear_entry\(src\);/);
      // Past the last patch: the last tree. Untouched paths are not known.
      assert.equal(t.access.postImage(MOVE, 9), P2);
      assert.equal(t.access.postImage('mm/untouched.c', 1), null);
    });
  });

  test('a patch that does not apply is recorded and the rest still apply', async () => {
    const dir = userRepo();
    const bad = series[0]!.diff.replace('int fake_move_range(', 'int fake_move_range_gone(').replace('int fake_move_range(', 'int fake_move_range_gone(');
    const patches = [series[0]!, { index: 2, diff: bad }, { index: 3, diff: series[1]!.diff }];
    await withTree(dir, patches, baseId, (t) => {
      assert.deepEqual(t.applied, [1, 3]);
      assert.equal(t.failed.length, 1);
      assert.equal(t.failed[0]!.index, 2);
      assert.match(t.failed[0]!.reason, /^error: /);
      assert.doesNotMatch(t.failed[0]!.reason, /\n/);
      assert.equal(t.access.postImage(MOVE, 2), null, 'a failed patch is analysed from its diff');
      assert.equal(t.access.postImage(MOVE, 1), P1);
      assert.equal(t.access.postImage(MOVE, 3), P2);
    });
  });

  test('a later patch that fails too is recorded; the first failure does not stop the series', async () => {
    const dir = userRepo();
    // Patch 1 twice: the second copy cannot apply on top of itself.
    const patches = [series[0]!, { index: 2, diff: series[0]!.diff }, { index: 3, diff: series[0]!.diff }];
    await withTree(dir, patches, null, (t) => {
      assert.deepEqual(t.applied, [1]);
      assert.deepEqual(t.failed.map((f) => f.index), [2, 3]);
      assert.equal(t.access.postImage(MOVE, 3), null);
    });
  });

  test('a multi-file patch that fails half-way leaves no trace', async () => {
    const dir = userRepo();
    const broken = series[0]!.diff + ['diff --git a/mm/missing.c b/mm/missing.c', '--- a/mm/missing.c', '+++ b/mm/missing.c', '@@ -1 +1 @@', '-int a;', '+int b;', ''].join('\n');
    const patches = [{ index: 1, diff: broken }, { index: 2, diff: series[0]!.diff }, { index: 3, diff: series[1]!.diff }];
    await withTree(dir, patches, baseId, (t) => {
      assert.deepEqual(t.failed.map((f) => f.index), [1]);
      assert.match(t.failed[0]!.reason, /mm\/missing\.c/);
      assert.deepEqual(t.applied, [2, 3]);
      assert.equal(t.access.postImage(MOVE, 1), null);
      assert.equal(t.access.postImage(MOVE, 2), P1);
      assert.equal(t.access.postImage(MOVE, 3), P2);
    });
  });

  test('added and deleted files', async () => {
    const dir = userRepo();
    const created = ['diff --git a/mm/fake_new.c b/mm/fake_new.c', 'new file mode 100644', '--- /dev/null', '+++ b/mm/fake_new.c',
      '@@ -0,0 +1,2 @@', '+int fake_new(void)', '+{ return 0; }', ''].join('\n');
    const baseLines = BASE.split('\n').slice(0, -1);
    const deleted = ['diff --git a/mm/fake_move.c b/mm/fake_move.c', 'deleted file mode 100644', '--- a/mm/fake_move.c', '+++ /dev/null',
      `@@ -1,${baseLines.length} +0,0 @@`, ...baseLines.map((l) => `-${l}`), ''].join('\n');
    await withTree(dir, [{ index: 1, diff: created }, { index: 2, diff: deleted }], null, (t) => {
      assert.deepEqual(t.applied, [1, 2]);
      assert.equal(t.baseSource, 'head', 'the first patch names no pre-image blob');
      assert.equal(t.access.postImage('mm/fake_new.c', 0), null);
      assert.equal(t.access.postImage('mm/fake_new.c', 1), 'int fake_new(void)\n{ return 0; }\n');
      assert.equal(t.access.postImage(MOVE, 1), BASE);
      assert.equal(t.access.postImage(MOVE, 2), null);
      assert.equal(t.access.postImage('mm/fake_new.c', 2), 'int fake_new(void)\n{ return 0; }\n');
    });
  });

  test('works from a linked worktree', async () => {
    const dir = userRepo();
    const linked = join(root, `linked${userCount}`);
    git(dir, 'worktree', 'add', '-q', '--detach', linked);
    await withTree(linked, series, null, (t) => {
      assert.equal(t.baseSource, 'blob-ids');
      assert.equal(t.access.postImage(MOVE, 2), P2);
    });
  });

  test('paths that leave the tree are refused before git', async () => {
    const dir = userRepo();
    const evil = [
      'diff --git a/../../etc/passwd b/../../etc/passwd',
      '--- a/../../etc/passwd',
      '+++ b/../../etc/passwd',
      '@@ -1 +1 @@',
      '-root:x:0:0:root:/root:/bin/sh',
      '+root::0:0:root:/root:/bin/sh',
      '',
    ].join('\n');
    const plain = ['--- /etc/passwd', '+++ /etc/passwd', '@@ -1 +1 @@', '-a', '+b', ''].join('\n');
    const patches = [series[0]!, { index: 2, diff: evil }, { index: 3, diff: plain }, { index: 4, diff: series[1]!.diff }];
    await withTree(dir, patches, baseId, (t) => {
      assert.deepEqual(t.applied, [1, 4]);
      assert.deepEqual(t.failed.map((f) => f.index), [2, 3]);
      for (const f of t.failed) assert.match(f.reason, /^refused: /);
      assert.equal(t.access.postImage('../../etc/passwd', 2), null);
      assert.equal(t.access.postImage('/etc/passwd', 3), null);
      assert.equal(t.access.postImage(MOVE, 4), P2);
    });
  });

  test('works on a bare repository', async () => {
    const dir = userRepo(undefined, { bare: true });
    await withTree(dir, series, baseId, (t) => {
      assert.equal(t.baseSource, 'base-commit');
      assert.deepEqual(t.applied, [1, 2]);
      assert.equal(t.access.postImage(MOVE, 2), P2);
    });
  });

  test('ignores GIT_DIR and GIT_INDEX_FILE from the environment', async () => {
    const dir = userRepo();
    const other = join(root, 'other');
    git(root, 'init', '-q', '-b', 'main', other);
    commit(other, 'README', 'not a kernel\n', 'other');
    // Plus names simple-git's environment guard refuses when passed explicitly: they must be dropped, not passed.
    const hostile: Record<string, string> = {
      GIT_DIR: join(other, '.git'), GIT_INDEX_FILE: join(other, '.git', 'index'),
      GIT_CONFIG_PARAMETERS: `'core.hooksPath'='${other}'`, EDITOR: 'false', PAGER: 'false',
    };
    const saved = Object.fromEntries(Object.keys(hostile).map((k) => [k, process.env[k]]));
    Object.assign(process.env, hostile);
    const indexBefore = statSync(join(other, '.git', 'index')).mtimeMs;
    try {
      await withTree(dir, series, null, (t) => {
        assert.equal(t.base, baseId);
        assert.equal(t.access.postImage(MOVE, 2), P2);
      });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    assert.equal(statSync(join(other, '.git', 'index')).mtimeMs, indexBefore);
  });
});

describe('repository queries through simple-git', () => {
  test('a silent non-zero exit is a failure, not an empty success', async () => {
    const query = repoQueries(userRepo());
    assert.equal(await query.textOrNull(['rev-parse', '--verify', '--quiet', '--end-of-options', 'no-such-ref^{commit}']), null);
    await assert.rejects(query.text(['rev-parse', '--verify', '--quiet', '--end-of-options', 'no-such-ref^{commit}']), (err: Error) => {
      assert.ok(err instanceof GitError);
      assert.equal(err.code, 1);
      return true;
    });
    assert.equal((await query.text(['rev-parse', '--verify', '--end-of-options', 'HEAD^{commit}'])).trim(), baseId);
  });

  test('its option guards stay on: a repository named by --git-dir is refused', async () => {
    const query = repoQueries(userRepo());
    await assert.rejects(query.text([`--git-dir=${join(root, 'author', '.git')}`, 'rev-parse', 'HEAD']), /allowUnsafeConfigPaths/);
  });

  test('paths that look like options are only paths: the series applies and the guards let it through', async () => {
    const repo = join(root, 'dashes');
    git(root, 'init', '-q', '-b', 'main', repo);
    const odd = '--upload-pack=x.c';
    const before = commit(repo, odd, 'int fake_dash;\n', 'fake: odd name');
    const after = commit(repo, odd, 'int fake_dash = 1;\n', 'fake: change it');
    const diff = diffOf(repo, after);
    git(repo, 'reset', '-q', '--hard', before);
    await withTree(repo, [{ index: 1, diff }], null, (t) => {
      assert.equal(t.baseSource, 'blob-ids');
      assert.deepEqual(t.applied, [1]);
      assert.equal(t.access.postImage(odd, 1), 'int fake_dash = 1;\n');
    });
  });
});

/** Every file under .git with its size and mtime, plus status and refs. */
function snapshot(dir: string): { status: string; refs: string; head: string; files: string[] } {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        files.push(`${p.slice(dir.length)} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(join(dir, '.git'));
  return {
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    head: git(dir, 'symbolic-ref', 'HEAD'),
    files: files.sort(),
  };
}

describe('prepareTree leaves the user\'s repository alone', () => {
  test('work tree, index, refs and .git are unchanged; the sandbox is removed', async () => {
    const dir = userRepo();
    // A dirty, partly staged work tree, so a stray write to index or files would show.
    writeFile(dir, MOVE, BASE + '/* local edit */\n');
    writeFile(dir, 'mm/staged.c', 'int fake_staged;\n');
    git(dir, 'add', '--', 'mm/staged.c');
    writeFile(dir, 'notes.txt', 'untracked\n');
    const indexMtime = statSync(join(dir, '.git', 'index')).mtimeMs;
    const before = snapshot(dir);
    // A private TMPDIR, so the sandbox can be seen (and seen to go) whatever else runs.
    const privateTmp = join(root, `tmp${userCount}`);
    mkdirSync(privateTmp);
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    let t: PreparedTree;
    try {
      t = await prepareTree(dir, series, { baseCommit: baseId });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    assert.deepEqual(t.applied, [1, 2]);
    assert.equal(t.access.postImage(MOVE, 2), P2, 'the work-tree edit does not leak into post-images');
    assert.equal(readdirSync(privateTmp).filter((n) => n.startsWith('mm-review-tree-')).length, 1);
    await t.cleanup();
    await t.cleanup();
    assert.deepEqual(readdirSync(privateTmp), []);
    assert.deepEqual(snapshot(dir), before);
    assert.equal(statSync(join(dir, '.git', 'index')).mtimeMs, indexMtime);
    assert.equal(readFileSync(join(dir, MOVE), 'utf8'), BASE + '/* local edit */\n');
  });

  test('a directory that is not a repository: one-line InputError naming it', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'mm-review-tree-test-plain-'));
    try {
      for (const dir of [plain, join(plain, 'missing'), join(FIXTURES, 'fake_move.c')]) {
        await assert.rejects(prepareTree(dir, series, {}), (err: Error) => {
          assert.ok(err instanceof InputError, err.message);
          assert.ok(err.message.includes(dir), err.message);
          assert.doesNotMatch(err.message, /\n/);
          return true;
        });
      }
      await assert.rejects(prepareTree(plain, series, {}), /not a git repository$/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe('--tree with the change model', () => {
  test('a flushing caller outside the hunks quiets mm.flush.cache-before-pte-move only with the tree', async () => {
    const repo = join(root, 'slide');
    git(root, 'init', '-q', '-b', 'main', repo);
    const base = fixture('fake_slide.c');
    const one = base.replace('\treturn 2;\n', '\treturn 22;\n');
    const two = one.replace(
      '{\n\tfake_count_slide(vma);\n}',
      '{\n\tpte_t pte = ptep_get_and_clear(vma->vm_mm, old_addr, old_pte);\n\n\tset_pte_at(vma->vm_mm, new_addr, new_pte, pte);\n\tfake_count_slide(vma);\n}',
    );
    assert.notEqual(two, one);
    const baseCommit = commit(repo, SLIDE, base, 'mm: fake slide base');
    const c1 = commit(repo, SLIDE, one, 'mm: fake filler tweak');
    const c2 = commit(repo, SLIDE, two, 'mm: fake_slide_ptes moves entries');
    git(repo, 'reset', '-q', '--hard', baseCommit);
    const inputs: SeriesPatchInput[] = [c1, c2].map((rev, i) => {
      const content = splitPatch(patchBody(repo, rev))!;
      return { index: i + 1, messageId: `slide${i + 1}@example.org`, subject: `[PATCH ${i + 1}/2] fake`, content };
    });
    // The caller that flushes must be out of patch 2's hunks for the test to mean anything.
    assert.doesNotMatch(inputs[1]!.content.diff, /flush_cache_range/);
    const rules = (await loadRules()).filter((r) => r.id === 'mm.flush.cache-before-pte-move');
    assert.equal(rules.length, 1);
    const ruleId = rules[0]!.id;

    const withoutTree = checkSeries(inputs, { rules }).filter((f) => f.rule === ruleId);
    assert.equal(withoutTree.length, 1);
    assert.equal(withoutTree[0]!.function, 'fake_slide_ptes');
    assert.equal(withoutTree[0]!.patch, 2);

    const t = await prepareTree(repo, inputs.map((p) => ({ index: p.index, diff: p.content.diff })), { baseCommit: inputs[0]!.content.baseCommit });
    try {
      assert.deepEqual(t.applied, [1, 2]);
      const warnings: string[] = [];
      const withTree = checkSeries(inputs, { rules, tree: t.access, onWarning: (w) => warnings.push(w) });
      assert.deepEqual(withTree.filter((f) => f.rule === ruleId), []);
      assert.deepEqual(warnings, [], 'the post-images match the diffs');
    } finally {
      await t.cleanup();
    }
  });
});
