import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { splitPatch, hasDiff, extractChangelog, extractBaseInfo, patchNotes } from '../src/ingest/patch.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import type { Message } from '../src/domain/mail.ts';
import { collectReplyTrailers } from '../src/ingest/trailers.ts';
import { anchorQuotes } from '../src/ingest/quote.ts';
import { splitReply } from '../src/ingest/reply-blocks.ts';
import { patchId } from '../src/ingest/patchid.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIX = resolve(ROOT, 'test', 'fixtures', 'diff');
const PEER = resolve(ROOT, '..', 'shared', 'peer-data');
const fixture = (name: string) => readFileSync(resolve(FIX, name), 'utf8');

function peerMessages(rel: string): Message[] | null {
  const p = resolve(PEER, rel);
  if (!existsSync(p)) return null;
  return splitMailbox(readFileSync(p), rel).messages.map((m) => parseMessage(m));
}

describe('patchNotes (the notes without parsing the diff)', () => {
  const diff = 'diff --git a/mm/fake_pool.c b/mm/fake_pool.c\n--- a/mm/fake_pool.c\n+++ b/mm/fake_pool.c\n@@ -1,2 +1,2 @@\n ctx\n-old\n+new\n';
  const plain = '--- a/mm/fake_pool.c\n+++ b/mm/fake_pool.c\n@@ -1 +1 @@\n-old\n+new\n';
  const cases: [string, string][] = [
    ['notes below ---', `mm/fake_pool: drop the spare lock\n\nSigned-off-by: Cleo Author <cleo@example.org>\n---\nv2: keep the lock for readers (Ada)\n\n mm/fake_pool.c | 2 +-\n\n${diff}`],
    ['no --- line', `Just a diff.\n\n${diff}`],
    ['a plain unified diff', `Old style.\n---\nnote\n${plain}`],
    ['scissors and in-body headers', `cover chatter\n-- >8 --\nFrom: Bram Maintainer <bram@example.org>\n\nbody\n---\nv3: rebased\n${diff}`],
    ['a diff-looking line inside a longer line', `see "x\rdiff --git a/b b/b" above\n---\nv4: nothing\n${diff}`],
  ];
  for (const [name, text] of cases) {
    test(`equals splitPatch's notes: ${name}`, () => {
      assert.equal(patchNotes(text), splitPatch(text)!.notes);
    });
  }
  test('reads the changelog and is null without a diff', () => {
    assert.equal(patchNotes(cases[0]![1]), 'v2: keep the lock for readers (Ada)\n\n mm/fake_pool.c | 2 +-');
    assert.equal(patchNotes('Re: a reply\n\nno diff here\n'), null);
  });
});

