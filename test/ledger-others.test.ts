// A question another reviewer answers: when the asker accepts that explanation ("That does sound
// reasonable, thanks."), the question is answered, whatever the author said about it. Synthetic thread.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractQuestions } from '../src/questions/extract.ts';
import { indexThread, threadOutcome } from '../src/questions/status.ts';
import type { ThreadMessage } from '../src/questions/types.ts';
import { ADA, AUTHOR, BRAM, WIDGET_V1, content, diffLine, newFileDiff, patchBody, quote, threadMessage } from './fixtures/questions/build.ts';

const BODY = patchBody('Add widget_move().', newFileDiff('mm/widget.c', WIDGET_V1));
const PATCH_ID = 'others-v1-1@example.org';
const QUESTION = 'Why does this path need the table lock when the existing move helper does not?';
const ASK = [quote(diffLine(BODY, 'widget_clear_pte(')), '', QUESTION].join('\n');
const EXPLAINS = `${quote(QUESTION)}\n\nThe existing helper never changes the root table, while this one can, so a reader could see the old root without it.`;

function outcome(later: ((askId: string) => ThreadMessage)[], kind?: 'request') {
  const ask = threadMessage('others-ask@example.org', ADA, PATCH_ID, PATCH_ID, ASK);
  const [q] = extractQuestions({ id: ask.id, from: ask.from, text: ask.text }, {
    seriesAuthorEmail: AUTHOR.email, target: { id: PATCH_ID, kind: 'patch', index: 1, content: content(BODY), messageText: BODY },
  });
  const question = kind ? { ...q!, kind } : q!;
  return threadOutcome(question, ask.date, indexThread([ask, ...later.map((f) => f(ask.id))]), [AUTHOR], 1, null);
}

const bramExplains = (askId: string) => threadMessage('bram-explains@example.org', BRAM, askId, PATCH_ID, EXPLAINS);
const adaAccepts = (words: string) => () => threadMessage('ada-accepts@example.org', ADA, 'bram-explains@example.org', PATCH_ID,
  `${quote('The existing helper never changes the root table, while this one can, so a reader could see the old root without it.')}\n\n${words}`);

describe("another reviewer's answer", () => {
  test('accepted by the asker: answered by that reviewer', () => {
    const o = outcome([bramExplains, adaAccepts('That does sound reasonable, thanks.')]);
    assert.equal(o.answerMessageId, 'bram-explains@example.org');
    assert.equal(o.answeredBy, 'Bram Maintainer');
    assert.equal(o.acknowledged, false);
  });

  test('an author promise before it does not undo the accepted answer', () => {
    const authorAck = (askId: string) => threadMessage('wren-ack@example.org', AUTHOR, askId, PATCH_ID, `${quote(QUESTION)}\n\nGood question, I will look into it.`);
    const o = outcome([authorAck, bramExplains, adaAccepts("You're right, thanks.")]);
    assert.equal(o.answerMessageId, 'bram-explains@example.org');
  });

  test('not accepted by the asker: not answered', () => {
    const o = outcome([bramExplains]);
    assert.equal(o.answerMessageId, null);
  });

  test('the asker asking again is no acceptance', () => {
    const o = outcome([bramExplains, adaAccepts('That sounds reasonable, but what about the fault path?')]);
    assert.equal(o.answerMessageId, null);
  });

  test('for a requested change, another reviewer cannot settle it', () => {
    const o = outcome([bramExplains, adaAccepts('That does sound reasonable, thanks.')], 'request');
    assert.equal(o.answerMessageId, null);
  });
});
