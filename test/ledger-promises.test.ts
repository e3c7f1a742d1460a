// Status from what the author says and does: agreeing with a requested change is a promise (however
// much the reply explains around it), and a promise is kept when the next version reworks the patch.
// Synthetic threads only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLedger, type LedgerEntry, type VersionInput } from '../src/questions/compute.ts';
import { classifyResponse } from '../src/questions/status.ts';
import type { ThreadMessage } from '../src/questions/types.ts';
import { ADA, AUTHOR, WIDGET_V1, WIDGET_V2, content, diffLine, newFileDiff, patchBody, quote, threadMessage } from './fixtures/questions/build.ts';

const P1 = patchBody('Add widget_move(), which moves one page between two VMAs.', newFileDiff('mm/widget.c', WIDGET_V1));
const V2P1 = patchBody('Add widget_move(), which moves one page between two VMAs.', newFileDiff('mm/widget.c', WIDGET_V2));
const PATCH = 'p-v1-1@example.org';
const REVIEW = 'ada-promise@example.org';

/** One comment: a hedged request under a quoted line that v2 keeps as it is (v2 changes other lines). */
const ADA_REVIEW = [
  'On Mon, 2 Mar 2026 09:00:00 +0000, Wren Author wrote:',
  quote(diffLine(P1, 'folio_unlock(folio);')),
  '',
  'I think you want a comment here that says which lock protects the counter.',
].join('\n');

function version(key: string, n: number, previousKey: string | null, patches: [string, string][], thread: ThreadMessage[]): VersionInput {
  return {
    key, version: n, previousKey, date: n * 1000, authors: [AUTHOR], coverId: key, coverText: 'Widgets.',
    patches: patches.map(([id, body]) => ({ index: 1, messageId: id, title: 'widget patch', content: content(body), text: body })),
    thread,
  };
}

function run(answers: string[], v2Body: string | null, review = ADA_REVIEW): LedgerEntry {
  const thread = [threadMessage(REVIEW, ADA, PATCH, PATCH, review)];
  let parent = REVIEW;
  answers.forEach((text, k) => {
    const id = `wren-${k}@example.org`;
    thread.push(threadMessage(id, AUTHOR, parent, PATCH, text));
    parent = id;
  });
  const versions = [version('p-v1-0@example.org', 1, null, [[PATCH, P1]], thread)];
  if (v2Body) versions.push(version('p-v2-0@example.org', 2, 'p-v1-0@example.org', [['p-v2-1@example.org', v2Body]], []));
  const entries = computeLedger(versions).entries.filter((e) => e.question.messageId === REVIEW);
  assert.equal(entries.length, 1);
  return entries[0]!;
}

const AGREES = `${quote('I think you want a comment here that says which lock protects the counter.')}\n\nYes, you are right, the counter is only stable under the table lock and the caller holds it here.`;
const EXPLAINS = `${quote('I think you want a comment here that says which lock protects the counter.')}\n\nThe counter is updated under the table lock, which every caller of this helper holds.`;

describe('agreeing with a requested change', () => {
  test('a response that opens by agreeing acknowledges a request or a concern, and answers a question', () => {
    const lines = ['Yes, you are right, the counter is read without the lock on this path and the reader can see a torn value.'];
    assert.equal(classifyResponse(lines, 'request'), 'acknowledgement');
    assert.equal(classifyResponse(lines, 'concern'), 'acknowledgement');
    assert.equal(classifyResponse(lines, 'question'), 'substance');
    assert.equal(classifyResponse(lines), 'substance');
  });

  test('agreeing that no change is needed still answers', () => {
    assert.equal(classifyResponse(['Right, but the lock is already held by every caller, so nothing changes here.'], 'request'), 'substance');
  });

  test('an agreement followed by more explanation keeps the request acknowledged', () => {
    const e = run([AGREES, `${quote('the caller holds it here.')}\n\nTo be precise, the slow path takes the table lock before it gets here and keeps it until the end.`], null);
    assert.equal(e.acknowledged, true);
    assert.equal(e.answerMessageId, null);
    assert.equal(e.status, 'open');
  });

  test('an explanation alone answers the request', () => {
    const e = run([EXPLAINS], null);
    assert.equal(e.status, 'answered');
    assert.equal(e.acknowledged, false);
  });
});

describe('a promise is kept when the next version reworks the patch', () => {
  test('acknowledged on v1, the patch changed in v2: resolved in v2', () => {
    const e = run([AGREES], V2P1);
    assert.equal(e.status, 'resolved');
    assert.equal(e.resolvedIn, 2);
    assert.ok(e.evidence.some((x) => x.kind === 'code' && /after the promise/.test(x.detail)), JSON.stringify(e.evidence));
  });

  test('acknowledged on v1, v2 posts the same patch again: still open', () => {
    const e = run([AGREES], P1);
    assert.equal(e.status, 'open');
    assert.equal(e.resolvedIn, null);
  });

  test('answered with an explanation: a reworked patch does not resolve it', () => {
    const e = run([EXPLAINS], V2P1);
    assert.notEqual(e.resolvedIn, 2);
  });
});

describe('an author who argued against the change', () => {
  /** A request under the install call, which v2 rewrites. */
  const UNDER_INSTALL = [
    'On Mon, 2 Mar 2026 09:00:00 +0000, Wren Author wrote:',
    quote(diffLine(P1, 'widget_install(')),
    '',
    'Please pass the table lock down to widget_install() instead of taking it again.',
  ].join('\n');
  const ARGUES = `${quote('Please pass the table lock down to widget_install() instead of taking it again.')}\n\n` +
    'The install path is also called from the fault handler, which does not hold the table lock, so it has to take it itself.';

  test('v2 touching the quoted code does not resolve it: the answer stands', () => {
    const e = run([ARGUES], V2P1, UNDER_INSTALL);
    assert.equal(e.status, 'answered');
    assert.equal(e.resolvedIn, null);
  });

  test('without the argument, the same change resolves the request', () => {
    const e = run([], V2P1, UNDER_INSTALL);
    assert.equal(e.status, 'resolved');
    assert.equal(e.resolvedIn, 2);
  });
});
