// Issue #16, causes 4 and 5: answers read point by point (an author's block answers the comment whose
// quoted code or words sit above it, whether or not the question sentence itself is quoted), and
// promises told from answers ("Ack. I think that's doable" acknowledges; a reviewer's "sounds good" to
// a promise resolves nothing; the promise is kept when the change lands). Synthetic threads only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLedger, type LedgerEntry, type VersionInput } from '../src/questions/compute.ts';
import { classifyResponse, isPromise } from '../src/questions/status.ts';
import type { ThreadMessage } from '../src/questions/types.ts';
import { ADA, AUTHOR, WIDGET_V1, WIDGET_V2, content, diffLine, newFileDiff, patchBody, quote, threadMessage } from './fixtures/questions/build.ts';

const P1 = patchBody('Add widget_move(), which moves one page between two VMAs.', newFileDiff('mm/widget.c', WIDGET_V1));
const V2P1 = patchBody('Add widget_move(), which moves one page between two VMAs.', newFileDiff('mm/widget.c', WIDGET_V2));
const PATCH = 'w-v1-1@example.org';
const REVIEW = 'ada-review@example.org';

const LOCK = diffLine(P1, 'folio_lock(folio);');
const INSTALL = diffLine(P1, 'widget_install(');
const COUNT = diffLine(P1, 'widget_count_event(');
const CLEAR = diffLine(P1, 'widget_clear_pte(');

/** Ada's review: four comments under four quoted lines. */
const ADA_REVIEW = [
  'On Mon, 2 Mar 2026 09:00:00 +0000, Wren Author wrote:',
  quote(LOCK),
  '',
  'The table lock is not taken on this path.',
  'Is the folio lock enough to keep the entry stable here?',
  '',
  quote(CLEAR),
  '',
  'This runs after the folio was looked up without the lock. Could the entry change in between?',
  '',
  quote(INSTALL),
  '',
  'You also want to check what widget_install() returns.',
  '',
  quote(COUNT),
  '',
  'Nothing reads this counter; drop it.',
  '',
  'Ada',
].join('\n');

function version(key: string, n: number, previousKey: string | null, coverText: string, patches: [number, string, string][], thread: ThreadMessage[]): VersionInput {
  return {
    key, version: n, previousKey, date: n * 1000, authors: [AUTHOR], coverId: key, coverText,
    patches: patches.map(([index, id, body]) => ({ index, messageId: id, title: 'widget patch', content: content(body), text: body })),
    thread,
  };
}

function run(replies: ((review: string) => ThreadMessage)[], next: boolean): LedgerEntry[] {
  const review = threadMessage(REVIEW, ADA, PATCH, PATCH, ADA_REVIEW);
  const v1 = version('w-v1-0@example.org', 1, null, 'Widgets.', [[1, PATCH, P1]], [review, ...replies.map((f) => f(REVIEW))]);
  const versions = [v1];
  if (next) versions.push(version('w-v2-0@example.org', 2, 'w-v1-0@example.org', 'Widgets, again.', [[1, 'w-v2-1@example.org', V2P1]], []));
  return computeLedger(versions).entries.filter((e) => e.question.messageId === REVIEW).sort((a, b) => a.question.seq - b.question.seq);
}

const author = (id: string, text: string, parent?: string) => (review: string) => threadMessage(id, AUTHOR, parent ?? review, PATCH, text);

describe('the review is read comment by comment', () => {
  test('four comments, each with its whole text', () => {
    const entries = run([], false);
    assert.deepEqual(entries.map((e) => e.question.kind), ['question', 'question', 'request', 'request']);
    assert.equal(entries[0]!.question.text, 'The table lock is not taken on this path. Is the folio lock enough to keep the entry stable here?');
  });
});

