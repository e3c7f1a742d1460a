// One block of a reviewer's own text can carry several points when it marks them: bullets after
// "can you please", "Also," on a line of its own. And what a point must keep:
// bullets are prose, not C comment lines; indented tags it asks for stay in its text; a sentence
// written wholly in brackets is read, not dropped as an aside. Synthetic text only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isConcern, isRequest } from '../src/questions/classify.ts';
import { replyCandidates } from '../src/questions/candidates.ts';
import { isCodeLine, readComment } from '../src/questions/text.ts';

const QUOTE = ['On Mon, 2 Mar 2026 09:00:00 +0000, Wren Author wrote:', '> +\twidget_count_event(dst_vma);', ''];

function points(lines: readonly string[]): string[] {
  return (replyCandidates([...QUOTE, ...lines].join('\n'))?.questions ?? []).map((q) => q.text);
}

describe('bullets', () => {
  test('"* Rename it" at the start of a line is prose; " * text" in a comment block is code', () => {
    assert.equal(isCodeLine('* Rename the counter to nr_fails?'), false);
    assert.equal(isCodeLine(' * Callers must hold the table lock.'), true);
    assert.equal(isCodeLine('* @addr: the address'), true);
  });

  test('bullets after "can you please" are separate requests', () => {
    const got = points(['The approach is fine, but can you please', '', '* Cc the author of the original warning.', '', '* Rename the counter to nr_fails?']);
    assert.equal(got.length, 2);
    assert.match(got[0]!, /Cc the author/);
    assert.match(got[1]!, /Rename the counter/);
  });

  test('lettered options after "we should" stay one point', () => {
    assert.equal(points(['We should either', 'a) take the table lock here, or', 'b) drop the counter altogether.']).length, 1);
  });
});

describe('"Also," on a line of its own', () => {
  test('opens a second point', () => {
    const got = points(['Please add', '', '  Reported-by: Some Bot <bot@example.org>', '', 'to both patches.', '', 'Also,', '',
      '  -int widget_get(const struct widget *w)', '  +int widget_get(struct widget *w)', '', 'is not needed.']);
    assert.equal(got.length, 2);
  });

  test('an indented tag the comment asks for stays in its text', () => {
    const body = readComment(['Please add', '', '  Reported-by: Some Bot <bot@example.org>', '', 'to both patches.'], false);
    assert.match(body.display, /Reported-by: Some Bot/);
    assert.deepEqual(body.paragraphs, ['Please add', 'to both patches.']);
  });

  test("the reviewer's own tags are still left out", () => {
    const body = readComment(['Please drop the counter.', '', 'Reviewed-by: Ada Reviewer <ada@example.org>'], false);
    assert.equal(body.display, 'Please drop the counter.');
  });
});

describe('more problem statements', () => {
  test('a sentence wholly in brackets is read', () => {
    assert.equal(isConcern('[ as for speed, without batching the flushes every caller would suffer ]'), true);
  });

  test('"there is no mention of ..." and "it does not need a ..."', () => {
    assert.equal(isConcern('There is no mention of the fix in the changelog.'), true);
    assert.equal(isRequest('And it really does not need a page argument: every caller passes a fresh one.'), true);
  });
});
