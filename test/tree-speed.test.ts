// The speed-ups of a --tree review keep its answers: a tree function analysed alone and moved to its lines
// has the facts of the old analysis behind blank lines; prefetch() reads the blobs of the touched functions'
// callers and callees ahead (answers then come without git, and are the same); prepareTree runs onBase
// while it applies the series and fails with it; patches on different files applied at once see the same;
// the pre-image of a file an earlier patch touched reuses that patch's analysis.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeC } from '../src/checks/c/parse.ts';
import { buildChangeModel, buildPreImageModel } from '../src/checks/change-model.ts';
import type { TreeAccess } from '../src/checks/change-types.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';
import { maskCode } from '../src/checks/c/lexer.ts';
import { prepareTree } from '../src/checks/tree.ts';
import { TreeFunctions } from '../src/checks/tree-functions.ts';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import { gitEnv } from '../src/util/git.ts';
import { tempDir } from './helpers/cli.ts';

const ENV = gitEnv({
  GIT_AUTHOR_NAME: 'Sam Quick', GIT_AUTHOR_EMAIL: 'sam@example.org', GIT_AUTHOR_DATE: '2024-03-04T05:06:07Z',
  GIT_COMMITTER_NAME: 'Sam Quick', GIT_COMMITTER_EMAIL: 'sam@example.org', GIT_COMMITTER_DATE: '2024-03-04T05:06:07Z',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
});
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const HEADER = `#ifndef _GIZMO_H
#define _GIZMO_H
/* One step of a walk: "{ not a body }" */
static inline int gizmo_step(struct gizmo *g, unsigned long at)
{
	return gizmo_leaf(g, at) + 1;
}
#endif
`;

const LEAF = `#include <linux/gizmo.h>

int gizmo_leaf(struct gizmo *g, unsigned long at)
{
	/* a comment with a call-like gizmo_fake(1) in it */
	const char *s = "gizmo_str(2) {";
#ifdef CONFIG_GIZMO_DEBUG
	gizmo_debug(g, s);
#endif
	return gizmo_count(g,
			   at);
}
`;

const WALK = `#include <linux/gizmo.h>

int gizmo_walk(struct gizmo *g, unsigned long start, unsigned long end)
{
	int n = 0;

	for (; start < end; start++)
		n += gizmo_step(g, start);
	return n;
}
`;

const CALLER = `#include <linux/gizmo.h>

${'/* padding */\n'.repeat(30)}
static int gizmo_user(struct gizmo *g)
{
	return gizmo_walk(g, 0, 8);
}
`;

/** The gizmo tree as a git repository in a temporary folder (removed after the tests by the helper). */
function repo(): { dir: string; gitDir: string; head: string; cache: string } {
  const root = tempDir('mmr-tree-speed-');
  const dir = join(root, 'linux');
  for (const [path, text] of [['include/linux/gizmo.h', HEADER], ['mm/leaf.c', LEAF], ['mm/walk.c', WALK], ['mm/caller.c', CALLER]] as const) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'init', '-q', '--initial-branch=main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return { dir, gitDir: join(dir, '.git'), head: git(dir, 'rev-parse', 'HEAD'), cache: join(root, 'index.db') };
}

