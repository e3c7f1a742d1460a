// The tree index on a small synthetic git repository: functions and call sites with positions,
// callers across files, static inlines and call-wrapping macros in headers, re-parsing only changed
// blobs, refusing or replacing a bad cache file, and two builds at once into one cache.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import type { IndexedFunction, TreeIndex } from '../src/checks/tree-index/index.ts';
import { openDatabase } from '../src/store/db.ts';
import { InputError } from '../src/util/errors.ts';
import { gitEnv } from '../src/util/git.ts';
import { tempDir } from './helpers/cli.ts';
import { committedTree } from './helpers/patch-repo.ts';

const ENV = gitEnv({
  GIT_AUTHOR_NAME: 'Tess Indexer', GIT_AUTHOR_EMAIL: 'tess@example.org', GIT_AUTHOR_DATE: '2024-02-03T04:05:06Z',
  GIT_COMMITTER_NAME: 'Tess Indexer', GIT_COMMITTER_EMAIL: 'tess@example.org', GIT_COMMITTER_DATE: '2024-02-03T04:05:06Z',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const HEADER = `#ifndef _WIDGET_H
#define _WIDGET_H
struct mm_struct;

static inline void widget_sync(struct mm_struct *mm, unsigned long start)
{
	widget_flush_span(mm, start, start + 1);
}

/* A macro that wraps a call, over two lines. */
#define widget_sync_one(mm, at) \\
	widget_flush_span((mm), (at), (at) + WIDGET_SIZE)
#define widget_glue(kind) kind##_setup(kind)
#define WIDGET_SIZE 4096
#endif
`;

const CORE = `#include <linux/widget.h>

static int widget_count(int base, struct page *page)
{
	return base + 1;
}

int widget_move(struct mm_struct *mm, unsigned long addr)
{
	int n = widget_count(1, NULL);

	widget_sync(mm, addr);
	return n;
}
`;

const USER = `#include <linux/widget.h>

void widget_user(struct mm_struct *mm)
{
	widget_move(mm, 0);
	widget_sync_one(mm, 8);
}
`;

/** A repository with the files above plus `extra` (path -> text); returns its git directory and head. */
function makeRepo(extra: Record<string, string> = {}): { dir: string; gitDir: string; head: string } {
  return committedTree('mmr-tree-index-', {
    'include/linux/widget.h': HEADER, 'mm/widget.c': CORE, 'mm/widget_user.c': USER, 'mm/Makefile': 'obj-y += widget.o\n',
    'drivers/elsewhere.c': 'void elsewhere(void)\n{\n\twidget_move(0, 0);\n}\n', ...extra,
  });
}

function only(list: IndexedFunction[]): IndexedFunction {
  assert.equal(list.length, 1, `one definition expected, got ${list.map((f) => `${f.path}:${f.startLine}`).join(', ')}`);
  return list[0]!;
}

/** Everything the index answers, as plain data, for comparing two indexes. */
function dump(index: TreeIndex): unknown {
  return index.files().map((path) => ({
    path, blob: index.blobOf(path),
    functions: index.functionsIn(path).map((f) => ({ ...f, ref: undefined, calls: index.calleesOf(f) })),
  }));
}

describe('tree index', () => {
  test('functions, parameters and call sites with positions', async () => {
    const repo = makeRepo();
    const index = await buildTreeIndex(repo.gitDir, repo.head, { cachePath: join(tempDir(), 'ti.db') });
    try {
      assert.deepEqual(index.files(), ['include/linux/widget.h', 'mm/widget.c', 'mm/widget_user.c']);
      assert.equal(index.stats.commit, repo.head);
      const move = only(index.functionsNamed('widget_move'));
      assert.deepEqual([move.path, move.kind, move.startLine, move.endLine, move.bodyLine, move.isStatic, move.isInline], ['mm/widget.c', 'function', 8, 14, 9, false, false]);
      assert.deepEqual(move.params, [{ name: 'mm', type: 'struct mm_struct *' }, { name: 'addr', type: 'unsigned long' }]);
      const count = only(index.functionsNamed('widget_count'));
      assert.equal(count.isStatic, true);
      const calls = index.calleesOf(move);
      assert.deepEqual(calls.map((c) => [c.callee, c.line, c.col, c.args]), [['widget_count', 10, 9, ['1', 'NULL']], ['widget_sync', 12, 1, ['mm', 'addr']]]);
      assert.equal(index.functionAt('mm/widget.c', 11)?.name, 'widget_move');
      assert.equal(index.functionAt('mm/widget.c', 7), null);
    } finally {
      index.close();
    }
  });

  test('callers across files; a static inline and a call-wrapping macro in a header', async () => {
    const repo = makeRepo();
    const index = await buildTreeIndex(repo.gitDir, repo.head, { cachePath: join(tempDir(), 'ti.db'), extraPaths: ['drivers/elsewhere.c'] });
    try {
      const callers = index.callersOf('widget_move').map((h) => `${h.caller.name}@${h.call.path}:${h.call.line}:${h.call.col}`).sort();
      assert.deepEqual(callers, ['elsewhere@drivers/elsewhere.c:3:1', 'widget_user@mm/widget_user.c:5:1']);
      const sync = only(index.functionsNamed('widget_sync'));
      assert.deepEqual([sync.path, sync.isStatic, sync.isInline, sync.startLine, sync.endLine], ['include/linux/widget.h', true, true, 5, 8]);
      const macro = only(index.macrosWrapping('widget_flush_span'));
      assert.deepEqual([macro.name, macro.kind, macro.path, macro.startLine, macro.endLine], ['widget_sync_one', 'macro', 'include/linux/widget.h', 11, 12]);
      assert.deepEqual(macro.params.map((p) => p.name), ['mm', 'at']);
      assert.deepEqual(index.calleesOf(macro).map((c) => [c.callee, c.line, c.col, c.args]), [['widget_flush_span', 12, 1, ['(mm)', '(at)', '(at) + WIDGET_SIZE']]]);
      const direct = index.callersOf('widget_flush_span').map((h) => `${h.caller.kind}:${h.caller.name}`).sort();
      assert.deepEqual(direct, ['function:widget_sync', 'macro:widget_sync_one']);
      const through = index.callersOf('widget_flush_span', { throughMacros: true }).map((h) => `${h.caller.name}<${h.via.join('<')}>`).sort();
      assert.deepEqual(through, ['widget_sync<>', 'widget_sync_one<>', 'widget_user<widget_sync_one>']);
      // Token pasting and macro parameters are not calls; an object-like macro is not indexed.
      assert.deepEqual(index.functionsNamed('widget_glue'), []);
      assert.deepEqual(index.functionsNamed('WIDGET_SIZE'), []);
      assert.deepEqual(index.callersOf('kind'), []);
    } finally {
      index.close();
    }
  });

  test('a view without some files answers as if the tree lacked them, and closing it leaves the index open', async () => {
    const repo = makeRepo();
    const index = await buildTreeIndex(repo.gitDir, repo.head, { cachePath: join(tempDir(), 'ti.db'), extraPaths: ['drivers/elsewhere.c'] });
    try {
      const view = index.without(new Set(['drivers/elsewhere.c', 'include/linux/widget.h']));
      assert.ok(!view.files().includes('drivers/elsewhere.c') && view.files().length === index.files().length - 2);
      assert.deepEqual(view.callersOf('widget_move').map((h) => h.caller.name), ['widget_user']);
      assert.deepEqual(view.functionsNamed('widget_sync'), []);
      assert.deepEqual(view.functionsIn('include/linux/widget.h'), []);
      view.close();
      assert.equal(index.functionsNamed('widget_sync').length, 1, 'the index it came from still answers');
    } finally {
      index.close();
    }
  });

  test('a second build re-parses exactly the changed blob', async () => {
    const repo = makeRepo();
    const cachePath = join(tempDir(), 'ti.db');
    const first = await buildTreeIndex(repo.gitDir, repo.head, { cachePath });
    assert.deepEqual([first.stats.files, first.stats.parsed, first.stats.reused], [3, 3, 0]);
    first.close();
    const again = await buildTreeIndex(repo.gitDir, 'HEAD', { cachePath });
    assert.deepEqual([again.stats.parsed, again.stats.reused], [0, 3]);
    again.close();
    writeFileSync(join(repo.dir, 'mm/widget_user.c'), USER.replace('widget_move(mm, 0);', 'widget_move(mm, 0);\n\twidget_sync(mm, 4);'));
    git(repo.dir, 'commit', '-q', '-am', 'one more call');
    const changed = await buildTreeIndex(repo.gitDir, 'HEAD', { cachePath });
    try {
      assert.deepEqual([changed.stats.parsed, changed.stats.reused], [1, 2]);
      assert.deepEqual(changed.callersOf('widget_sync').map((h) => `${h.caller.name}:${h.call.line}`).sort(), ['widget_move:12', 'widget_user:6']);
    } finally {
      changed.close();
    }
    // The old commit still reads from the same cache, untouched by the new one.
    const old = await buildTreeIndex(repo.gitDir, repo.head, { cachePath });
    assert.deepEqual([old.stats.parsed, old.callersOf('widget_sync').length], [0, 1]);
    old.close();
  });

  test('a damaged or foreign cache file is refused with one line, or replaced when allowed', async () => {
    const repo = makeRepo();
    const dir = tempDir();
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    await assert.rejects(buildTreeIndex(repo.gitDir, repo.head, { cachePath: garbage }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /garbage\.db: damaged, or not a tree-index cache/);
      assert.ok(!err.message.includes('\n'));
      return true;
    });
    assert.deepEqual(readFileSync(garbage), Buffer.alloc(8192, 0x5a));
    const replaced = await buildTreeIndex(repo.gitDir, repo.head, { cachePath: garbage, replaceDamaged: true });
    assert.equal(replaced.stats.parsed, 3);
    replaced.close();

    const store = join(dir, 'messages.db');
    openDatabase(store).close();
    const before = readFileSync(store);
    await assert.rejects(buildTreeIndex(repo.gitDir, repo.head, { cachePath: store, replaceDamaged: true }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /messages\.db: not a tree-index cache \(a SQLite database with other tables\)/);
      return true;
    });
    assert.deepEqual(readFileSync(store), before);
  });

  test('bad commits and paths are refused before git sees them', async () => {
    const repo = makeRepo();
    const cachePath = join(tempDir(), 'ti.db');
    for (const commit of ['--output=/tmp/x', 'HEAD..HEAD~1', 'HEAD:mm/widget.c', '0123456789abcdef']) {
      await assert.rejects(buildTreeIndex(repo.gitDir, commit, { cachePath }), InputError, commit);
    }
    for (const path of ['../outside.c', '/etc/passwd', '-p']) {
      await assert.rejects(buildTreeIndex(repo.gitDir, 'HEAD', { cachePath, extraPaths: [path] }), InputError, path);
    }
  });

  test('two builds at once into one cache give what one after the other gives', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 40; i++) many[`mm/gen_${i}.c`] = `int gen_${i}(int x)\n{\n\treturn widget_move(0, x) + gen_${(i + 1) % 40}(x);\n}\n`;
    const repo = makeRepo(many);
    const shared = join(tempDir(), 'shared.db');
    const [a, b] = await Promise.all([
      buildTreeIndex(repo.gitDir, repo.head, { cachePath: shared, workers: 0 }),
      buildTreeIndex(repo.gitDir, repo.head, { cachePath: shared, workers: 1 }),
    ]);
    const serial = await buildTreeIndex(repo.gitDir, repo.head, { cachePath: join(tempDir(), 'serial.db') });
    const after = await buildTreeIndex(repo.gitDir, repo.head, { cachePath: shared });
    try {
      assert.equal(serial.stats.files, 43);
      assert.deepEqual(dump(a), dump(serial));
      assert.deepEqual(dump(b), dump(serial));
      assert.deepEqual(dump(after), dump(serial));
      assert.equal(after.stats.parsed, 0);
      assert.equal(after.callersOf('widget_move').length, 41);
    } finally {
      for (const index of [a, b, serial, after]) index.close();
    }
  });
});
