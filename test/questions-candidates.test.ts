import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PatchContent } from '../src/domain/mail.ts';
import { replyCandidates } from '../src/questions/candidates.ts';
import { extractQuestions } from '../src/questions/extract.ts';
import { VersionCode, type CodePatch } from '../src/questions/anchor.ts';
import type { ExtractContext } from '../src/questions/types.ts';
import { ADA, AUTHOR, SELFTEST, WIDGET_V1, content, diffLine, newFileDiff, patchBody, quote } from './fixtures/questions/build.ts';

const BODY = patchBody('Add widget_move(), which moves one page between two VMAs.', newFileDiff('mm/widget.c', WIDGET_V1));
const ctx: ExtractContext = {
  seriesAuthorEmail: AUTHOR.email,
  authors: [AUTHOR],
  target: { id: 'widget-v1-1@example.org', kind: 'patch', index: 1, content: content(BODY), messageText: BODY },
};

const REPLY = [
  'On Mon, 2 Mar 2026 09:00:00 +0000, Wren Author wrote:',
  quote(diffLine(BODY, 'folio_lock(folio);')),
  '',
  quote(diffLine(BODY, 'widget_clear_pte(')),
  '',
  'Is the PTE cleared before the cache is flushed?',
  '',
  'Either way the ordering wants a comment.',
  '',
  quote(diffLine(BODY, 'widget_install(')),
  '',
  'Please also document the lock order.',
  '',
  quote(diffLine(BODY, 'widget_count_event(')),
  '',
  'Looks fine to me.',
].join('\n');

describe('reply candidates (the target-independent part of extraction)', () => {
  test('each block of own text under a quote is one comment, with the quote blocks above it, nearest first', () => {
    const c = replyCandidates(REPLY)!;
    assert.deepEqual(c.questions.map((q) => q.kind), ['question', 'request']);
    const [first, second] = c.questions;
    assert.equal(first!.text, 'Is the PTE cleared before the cache is flushed?\nEither way the ordering wants a comment.', 'the whole comment, both paragraphs');
    assert.equal(first!.above.length, 2, 'both quote blocks back to the previous own text');
    assert.match(c.quotes[first!.above[0]!]!.join('\n'), /widget_clear_pte/, 'nearest first');
    assert.match(c.quotes[first!.above[1]!]!.join('\n'), /folio_lock/);
    assert.match(c.quotes[second!.above[0]!]!.join('\n'), /widget_install/);
    assert.deepEqual([first!.seq, second!.seq], [0, 1]);
    assert.equal(c.quotes.length, 3, 'the quote under the last comment is not kept: nothing there asks');
  });

  test('nothing asks: null, and no question is extracted', () => {
    assert.equal(replyCandidates('Looks good.\n\nReviewed-by: Ada Reviewer <ada@example.org>\n'), null);
    assert.equal(replyCandidates(''), null);
    assert.deepEqual(extractQuestions({ id: 'r@example.org', from: ADA, text: 'Thanks!' }, ctx), []);
  });

  test('given candidates are anchored exactly as computing them from the text', () => {
    const reply = { id: 'r1@example.org', from: ADA, text: REPLY };
    const computed = extractQuestions(reply, ctx);
    const given = extractQuestions({ ...reply, text: '(not read)' }, ctx, replyCandidates(REPLY));
    assert.deepEqual(given, computed);
    assert.equal(computed[0]!.anchor.file, 'mm/widget.c');
    assert.equal(computed[0]!.anchor.function, 'widget_move_one');
    assert.equal(computed[1]!.seq, 1);
  });

  test('the series author and bots ask nothing, whatever their candidates', () => {
    const candidates = replyCandidates(REPLY);
    assert.deepEqual(extractQuestions({ id: 'a@example.org', from: AUTHOR, text: REPLY }, ctx, candidates), []);
    assert.deepEqual(extractQuestions({ id: 'b@example.org', from: { name: 'kernel test robot', email: 'lkp@intel.com' }, text: REPLY }, ctx, candidates), []);
  });
});

/** A patch whose content getter counts how often it is parsed. */
function counted(index: number, body: string, paths?: string[]): CodePatch & { reads: number } {
  let parsed: PatchContent | undefined;
  const p = {
    index, paths, reads: 0,
    get content(): PatchContent {
      p.reads++;
      parsed ??= content(body);
      return parsed;
    },
  };
  return p;
}

describe('VersionCode with paths known from the store', () => {
  const P1 = patchBody('Add widget.c.', newFileDiff('mm/widget.c', WIDGET_V1));
  const P2 = patchBody('Add the selftest.', newFileDiff('tools/testing/selftests/widget/widget_test.c', SELFTEST));

  test('a patch is parsed only when a file it touches is looked up', () => {
    const lazy = [counted(1, P1, ['mm/widget.c']), counted(2, P2, ['tools/testing/selftests/widget/widget_test.c'])];
    const code = new VersionCode(lazy);
    assert.ok(code.hasFile('mm/widget.c'));
    assert.equal(lazy[0]!.reads + lazy[1]!.reads, 0, 'knowing the files needs no parsing');
    assert.ok(code.lines('mm/widget.c', 'widget_move_one').some((l) => l.norm === 'folio_lock(folio);'));
    assert.ok(lazy[0]!.reads > 0);
    assert.equal(lazy[1]!.reads, 0, 'the selftest patch was never needed');
  });

  test('same lines, patch lines, all lines and added files as parsing every patch up front', () => {
    const eager = new VersionCode([counted(1, P1), counted(2, P2)]);
    const lazy = new VersionCode([counted(1, P1, ['mm/widget.c']), counted(2, P2, ['tools/testing/selftests/widget/widget_test.c'])]);
    assert.deepEqual(lazy.lines('mm/widget.c', null), eager.lines('mm/widget.c', null));
    assert.deepEqual(lazy.patchLines(2), eager.patchLines(2));
    assert.deepEqual(lazy.patchLines(2).map((l) => l.patchIndex), [2, 2, 2, 2, 2]);
    assert.deepEqual(lazy.allLines(), eager.allLines());
    assert.deepEqual(lazy.addedFiles, eager.addedFiles);
    assert.deepEqual(eager.addedFiles.map((f) => f.path), ['mm/widget.c', 'tools/testing/selftests/widget/widget_test.c']);
    assert.ok(lazy.hasFunction('mm/widget.c', 'widget_move'));
    assert.ok(!lazy.hasFile('mm/other.c'));
  });
});