describe('point-by-point answers', () => {
  const pointByPoint = author('wren-1@example.org', [
    'On Mon, 2 Mar 2026 10:00:00 +0000, Ada Reviewer wrote:',
    quote(quote(LOCK)),
    '>',
    '> The table lock is not taken on this path.',
    '',
    'The caller holds the table lock across the whole move, so the entry cannot change under us.',
    '',
    quote(quote(INSTALL)),
    '',
    "Ack. I think that's doable.",
    '',
    'Wren',
  ].join('\n'));

  test('a block answers the comment whose surrounding lines it quotes, not only a quoted question sentence', () => {
    const [lock, clear, install, count] = run([pointByPoint], false);
    assert.equal(lock!.status, 'answered', 'the quote holds the comment\'s first line, not its question');
    assert.equal(lock!.answerMessageId, 'wren-1@example.org');
    assert.equal(install!.status, 'open');
    assert.equal(install!.acknowledged, true, 'the quoted code above "Ack." is the install comment\'s');
    assert.equal(clear!.acknowledged || clear!.answerMessageId !== null, false, 'a comment the author left out is not answered');
    assert.equal(count!.acknowledged || count!.answerMessageId !== null, false);
  });

  test('a reply quoting only the reviewer\'s code answers the comment under that code', () => {
    const [, clear] = run([author('wren-2@example.org', `${quote(quote(CLEAR))}\n\nNo: the lookup and the clear both run under the folio lock, so nothing can change in between.`)], false);
    assert.equal(clear!.status, 'answered');
  });

  test('a top-posted promise to address all of them acknowledges every comment; a plain "thanks" none', () => {
    const all = run([author('wren-3@example.org', `Thanks for the review, I'll address all of these in v2.\n\n${quote(ADA_REVIEW)}`)], false);
    assert.ok(all.every((e) => e.acknowledged && e.status === 'open'));
    const none = run([author('wren-4@example.org', `Thanks!\n\n${quote(ADA_REVIEW)}`)], false);
    assert.ok(none.every((e) => !e.acknowledged && e.status === 'open'));
  });

  test('"thanks for the comments, I\'ll address them" in another message of the same patch thread acknowledges them too', () => {
    const later = author('wren-5@example.org', "Thanks for the comments, everyone! I'll address them in the next version.", PATCH);
    const entries = run([later], false);
    assert.ok(entries.every((e) => e.acknowledged));
    assert.match(entries[0]!.evidence.find((x) => x.kind === 'acknowledgement')!.detail, /promise/);
  });
});

describe('promises are not answers', () => {
  test('"Ack. I think that\'s doable", "I\'ll check", "will fix in v2" acknowledge; explanations and refusals answer', () => {
    for (const s of ["Ack. I think that's doable.", "I'll check.", 'Good point, will fix in v2.', 'Right, let me look into it. The lock ordering is subtle.',
      'Yes, you are right that the lock is not needed, so I will drop it.']) assert.equal(classifyResponse([s]), 'acknowledgement', s);
    for (const s of ['No: the caller holds the lock, so the entry is stable.', "I'd rather not: the counter is read by the selftest.",
      'The counter feeds the vmstat event that the selftest reads back.']) assert.equal(classifyResponse([s]), 'substance', s);
    assert.ok(isPromise('I will send a v2 with that fixed.'));
    assert.ok(!isPromise("I won't change this, the selftest relies on it."));
  });

  test('a promise after an explanation: the last word decides', () => {
    const first = author('wren-6@example.org', `${quote('Nothing reads this counter; drop it.')}\n\nThe selftest reads it back through vmstat.`);
    const second = () => threadMessage('wren-7@example.org', AUTHOR, 'ada-2@example.org', PATCH, `${quote('Then move the counter into the selftest.')}\n\nFair, will do in v2.`);
    const adaAgain = () => threadMessage('ada-2@example.org', ADA, 'wren-6@example.org', PATCH, `${quote('The selftest reads it back through vmstat.')}\n\nThen move the counter into the selftest.`);
    const count = run([first, adaAgain, second], false)[3]!;
    assert.equal(count.status, 'open');
    assert.equal(count.acknowledged, true);
    assert.equal(count.answerMessageId, null);
  });

  test('the reviewer\'s "sounds good" to a promise resolves nothing; the change landing in v2 does', () => {
    const promise = author('wren-8@example.org', `${quote(quote(INSTALL))}\n\nGood point, I will check the return value in v2.`);
    const fine = () => threadMessage('ada-3@example.org', ADA, 'wren-8@example.org', PATCH, `${quote('Good point, I will check the return value in v2.')}\n\nSounds good, thanks.`);
    const only = run([promise, fine], false)[2]!;
    assert.equal(only.status, 'open', 'a promise accepted is still a promise');
    assert.equal(only.acknowledged, true);
    assert.ok(!only.evidence.some((e) => e.kind === 'thanks'));
    const kept = run([promise, fine], true)[2]!;
    assert.equal(kept.status, 'resolved', 'v2 rewrote the quoted install call');
    assert.equal(kept.resolvedIn, 2);
    assert.ok(kept.evidence.some((e) => e.kind === 'code' && /v2 changed the quoted code in widget_move_one\(\)/.test(e.detail)));
  });
});
