import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseDiff, splitGitHeaderNames, readQuoted, isSafePath } from '../src/ingest/diff.ts';
import { patchId, patchIdOfLines } from '../src/ingest/patchid.ts';
import { splitPatch, splitPatchLines } from '../src/ingest/patch.ts';
import type { FilePatch } from '../src/domain/mail.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIX = resolve(ROOT, 'test', 'fixtures', 'diff');
const SHARED = resolve(ROOT, '..', 'shared');
const fixture = (name: string) => readFileSync(resolve(FIX, name), 'utf8');

function byPath(files: FilePatch[], path: string): FilePatch {
  const f = files.find((x) => (x.newPath ?? x.oldPath) === path);
  assert.ok(f, `file ${path} not parsed`);
  return f;
}

describe('parseDiff on a git format-patch body', () => {
  const { files, warnings } = parseDiff(fixture('fakemove.patch'));

  test('finds every file, in order, without warnings', () => {
    assert.deepEqual(warnings, []);
    assert.deepEqual(files.map((f) => f.newPath ?? f.oldPath), [
      'mm/fakemove.c', 'mm/fakenew.h', 'tools/fake/blob.bin', 'tools/fake/icon.png',
      'mm/fakebatch.c', 'mm/fakeunused.c', 'tools/fake/run.sh', 'tools/fake/sp ace.txt', 'tools/fake/café.txt',
    ]);
    assert.ok(files.every((f) => f.git));
  });

  test('hunks keep headers, sections and line numbers on both sides', () => {
    const f = byPath(files, 'mm/fakemove.c');
    assert.equal(f.status, 'modified');
    assert.equal(f.oldBlob, '1111111');
    assert.equal(f.newBlob, '2222222');
    assert.equal(f.hunks.length, 2);
    const [h1, h2] = f.hunks as [FilePatch['hunks'][0], FilePatch['hunks'][0]];
    assert.equal(h1.section, 'static int fake_prepare(struct fake_ctx *fake)');
    assert.deepEqual([h1.oldStart, h1.oldCount, h1.newStart, h1.newCount], [10, 7, 10, 8]);
    assert.equal(h1.lines.length, 9);
    const removed = h1.lines.find((l) => l.kind === '-')!;
    assert.deepEqual(removed, { kind: '-', text: '\tspin_lock(&fake->lock);', oldNo: 13, newNo: null });
    const added = h1.lines.filter((l) => l.kind === '+');
    assert.deepEqual(added.map((l) => [l.newNo, l.oldNo]), [[13, null], [14, null]]);
    const last = h1.lines.at(-1)!;
    assert.deepEqual([last.kind, last.oldNo, last.newNo, last.text], [' ', 16, 17, '\treturn ret;']);
    assert.equal(h1.lines[1]!.text, '', 'a context line of one space has empty text');
    assert.equal(h2.lines.find((l) => l.kind === '+')!.newNo, 44);
    assert.equal(h2.lines.at(-1)!.newNo, 48);
  });

  test('rename with similarity and content change', () => {
    const f = byPath(files, 'mm/fakenew.h');
    assert.equal(f.status, 'renamed');
    assert.equal(f.oldPath, 'mm/fakeold.h');
    assert.equal(f.similarity, 90);
    assert.equal(f.hunks[0]!.lines.filter((l) => l.kind === '-').length, 2);
  });

  test('binary files: "Binary files ... differ" and GIT binary patch payload skipped', () => {
    const bin = byPath(files, 'tools/fake/blob.bin');
    assert.equal(bin.binary, true);
    assert.equal(bin.hunks.length, 0);
    const png = byPath(files, 'tools/fake/icon.png');
    assert.equal(png.binary, true);
    assert.equal(png.status, 'added');
    assert.equal(png.newBlob, 'b'.repeat(40));
    // The file after the payload is still parsed.
    assert.equal(byPath(files, 'mm/fakebatch.c').hunks[0]!.lines.length, 3);
  });

  test('new file, deleted file, mode change', () => {
    const added = byPath(files, 'mm/fakebatch.c');
    assert.deepEqual([added.status, added.oldPath, added.newMode], ['added', null, '100644']);
    const lines = added.hunks[0]!.lines;
    assert.equal(lines.at(-1)!.noNewline, true);
    assert.equal(lines.filter((l) => l.noNewline).length, 1);
    const deleted = byPath(files, 'mm/fakeunused.c');
    assert.deepEqual([deleted.status, deleted.newPath, deleted.oldMode], ['deleted', null, '100644']);
    assert.deepEqual(deleted.hunks[0]!.lines.map((l) => l.oldNo), [1, 2]);
    const mode = byPath(files, 'tools/fake/run.sh');
    assert.deepEqual([mode.status, mode.oldMode, mode.newMode, mode.hunks.length], ['modified', '100644', '100755', 0]);
  });

  test('paths with spaces and C-quoted UTF-8 paths; counts default to 1', () => {
    const sp = byPath(files, 'tools/fake/sp ace.txt');
    assert.equal(sp.oldPath, 'tools/fake/sp ace.txt');
    assert.deepEqual([sp.hunks[0]!.oldCount, sp.hunks[0]!.newCount], [1, 1]);
    const cafe = byPath(files, 'tools/fake/café.txt');
    assert.equal(cafe.hunks[0]!.section, 'fake heading');
    assert.equal(cafe.hunks[0]!.lines.at(-1)!.noNewline, true);
  });

  test('the signature and base-commit after the diff are not diff lines', () => {
    const last = files.at(-1)!.hunks.at(-1)!;
    assert.equal(last.lines.length, 3);
    assert.ok(!files.some((f) => f.hunks.some((h) => h.lines.some((l) => l.text.includes('Ada Author')))));
  });
});