describe('splitPatch', () => {
  const p = splitPatch(fixture('fakemove.patch'))!;

  test('commit message ends before ---, notes hold changelog and diffstat', () => {
    assert.ok(p.commitMessage.startsWith('Move fake pages in batches'));
    assert.ok(p.commitMessage.endsWith('Signed-off-by: Ada Author <ada@example.org>'));
    assert.ok(p.notes.startsWith('v2 -> v3:'));
    assert.ok(p.notes.includes('6 files changed'));
    assert.ok(!p.notes.includes('diff --git'));
  });

  test('diff runs from the first diff --git to the last hunk line, not the signature', () => {
    assert.ok(p.diff.startsWith('diff --git a/mm/fakemove.c b/mm/fakemove.c\n'));
    assert.ok(p.diff.endsWith('+fake new\n\\ No newline at end of file\n'));
    assert.ok(!p.diff.includes('base-commit'));
    assert.equal(p.files.length, 9);
    assert.deepEqual(p.warnings, []);
  });

  test('trailers come from the trailing trailer paragraphs of the commit message', () => {
    assert.deepEqual(p.trailers.map((t) => t.key), [
      'Reported-by', 'Closes', 'Fixes', 'Cc', 'Link', 'Reviewed-by', 'Co-developed-by', 'Signed-off-by', 'Signed-off-by',
    ]);
    const link = p.trailers.find((t) => t.key === 'Link')!;
    assert.equal(link.value, 'https://lore.example.org/r/fake-v2@example.org # v2');
    assert.equal(link.email, null);
    const rb = p.trailers.find((t) => t.key === 'Reviewed-by')!;
    assert.deepEqual([rb.name, rb.email], ['Cy Reviewer', 'cy@example.com']);
  });

  test('base-commit and change-id after the diff', () => {
    assert.equal(p.baseCommit, '0123456789abcdef0123456789abcdef01234567');
    assert.equal(p.changeId, '20240101-fakemove-0123abcd');
  });

  test('trailer-looking lines in the notes are not trailers', () => {
    const text = [
      'Fix the fake counter.', '', 'Signed-off-by: Ada Author <ada@example.org>', '---',
      'v2: collected tags', 'Acked-by: Not A Trailer <nat@example.com>', '',
      'diff --git a/mm/fakec.c b/mm/fakec.c', '--- a/mm/fakec.c', '+++ b/mm/fakec.c', '@@ -1 +1 @@', '-a', '+b', '',
    ].join('\n');
    const s = splitPatch(text)!;
    assert.deepEqual(s.trailers.map((t) => t.key), ['Signed-off-by']);
    assert.ok(s.notes.includes('Acked-by'));
  });

  test('without ---, the commit message ends at the diff; prose paragraph is not a trailer block', () => {
    const text = ['Subject line body.', '', 'Fixes the fake thing; see the Link: below', '', 'diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', ''].join('\n');
    const s = splitPatch(text)!;
    assert.equal(s.commitMessage, 'Subject line body.\n\nFixes the fake thing; see the Link: below');
    assert.deepEqual(s.trailers, []);
    assert.equal(s.notes, '');
  });

  test('in-body From:/Subject: headers and scissors are dropped from the commit message', () => {
    const text = [
      'Thanks, here is the fixup:', '', '-- >8 --', 'From: Cy Reviewer <cy@example.com>', 'Subject: mm/fake: fix', '',
      'Real message.', '', 'Signed-off-by: Cy Reviewer <cy@example.com>', '---',
      '--- a/mm/x.c', '+++ b/mm/x.c', '@@ -1 +1 @@', '-a', '+b', '',
    ].join('\n');
    const s = splitPatch(text)!;
    assert.equal(s.commitMessage, 'Real message.\n\nSigned-off-by: Cy Reviewer <cy@example.com>');
    assert.equal(s.files[0]!.git, false);
  });

  test('a GIT binary patch as the last file: the diff stops after its payload', () => {
    const text = [
      'Add a fake icon.', '', 'Signed-off-by: Ada Author <ada@example.org>', '---',
      'diff --git a/tools/fake/i.png b/tools/fake/i.png', 'new file mode 100644',
      'index 0000000..1234567', 'GIT binary patch', 'literal 5', 'McmZ?wbhEHb0003', '', 'literal 0', 'HcmV?d00001', '',
      '---', 'base-commit: 0123456789abcdef0123456789abcdef01234567', '', '-- ', '2.43.0', '',
    ].join('\n');
    const s = splitPatch(text)!;
    assert.ok(s.diff.endsWith('literal 0\nHcmV?d00001\n'));
    assert.equal(s.files[0]!.binary, true);
    assert.equal(s.baseCommit, '0123456789abcdef0123456789abcdef01234567');
  });

  test('no diff: null', () => {
    assert.equal(splitPatch('Just a reply.\n\n> diff --git a/x b/x\n> +foo\n'), null);
  });
});

describe('hasDiff', () => {
  test('git and plain diffs yes; quoted diffs, prose and lone --- no', () => {
    assert.ok(hasDiff(fixture('fakemove.patch')));
    assert.ok(hasDiff(fixture('plain.patch')));
    assert.ok(hasDiff('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'));
    assert.ok(!hasDiff('> diff --git a/x b/x\n> --- a/x\n> +++ b/x\n> @@ -1 +1 @@\n'));
    assert.ok(!hasDiff('text\n---\n+++ not a diff\n'));
    assert.ok(!hasDiff('Mention diff --git in prose\n'));
  });

  test('large texts without a diff stay diff-free (speed: npm run bench)', { timeout: 30_000 }, () => {
    const big = 'Some long reply text that talks about --- and +++ markers.\n'.repeat(20_000);
    assert.equal(hasDiff(big), false);
  });
});