describe('tree functions', () => {
  test('a function analysed alone has the facts of the analysis behind blank lines', async () => {
    const r = repo();
    const tf = new TreeFunctions(await buildTreeIndex(r.gitDir, r.head, { cachePath: r.cache }), r.gitDir);
    try {
      const view = tf.view([], () => null);
      for (const [path, name, text] of [['mm/leaf.c', 'gizmo_leaf', LEAF], ['mm/caller.c', 'gizmo_user', CALLER], ['include/linux/gizmo.h', 'gizmo_step', HEADER]] as const) {
        const got = view.definition(name, 1, path);
        assert.ok(got, `${name} resolved`);
        const start = text.split('\n').findIndex((l) => l.includes(`${name}(`)) + 1;
        const lines = text.split('\n');
        const padded = '\n'.repeat(start - 1) + lines.slice(start - 1, got.endLine).join('\n') + '\n';
        const c = analyzeC(padded).functions.find((f) => f.name === name)!;
        assert.equal(got.startLine, c.startLine);
        assert.ok(got.startLine > 1);
        assert.deepEqual(got.calls, c.calls);
        assert.deepEqual([got.params, got.isStatic, got.text, got.guardedBy], [c.params, c.isStatic, c.text, c.guardedBy]);
        assert.equal(got.code, maskCode(padded).masked);
      }
      const leaf = view.definition('gizmo_leaf', 1, 'mm/leaf.c')!;
      assert.deepEqual(leaf.calls.map((k) => [k.name, k.line, k.guardedBy]), [['gizmo_debug', 8, ['CONFIG_GIZMO_DEBUG']], ['gizmo_count', 10, []]]);
    } finally {
      tf.close();
    }
  });

  test('prefetch reads the callers and callees of the touched functions; the answers are the same', async () => {
    const r = repo();
    const plain = new TreeFunctions(await buildTreeIndex(r.gitDir, r.head, { cachePath: r.cache }), r.gitDir);
    const early = new TreeFunctions(await buildTreeIndex(r.gitDir, r.head, { cachePath: r.cache }), r.gitDir);
    try {
      const ask = (tf: TreeFunctions) => {
        const view = tf.view(['mm/walk.c'], () => null);
        return [view.callers('gizmo_walk', 1), view.definition('gizmo_step', 1, 'mm/walk.c'), view.definition('gizmo_leaf', 1, 'include/linux/gizmo.h')];
      };
      const expected = ask(plain);
      assert.ok(expected.every((a) => (Array.isArray(a) ? a.length === 1 : a !== null)));
      // The hunk touches gizmo_walk (lines 3-10 of mm/walk.c): its caller's file and its callees' two levels down.
      await early.prefetch([{ path: 'mm/walk.c', from: 6, to: 8 }], ['mm/walk.c']);
      // Answers now come without git: the repository is gone.
      renameSync(r.dir, `${r.dir}.moved`);
      assert.deepEqual(ask(early), expected);
      const late = new TreeFunctions(await buildTreeIndex(`${r.dir}.moved/.git`, r.head, { cachePath: r.cache }), r.gitDir);
      try {
        assert.equal(late.view([], () => null).definition('gizmo_leaf', 1), null, 'without prefetch the blob is read from the missing repository');
      } finally {
        late.close();
      }
    } finally {
      plain.close();
      early.close();
    }
  });
});