describe('parseDiff edge cases', () => {
  test('plain unified diff: -p1 paths, timestamps dropped, /dev/null means added, signature ignored', () => {
    const { files, warnings } = parseDiff(fixture('plain.patch'));
    assert.deepEqual(warnings, []);
    assert.equal(files.length, 2);
    assert.deepEqual([files[0]!.oldPath, files[0]!.newPath, files[0]!.git, files[0]!.status], ['mm/fakereclaim.c', 'mm/fakereclaim.c', false, 'modified']);
    assert.equal(files[0]!.hunks[0]!.lines.length, 4);
    assert.deepEqual([files[1]!.status, files[1]!.oldPath, files[1]!.newPath], ['added', null, 'mm/fakenote.txt']);
    assert.deepEqual(files[1]!.hunks[0]!.lines.map((l) => l.text), ['fake note']);
  });

  test('paths that leave the tree are dropped with a warning naming them', () => {
    const { files, warnings } = parseDiff(fixture('traversal.patch'));
    assert.deepEqual(files.map((f) => f.newPath), ['mm/fakeok.c', 'mm/fakelast.c']);
    assert.equal(warnings.length, 6);
    for (const name of ['etc/fakeconf', '/etc/fakeabs', 'fakeesc', 'fakeren.c', 'nul', 'fakeback']) {
      assert.ok(warnings.some((w) => w.includes('leaves the tree') && w.includes(name)), `no warning for ${name}`);
    }
    // The hunk after the dropped files is intact: the dropped files' lines were consumed.
    assert.deepEqual(files[1]!.hunks[0]!.lines.map((l) => l.kind + l.text), ['-int fake_last;', '+int fake_last = 1;']);
  });

  test('a hunk shorter than its header ends at the next file, with a warning', () => {
    const text = [
      'diff --git a/mm/fakea.c b/mm/fakea.c', '--- a/mm/fakea.c', '+++ b/mm/fakea.c',
      '@@ -1,5 +1,5 @@', ' x', '-y', '+z',
      'diff --git a/mm/fakeb.c b/mm/fakeb.c', '--- a/mm/fakeb.c', '+++ b/mm/fakeb.c',
      '@@ -1 +1 @@', '-p', '+q', '',
    ].join('\n');
    const { files, warnings } = parseDiff(text);
    assert.equal(files.length, 2);
    assert.equal(files[0]!.hunks[0]!.lines.length, 3);
    assert.match(warnings.join('\n'), /shorter than its header/);
  });

  test('a short last hunk does not swallow the "-- " signature', () => {
    const text = ['--- a/mm/fakea.c', '+++ b/mm/fakea.c', '@@ -1,3 +1,3 @@', ' x', '-y', '+z', '-- ', '2.43.0', ''].join('\n');
    const { files } = parseDiff(text);
    assert.deepEqual(files[0]!.hunks[0]!.lines.map((l) => l.kind + l.text), [' x', '-y', '+z']);
  });

  test('"-- " inside a hunk that still expects lines is a deleted "- " line', () => {
    const text = ['--- a/doc/fake.rst', '+++ b/doc/fake.rst', '@@ -1,2 +1,1 @@', '-- ', ' tail', ''].join('\n');
    const { files } = parseDiff(text);
    assert.deepEqual(files[0]!.hunks[0]!.lines.map((l) => l.kind + l.text), ['-- ', ' tail']);
  });

  test('blank lines (mail-mangled context) count as context', () => {
    const text = ['--- a/mm/fakea.c', '+++ b/mm/fakea.c', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+c', ''].join('\n');
    const h = parseDiff(text).files[0]!.hunks[0]!;
    assert.deepEqual(h.lines.map((l) => [l.kind, l.text, l.oldNo, l.newNo]), [
      [' ', 'a', 1, 1], [' ', '', 2, 2], ['-', 'b', 3, null], ['+', 'c', null, 3],
    ]);
  });

  test('absurd hunk numbers are dropped with a warning, without walking them', { timeout: 30_000 }, () => {
    const text = ['--- a/mm/fakea.c', '+++ b/mm/fakea.c', '@@ -1,4000000000 +1,4000000000 @@', ' a', '+b', ''].join('\n');
    const { files, warnings } = parseDiff(text);
    assert.equal(files[0]!.hunks.length, 0);
    assert.match(warnings.join('\n'), /absurd/);
  });

  test('more than 20,000 files: a warning, not a hang', { timeout: 60_000 }, () => {
    const one = (i: number) => `diff --git a/f${i} b/f${i}\nold mode 100644\nnew mode 100755\n`;
    const text = Array.from({ length: 20_050 }, (_, i) => one(i)).join('');
    const { files, warnings } = parseDiff(text);
    assert.equal(files.length, 20_000);
    assert.match(warnings.join('\n'), /more than 20000 files/);
  });

  test('header name splitting and C-quoting', () => {
    assert.deepEqual(splitGitHeaderNames('a/mm/x y.c b/mm/x y.c'), ['a/mm/x y.c', 'b/mm/x y.c']);
    assert.deepEqual(splitGitHeaderNames('a/old name b/new name'), ['a/old name', 'b/new name']);
    assert.deepEqual(splitGitHeaderNames('"a/t\\tab" "b/t\\tab"'), ['a/t\tab', 'b/t\tab']);
    assert.deepEqual(splitGitHeaderNames('a/plain "b/q\\"uote"'), ['a/plain', 'b/q"uote']);
    assert.equal(readQuoted('"unterminated', 0), null);
    assert.equal(readQuoted('"\\303\\251"', 0)!.value, 'é');
  });

  test('isSafePath', () => {
    assert.ok(isSafePath('mm/fake..c'));
    assert.ok(isSafePath('mm/.fake'));
    for (const bad of ['/abs', '..', 'mm/../x', 'mm\\..\\x', 'C:\\x', 'a\0b', '']) assert.ok(!isSafePath(bad), bad);
  });
});

describe('patchId', () => {
  test('matches git patch-id --stable on our fixtures (whole mail or diff only)', (t) => {
    const git = spawnSync('git', ['--version']);
    if (git.status !== 0) return t.skip('git not installed');
    for (const name of ['fakemove.patch', 'plain.patch', 'traversal.patch']) {
      const text = fixture(name);
      const r = spawnSync('git', ['patch-id', '--stable'], { input: text, encoding: 'utf8' });
      const expected = r.stdout.split(' ')[0] ?? '';
      const diffOnly = text.slice(text.indexOf('diff --git'));
      if (name === 'plain.patch') {
        assert.equal(expected, '', 'git has no patch-id for a plain diff');
        assert.match(patchId(text), /^[0-9a-f]{40}$/);
        continue;
      }
      assert.match(expected, /^[0-9a-f]{40}$/);
      assert.equal(patchId(text), expected, name);
      assert.equal(patchId(diffOnly), expected, name);
    }
  });

  test('is stable under file reordering and whitespace changes, and sensitive to content', () => {
    const fa = 'diff --git a/mm/a.c b/mm/a.c\n--- a/mm/a.c\n+++ b/mm/a.c\n@@ -1 +1 @@\n-x\n+y\n';
    const fb = 'diff --git a/mm/b.c b/mm/b.c\n--- a/mm/b.c\n+++ b/mm/b.c\n@@ -7 +7 @@ f()\n-p\n+q\n';
    assert.equal(patchId(fa + fb), patchId(fb + fa));
    assert.equal(patchId(fa), patchId(fa.replace('+y', '+  y   ').replace('@@ -1 +1 @@', '@@ -40 +41 @@ moved')));
    assert.notEqual(patchId(fa), patchId(fa.replace('+y', '+z')));
    assert.equal(patchId('no diff here\n'), '');
  });

  test('from the split lines of a mail (as ingest computes it) it equals patchId of the joined diff', () => {
    const fa = 'diff --git a/mm/a.c b/mm/a.c\n--- a/mm/a.c\n+++ b/mm/a.c\n@@ -1 +1 @@\n-x\n+y\n';
    const plain = '--- a/mm/p.c\n+++ b/mm/p.c\n@@ -1 +1 @@\n-p\n+q\n';
    for (const [name, text] of [
      ['fakemove.patch', fixture('fakemove.patch')],
      ['plain.patch', fixture('plain.patch')],
      ['two files', `mm: two\n\nBody.\n---\n${fa}${fa.replaceAll('a.c', 'b.c')}-- \n2.43.0\n`],
      ['plain diff, a "\\rdiff " inside a line', `mm: cr\n---\n${plain.replace('+q', '+q\rdiff x')}`],
    ] as const) {
      const split = splitPatchLines(text, { diffText: false })!;
      assert.equal(split.content.diff, '', `${name}: the joined diff is left out`);
      const full = splitPatch(text)!;
      assert.deepEqual({ ...split.content, diff: full.diff }, full, `${name}: the rest is splitPatch's`);
      assert.equal(patchIdOfLines(split.lines, split.diffStart, split.diffEnd), patchId(full.diff), name);
    }
    // patchId reads "diff " after a carriage return as a git diff's file line (as /^diff /m does), so this
    // plain diff has no file that starts with "diff ", hence no id; without the "\r" it has one.
    const cr = splitPatchLines(`mm: cr\n---\n${plain.replace('+q', '+q\rdiff x')}`)!;
    assert.equal(patchIdOfLines(cr.lines, cr.diffStart, cr.diffEnd), '');
    const lf = splitPatchLines(`mm: cr\n---\n${plain}`)!;
    assert.match(patchIdOfLines(lf.lines, lf.diffStart, lf.diffEnd), /^[0-9a-f]{40}$/);
  });

  test('public-inbox 0001.patch gives 91ee6b76… (peer data)', (t) => {
    const p = resolve(SHARED, 'peer-data', 'public-inbox', '0001.patch');
    if (!existsSync(p)) return t.skip('../shared not found');
    assert.equal(patchId(readFileSync(p, 'utf8')), '91ee6b761fc7f47cad9f2b09b10489f313eb5b71');
  });
});