describe('extractChangelog', () => {
  const cover = [
    'This series makes fake pages move in batches.',
    '',
    'Changes in v4:',
    '- Rebased on mm-unstable (Ada)',
    '- Dropped patch 3, folded into patch 2',
    '  as suggested by Cy',
    '- Link to v3: https://lore.example.org/r/v3@example.org',
    '',
    'Changes since v2:',
    '* use a fake lock per batch',
    'v2->v3:',
    '  1. fix typo in fake_move_pages()',
    '  2. added Reviewed-by tags',
    'v1: https://lore.example.org/r/v1@example.org',
    'v2: - split the helper (Bo)',
    '    and the header',
    '',
    'Changelog:',
    '',
    'v1 -> v2:',
    ' - drop the fake knob',
    '',
    'RFC -> v1:',
    '- reword the changelog',
    '',
    'Thanks,',
    'Ada',
    '',
    'Ada Author (2):',
    '  mm/fakemove: batch moves',
    '',
    ' mm/fakemove.c | 4 +++-',
    ' 1 file changed, 3 insertions(+), 1 deletion(-)',
  ].join('\n');

  test('many header and bullet styles, versions, wraps joined, links skipped', () => {
    assert.deepEqual(extractChangelog(cover).map(({ version, lines }) => ({ version, lines })), [
      { version: 4, lines: ['Rebased on mm-unstable (Ada)', 'Dropped patch 3, folded into patch 2 as suggested by Cy', 'Link to v3: https://lore.example.org/r/v3@example.org'] },
      { version: 3, lines: ['use a fake lock per batch'] },
      { version: 3, lines: ['fix typo in fake_move_pages()', 'added Reviewed-by tags'] },
      { version: 2, lines: ['split the helper (Bo) and the header'] },
      { version: 2, lines: ['drop the fake knob'] },
      { version: 1, lines: ['reword the changelog'] },
    ]);
  });

  test('unbulleted paragraph, underlined header, and a patch\'s notes', () => {
    const text = 'Changes since v1:\nRebased onto mm-new and fixed the locking\nin fake_move_pages().\n\nThanks\n\nChanges in v5\n=============\n- foo the bar\n';
    assert.deepEqual(extractChangelog(text).map(({ version, lines }) => ({ version, lines })), [
      { version: 2, lines: ['Rebased onto mm-new and fixed the locking in fake_move_pages().'] },
      { version: 5, lines: ['foo the bar'] },
    ]);
    const notes = splitPatch(fixture('fakemove.patch'))!.notes;
    assert.deepEqual(extractChangelog(notes).map((b) => [b.version, b.lines.length]), [[3, 2], [2, 1]]);
    assert.deepEqual(extractChangelog(notes)[1]!.lines, ['fix the batch size off-by-one (Bo)']);
  });

  test('no changelog: nothing; prose mentioning versions is not a header', () => {
    assert.deepEqual(extractChangelog('Changes since v1 are small and listed below in prose.\nNothing else.'), []);
    assert.deepEqual(extractChangelog('Hello,\n\nthis is v2 of the series.\n'), []);
  });
});

test('extractBaseInfo reads a cover letter', () => {
  const info = extractBaseInfo('Cover.\n\n---\nbase-commit: ABCDEF0123456\nchange-id: 20240102-fake-cover-9f8e\n\nBest regards,\n');
  assert.deepEqual(info, { baseCommit: 'abcdef0123456', changeId: '20240102-fake-cover-9f8e' });
});

