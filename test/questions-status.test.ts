import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractQuestions } from '../src/questions/extract.ts';
import { classifyResponse, indexThread, threadOutcome } from '../src/questions/status.ts';
import { changelogLines, creditedNames, matchCredits } from '../src/questions/changelog.ts';
import type { ThreadMessage } from '../src/questions/types.ts';
import { ADA, AUTHOR, BRAM, WIDGET_V1, content, diffLine, newFileDiff, patchBody, quote, threadMessage } from './fixtures/questions/build.ts';

const BODY = patchBody('Add widget_move().', newFileDiff('mm/widget.c', WIDGET_V1));
const PATCH_ID = 'widget-v1-1@example.org';
const COVER_ID = 'widget-v1-0@example.org';
const QUESTION = "Don't you need widget_flush_cache() before clearing the PTE?";
const ASK = [quote(diffLine(BODY, 'widget_clear_pte(')), '', QUESTION].join('\n');

function setup(...later: ((askId: string) => ThreadMessage)[]) {
  const ask = threadMessage('ask@example.org', ADA, PATCH_ID, PATCH_ID, ASK);
  const [q] = extractQuestions({ id: ask.id, from: ask.from, text: ask.text }, {
    seriesAuthorEmail: AUTHOR.email, target: { id: PATCH_ID, kind: 'patch', index: 1, content: content(BODY), messageText: BODY },
  });
  const thread = [ask, ...later.map((f) => f(ask.id))];
  return threadOutcome(q!, ask.date, indexThread(thread), [AUTHOR], 1, COVER_ID);
}

const authorSays = (id: string, parent: string, words: string) => (askId: string) =>
  threadMessage(id, AUTHOR, parent === '' ? askId : parent, PATCH_ID, `Ada Reviewer wrote:\n${quote(QUESTION)}\n\n${words}\n\nWren`);

describe('status from the thread', () => {
  test('no reply: open, not acknowledged', () => {
    const o = setup();
    assert.equal(o.answerMessageId, null);
    assert.equal(o.acknowledged, false);
    assert.equal(o.resolved, false);
  });

  test('"good point, will fix in v2" acknowledges but does not answer', () => {
    const o = setup(authorSays('ack@example.org', '', 'Good point, will fix in v2.'));
    assert.equal(o.acknowledged, true);
    assert.equal(o.answerMessageId, null);
    assert.equal(o.resolved, false);
    assert.equal(o.evidence[0]!.messageId, 'ack@example.org');
  });

  test('an author reply with substance answers', () => {
    const o = setup(authorSays('ans@example.org', '', 'No: the caller already flushed the whole range under the mmap lock, so the lines are clean by now.'));
    assert.equal(o.answerMessageId, 'ans@example.org');
    assert.equal(o.answeredBy, 'Wren Author');
    assert.equal(o.resolved, false);
  });

  test('an author reply that quotes a different question does not answer this one', () => {
    const o = setup((askId) => threadMessage('other@example.org', AUTHOR, askId, PATCH_ID,
      `${quote('Why is the counter needed at all here?')}\n\nThe counter feeds the vmstat event that the selftest reads back.`));
    assert.equal(o.answerMessageId, null);
  });

  test('the reviewer\'s Acked-by on the patch (or the cover) after asking resolves it', () => {
    const onPatch = setup((askId) => threadMessage('acked@example.org', ADA, askId, PATCH_ID, 'Acked-by: Ada Reviewer <ada@example.org>',
      [{ key: 'Acked-by', value: 'Ada Reviewer <ada@example.org>', name: 'Ada Reviewer', email: 'ada@example.org' }]));
    assert.equal(onPatch.resolved, true);
    assert.equal(onPatch.evidence.at(-1)!.kind, 'trailer');
    const byOther = setup((askId) => threadMessage('acked2@example.org', BRAM, askId, PATCH_ID, 'Acked-by: Bram Maintainer <bram@example.org>',
      [{ key: 'Acked-by', value: 'Bram Maintainer <bram@example.org>', name: 'Bram Maintainer', email: 'bram@example.org' }]));
    assert.equal(byOther.resolved, false, 'someone else\'s ack does not settle Ada\'s question');
    const onCover = setup(() => threadMessage('acked3@example.org', ADA, COVER_ID, COVER_ID, 'Reviewed-by: Ada Reviewer <ada@example.org>',
      [{ key: 'Reviewed-by', value: 'Ada Reviewer <ada@example.org>', name: 'Ada Reviewer', email: 'ada@example.org' }]));
    assert.equal(onCover.resolved, true);
  });

  test('"thanks, that addresses it" under the author\'s answer: answered, with the reviewer\'s acceptance as evidence', () => {
    const answer = 'The caller already flushed the whole range under the mmap lock, so nothing is stale here.';
    const o = setup(
      authorSays('ans@example.org', '', answer),
      () => threadMessage('thx@example.org', ADA, 'ans@example.org', PATCH_ID, `${quote(answer)}\n\nThanks, that addresses it.`),
    );
    assert.equal(o.answerMessageId, 'ans@example.org');
    assert.equal(o.resolved, false, 'an explanation settles a question as answered, not resolved');
    assert.ok(o.evidence.some((e) => e.kind === 'thanks' && e.messageId === 'thx@example.org'));
    const still = setup(
      authorSays('ans@example.org', '', answer),
      () => threadMessage('thx@example.org', ADA, 'ans@example.org', PATCH_ID, `${quote(answer)}\n\nMakes sense, but what about the THP path?`),
    );
    assert.ok(!still.evidence.some((e) => e.kind === 'thanks'), 'a follow-up question is no acceptance');
  });

  test('response classification', () => {
    assert.equal(classifyResponse(['Good question. I\'ll have to look closer into it. I am travelling next week, so bear with me.']), 'acknowledgement');
    assert.equal(classifyResponse(['Yes.']), 'acknowledgement');
    assert.equal(classifyResponse(['Right, we only take the lock in the slow path because the fast path cannot race.']), 'substance');
    assert.equal(classifyResponse(['No, that cannot happen.']), 'substance');
    assert.equal(classifyResponse(['Something like this:', '', '\tif (!folio)', '\t\treturn -EAGAIN;']), 'substance');
    assert.equal(classifyResponse(['']), 'none');
    const started = Date.now();
    classifyResponse([`${' \t'.repeat(50_000)}?`]);
    assert.deepEqual(creditedNames(`${'Ab Cd, '.repeat(10_000)}(Ada Reviewer)`), ['Ada Reviewer']);
    assert.ok(Date.now() - started < 2000, 'no quadratic regex work on hostile text');
  });
});