describe('prepareTree onBase', () => {
  const patch = `diff --git a/mm/walk.c b/mm/walk.c
--- a/mm/walk.c
+++ b/mm/walk.c
@@ -5,3 +5,4 @@ int gizmo_walk(struct gizmo *g, unsigned long start, unsigned long end)
 	int n = 0;
 
+	/* walk every entry */
 	for (; start < end; start++)
`;

  test('runs with the base and the touched paths while the series applies', async () => {
    const r = repo();
    let seen: { commit: string; paths: string[] } | null = null;
    const t = await prepareTree(r.dir, [{ index: 1, diff: patch }], {
      baseCommit: r.head,
      onBase: async ({ commit, paths }) => {
        await new Promise((res) => setTimeout(res, 20));
        seen = { commit, paths };
      },
    });
    try {
      assert.deepEqual(seen, { commit: r.head, paths: ['mm/walk.c'] });
      assert.deepEqual(t.applied, [1]);
      assert.match(t.access.postImage('mm/walk.c', 1) ?? '', /walk every entry/);
    } finally {
      await t.cleanup();
    }
  });

  test('patches on different files (applied with one git apply) see each other only from their own index on', async () => {
    const r = repo();
    const edit = (path: string, text: string, from: string, to: string): string => {
      const a = text.split('\n');
      const i = a.findIndex((l) => l === from);
      return [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, `@@ -${i},3 +${i},3 @@`, ` ${a[i - 1]}`, `-${from}`, `+${to}`, ` ${a[i + 1]}`, ''].join('\n');
    };
    const p1 = edit('mm/walk.c', WALK, '\tint n = 0;', '\tint n = 1;');
    const p2 = edit('mm/leaf.c', LEAF, '\treturn gizmo_count(g,', '\treturn gizmo_total(g,');
    // Made against a caller that reads differently from the base's: its removed line is not there.
    const bad = edit('mm/caller.c', CALLER.replace('(g, 0, 8)', '(g, 0, 9)'), '\treturn gizmo_walk(g, 0, 9);', '\treturn 0;');
    const t = await prepareTree(r.dir, [{ index: 1, diff: p1 }, { index: 2, diff: p2 }], { baseCommit: r.head });
    try {
      assert.deepEqual([t.applied, t.failed], [[1, 2], []]);
      assert.equal(t.access.postImage('mm/walk.c', 0), WALK);
      assert.equal(t.access.postImage('mm/walk.c', 1), WALK.replace('int n = 0;', 'int n = 1;'));
      assert.equal(t.access.postImage('mm/leaf.c', 1), LEAF, 'patch 2 is not seen at patch 1');
      assert.equal(t.access.postImage('mm/leaf.c', 2), LEAF.replace('gizmo_count(g,', 'gizmo_total(g,'));
      assert.equal(t.access.postImage('mm/walk.c', 5), WALK.replace('int n = 0;', 'int n = 1;'));
    } finally {
      await t.cleanup();
    }
    // One of them does not apply: they are applied in turn, the others still apply.
    const u = await prepareTree(r.dir, [{ index: 1, diff: p1 }, { index: 2, diff: bad }, { index: 3, diff: p2 }], { baseCommit: r.head });
    try {
      assert.deepEqual([u.applied, u.failed.map((f) => f.index)], [[1, 3], [2]]);
      assert.equal(u.access.postImage('mm/caller.c', 2), null);
      assert.equal(u.access.postImage('mm/caller.c', 3), CALLER);
      assert.equal(u.access.postImage('mm/leaf.c', 3), LEAF.replace('gizmo_count(g,', 'gizmo_total(g,'));
    } finally {
      await u.cleanup();
    }
  });

  test('fails with it', async () => {
    const r = repo();
    await assert.rejects(prepareTree(r.dir, [{ index: 1, diff: patch }], { baseCommit: r.head, onBase: () => Promise.reject(new Error('index broke')) }), /index broke/);
  });
});

describe('pre-image model', () => {
  test('a file an earlier patch touched is not analysed again: the same facts as analysing its text', () => {
    const v1 = WALK.replace('int n = 0;', 'int n = 1;');
    const v2 = v1.replace('\treturn n;', '\tgizmo_done(g);\n\treturn n;');
    const images = [WALK, v1, v2];
    const tree: TreeAccess = { postImage: (path, patch) => (path === 'mm/walk.c' ? images[Math.min(patch, 2)] ?? null : null) };
    const input = (index: number, before: string, after: string) => ({ index, messageId: `m${index}@example.org`, subject: `p${index}`, content: synthPatchContent([{ path: 'mm/walk.c', before, after }]) });
    const post = buildChangeModel([input(1, WALK, v1), input(2, v1, v2)], { tree });
    const pre = buildPreImageModel(post, tree);
    const [first, second] = pre.patches.map((p) => p.files[0]!);
    assert.equal(second!.analysis, post.patches[0]!.files[0]!.analysis, 'patch 2 reads mm/walk.c as patch 1 left it');
    assert.deepEqual(second!.analysis, analyzeC(v1));
    assert.equal(second!.code, maskCode(v1).masked);
    assert.notEqual(first!.analysis, post.patches[0]!.files[0]!.analysis);
    assert.deepEqual(first!.analysis, analyzeC(WALK));
    assert.deepEqual(second!.functions.find((f) => f.name === 'gizmo_walk')?.status, 'modified');
  });
});