describe('hostile input stays linear', () => {
  const long = 200_000;
  const cases: Record<string, string> = {
    spaces: ' '.repeat(long) + 'x',
    dots: 'Signed-off-by: ' + 'a.'.repeat(long / 2) + ' ' + '<a'.repeat(long / 4),
    plainName: `--- a/${' '.repeat(long)}x\n+++ b/${'\t '.repeat(long / 2)}\n@@ -1 +1 @@\n-a\n+b\n`,
    trailers: `Body\n\n${('Reviewed-by: ' + 'x@y.'.repeat(400) + '\n').repeat(500)}\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n`,
    quotes: ('> '.repeat(2000) + 'x\n').repeat(50) + ('-- >8 --' + ' '.repeat(long)),
  };
  for (const [name, text] of Object.entries(cases)) {
    // A regex that goes quadratic on these inputs hangs; the test timeout catches it.
    test(name, { timeout: 30_000 }, () => {
      hasDiff(text);
      splitPatch(text);
      extractChangelog(text);
      collectReplyTrailers(text);
      anchorQuotes(splitReply(text), { id: 'x', content: splitPatch(fixture('fakemove.patch'))! });
      assert.equal(typeof patchId(text), 'string');
    });
  }
});

describe('peer data (patchwork mail, b4 non-git patch)', () => {
  test('0009: two renames, one with the -a/+b change', (t) => {
    const msgs = peerMessages('patchwork/mail/0009-git-rename-with-diff.mbox');
    if (!msgs) return t.skip('../shared not found');
    const p = splitPatch(msgs[0]!.text)!;
    assert.ok(p.commitMessage.length > 0);
    assert.equal(p.diff.split('\nrename from ').length - 1, 2);
    assert.equal(p.diff.split('\nrename to ').length - 1, 2);
    assert.equal(p.diff.split('\n-a\n+b').length - 1, 1);
    assert.deepEqual(p.files.map((f) => [f.status, f.similarity]), [['renamed', 100], ['renamed', 100]]);
    assert.ok(!p.diff.includes('1.8.1.2'));
  });

  test('0011: diff starts at the selftests Makefile, two no-newline markers', (t) => {
    const msgs = peerMessages('patchwork/mail/0011-no-newline-at-end-of-file.mbox');
    if (!msgs) return t.skip('../shared not found');
    const p = splitPatch(msgs[0]!.text)!;
    assert.ok(p.diff.startsWith('diff --git a/tools/testing/selftests/powerpc/Makefile'));
    assert.ok(!p.commitMessage.trimEnd().endsWith('\\ No newline at end of file'));
    assert.ok(p.diff.trimEnd().endsWith('\\ No newline at end of file'));
    assert.equal(p.diff.split('\\ No newline at end of file').length - 1, 2);
    const flagged = p.files.flatMap((f) => f.hunks.flatMap((h) => h.lines)).filter((l) => l.noNewline);
    assert.equal(flagged.length, 2);
    assert.equal(p.files[1]!.status, 'added');
  });

  test('0019: multipart/alternative: the text part has the diff, no HTML anywhere', (t) => {
    const msgs = peerMessages('patchwork/mail/0019-multipart-patch.mbox');
    if (!msgs) return t.skip('../shared not found');
    assert.ok(hasDiff(msgs[0]!.text));
    const p = splitPatch(msgs[0]!.text)!;
    assert.ok(!p.diff.includes('<div') && !p.commitMessage.includes('<div'));
    assert.equal(p.files[0]!.newPath, 'patchwork/parser.py');
    const h = p.files[0]!.hunks[0]!;
    assert.equal(h.lines.filter((l) => l.kind === '+').length, 3);
    assert.deepEqual(p.warnings, []);
  });

  test('b4 non-git patch: a plain unified diff is a patch', (t) => {
    const msgs = peerMessages('b4/trailers-followup-non-git-patch.mbox');
    if (!msgs) return t.skip('../shared not found');
    assert.ok(hasDiff(msgs[0]!.text));
    assert.ok(!hasDiff(msgs[1]!.text));
    const p = splitPatch(msgs[0]!.text)!;
    assert.deepEqual(p.files.map((f) => [f.newPath, f.git]), [['b4/junk.py', false]]);
    assert.equal(p.trailers.length, 4);
  });
});