describe('changelog credits', () => {
  test('names credited by parentheses, per, suggested by, thanks to, possessives, trailing lists', () => {
    assert.deepEqual(creditedNames('- flush the cache before clearing (Ada Reviewer)'), ['Ada Reviewer']);
    assert.deepEqual(creditedNames('use the new helper, per Bram Maintainer and Ada Reviewer'), ['Bram Maintainer', 'Ada Reviewer']);
    assert.deepEqual(creditedNames('split the patch as suggested by Ada'), ['Ada']);
    assert.deepEqual(creditedNames("address Bram's comments on locking"), ['Bram']);
    assert.deepEqual(creditedNames('rework the loop, thanks to Cody Tester'), ['Cody Tester']);
    assert.deepEqual(creditedNames('changed uffd context check, Ada Reviewer and Bram Maintainer'), ['Ada Reviewer', 'Bram Maintainer']);
    assert.deepEqual(creditedNames('fixed a typo in the comment'), []);
  });

  test('changelog blocks of the version that produced them', () => {
    const cover = 'Intro.\n\nChanges since v2:\n- newest change (Ada Reviewer)\n\nChanges since v1:\n- older change (Bram Maintainer)\n';
    assert.deepEqual(changelogLines(cover, 3, 'c', 0).map((l) => l.line), ['newest change (Ada Reviewer)']);
    assert.deepEqual(changelogLines(cover, 2, 'c', 0).map((l) => l.line), ['older change (Bram Maintainer)']);
  });

  test('a credit line goes to the credited reviewer\'s matching question, not their others', () => {
    const line = changelogLines('v1 -> v2:\n- flush the cache before clearing the source PTE (Ada Reviewer)\n', 2, 'c', 0);
    const matches = matchCredits(line, [
      { key: 'flush', askedBy: ADA, messageId: 'a1', text: "Don't you need widget_flush_cache() before clearing the PTE? Dirty cache lines survive.", context: '', anchor: [] },
      { key: 'dma', askedBy: ADA, messageId: 'a2', text: 'What if the folio is pinned for DMA here? Recheck after the clear.', context: '', anchor: [] },
      { key: 'bram', askedBy: BRAM, messageId: 'b1', text: 'Why flush the cache before clearing the PTE?', context: '', anchor: [] },
    ]);
    assert.deepEqual([...matches.keys()], ['flush']);
  });

  test('one shared everyday word is not a match', () => {
    const lines = changelogLines('Changes in v2:\n- replaced calls to read_widget_size() in the move test, per Bram Maintainer\n', 2, 'c', 0);
    const matches = matchCredits(lines, [
      { key: 'a', askedBy: BRAM, messageId: 'b1', text: 'Could we move whole tables while holding the lock in read mode?', context: '', anchor: [] },
      { key: 'b', askedBy: BRAM, messageId: 'b2', text: 'Why is the ioctl number so large?', context: '', anchor: [] },
    ]);
    assert.equal(matches.size, 0);
  });
});
