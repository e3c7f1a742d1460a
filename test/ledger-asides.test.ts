// Issue #16: comments in replies to another reviewer. A reviewer adding to someone else's review, near
// the patch and before the author has joined, still asks the author for a change when the comment
// names the patch; questions put to that reviewer, agreement and long debates stay theirs.
// Synthetic "widget" threads only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chainAbove, extractQuestions } from '../src/questions/extract.ts';
import type { ExtractContext } from '../src/questions/types.ts';
import { ADA, AUTHOR, BRAM, WIDGET_V1, content, newFileDiff, patchBody, quote, threadMessage } from './fixtures/questions/build.ts';

const BODY = patchBody('Add widget_move().', newFileDiff('mm/widget.c', WIDGET_V1));
const PATCH = 'aside-v1-1@example.org';
const base: ExtractContext = {
  seriesAuthorEmail: AUTHOR.email, authors: [AUTHOR], parentFrom: ADA, people: [ADA, BRAM, AUTHOR],
  target: { id: PATCH, kind: 'patch', index: 1, content: content(BODY), messageText: BODY },
};
/** Ada's review point, as Bram quotes it. */
const ADAS_POINT = quote('I am not sure the folio lock is enough to keep readers away here.');

/** `above` null: where the reply sits is unknown. */
function asked(words: string, above: ExtractContext['above'] | null = { depth: 1, author: false }): string[] {
  return extractQuestions({ id: 'bram@example.org', from: BRAM, text: `${ADAS_POINT}\n\n${words}` }, { ...base, above: above ?? undefined }).map((q) => q.text);
}

describe('a request under another reviewer\'s words', () => {
  test('naming a function of the patch, near the patch: the author\'s to address', () => {
    const [q, ...rest] = extractQuestions({ id: 'bram@example.org', from: BRAM,
      text: `${ADAS_POINT}\n\nIt is not. Take the table lock around widget_install() as well.` }, { ...base, above: { depth: 1, author: false } });
    assert.equal(rest.length, 0);
    assert.equal(q?.addressedTo, null, 'addressed to the author');
    assert.match(q!.text, /widget_install/);
  });

  test('naming a part of the patch (the changelog, a comment): the author\'s too', () => {
    assert.equal(asked('We should document this locking rule in the changelog.').length, 1);
    assert.equal(asked('Probably the comment above the loop should mention the lock as well.').length, 1);
  });

  test('naming nothing of the patch: that reviewer\'s discussion', () => {
    assert.deepEqual(asked('We should look at how other subsystems solved this first.'), []);
  });

  test('spoken to that reviewer ("you"), or agreeing with them: theirs', () => {
    assert.deepEqual(asked('You should take the table lock around widget_install() instead.'), []);
    assert.deepEqual(asked('Yes, take the table lock around widget_install() as well.'), []);
  });

  test('deep in an exchange, or once the author has joined it: a debate of its own', () => {
    const words = 'Take the table lock around widget_install() as well.';
    assert.equal(asked(words, { depth: 4, author: false }).length, 1);
    assert.deepEqual(asked(words, { depth: 5, author: false }), []);
    assert.deepEqual(asked(words, { depth: 2, author: true }), []);
    assert.deepEqual(asked(words, null), [], 'where the reply sits unknown: as before, theirs');
  });
});

describe('a question under another reviewer\'s words', () => {
  test('about a name from the patch\'s diff: the author\'s', () => {
    assert.equal(asked('Does widget_clear_pte() flush the TLB before the install?').length, 1);
  });

  test('about anything else (the patch\'s words only in a code-less question): theirs', () => {
    assert.deepEqual(asked('Do other subsystems take the lock in this order?'), []);
    assert.deepEqual(asked('Should the changelog say more about it?'), [], 'a question must name the diff');
  });
});

describe('where a reply sits in its thread', () => {
  test('messages between it and its target, and whether the author wrote one', () => {
    const review = threadMessage('r1@example.org', ADA, PATCH, PATCH, 'Looks racy.');
    const aside = threadMessage('r2@example.org', BRAM, review.id, PATCH, 'Indeed.');
    const answer = threadMessage('a1@example.org', AUTHOR, aside.id, PATCH, 'It is not.');
    const again = threadMessage('r3@example.org', ADA, answer.id, PATCH, 'It is.');
    const byId = new Map([review, aside, answer, again].map((m) => [m.id, m]));
    assert.deepEqual(chainAbove(review, byId, [AUTHOR]), { depth: 0, author: false });
    assert.deepEqual(chainAbove(aside, byId, [AUTHOR]), { depth: 1, author: false });
    assert.deepEqual(chainAbove(again, byId, [AUTHOR]), { depth: 3, author: true });
  });
});
