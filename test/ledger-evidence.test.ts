// Issue #16, status from evidence in the next version: a tag the comment asks for ("a Fixes: tag",
// "Cc: stable") now among the patch's trailers, a file it asks to update now changed by the patch, a
// reported build error that the changelog says is fixed; and an author's offer ("I could add one")
// read as a promise. Synthetic "widget" threads only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLedger, type LedgerEntry, type VersionInput } from '../src/questions/compute.ts';
import { classifyResponse, isPromise } from '../src/questions/response.ts';
import type { ThreadMessage } from '../src/questions/types.ts';
import { ADA, AUTHOR, ROBOT, WIDGET_V1, WIDGET_V2, content, diffLine, newFileDiff, patchBody, quote, threadMessage } from './fixtures/questions/build.ts';

const MESSAGE = 'Add widget_move(), which moves one page between two VMAs.';
const DOC = ['Widgets', '=======', '', 'A widget moves pages.'];
const P1 = patchBody(MESSAGE, newFileDiff('mm/widget.c', WIDGET_V1));
const PATCH = 'ev-v1-1@example.org';
const REVIEW = 'ada-ev@example.org';

/** A v2 patch: the same commit message with extra trailers, and the diff given. */
function v2(trailers: string[], diff = newFileDiff('mm/widget.c', WIDGET_V2)): string {
  return patchBody([MESSAGE, '', ...trailers].join('\n').trimEnd(), diff);
}

function version(key: string, n: number, previousKey: string | null, patches: [string, string][], thread: ThreadMessage[]): VersionInput {
  return {
    key, version: n, previousKey, date: n * 1000, authors: [AUTHOR], coverId: key, coverText: 'Widgets.',
    patches: patches.map(([id, body]) => ({ index: 1, messageId: id, title: 'widget patch', content: content(body), text: body })),
    thread,
  };
}

function run(words: string, v2Body: string, answers: string[] = []): LedgerEntry {
  const review = `${quote(diffLine(P1, 'folio_unlock(folio);'))}\n\n${words}`;
  const thread = [threadMessage(REVIEW, ADA, PATCH, PATCH, review)];
  answers.forEach((text, k) => thread.push(threadMessage(`wren-ev-${k}@example.org`, AUTHOR, k === 0 ? REVIEW : `wren-ev-${k - 1}@example.org`, PATCH, text)));
  const entries = computeLedger([
    version('ev-v1-0@example.org', 1, null, [[PATCH, P1]], thread),
    version('ev-v2-0@example.org', 2, 'ev-v1-0@example.org', [['ev-v2-1@example.org', v2Body]], []),
  ]).entries.filter((e) => e.question.messageId === REVIEW);
  assert.equal(entries.length, 1);
  return entries[0]!;
}

describe('a tag the comment asks for', () => {
  const FIXES = 'Fixes: 0123456789ab ("mm: add widgets")';

  test('a Fixes: tag added in the next version resolves the request, even after the author argued', () => {
    const e = run('This fixes a real bug, please add a Fixes: tag.', v2([FIXES]),
      [`${quote('This fixes a real bug, please add a Fixes: tag.')}\n\nThe bug was only ever seen on test machines, so it hardly matters here.`]);
    assert.equal(e.status, 'resolved');
    assert.equal(e.resolvedIn, 2);
    assert.match(e.evidence.find((x) => x.kind === 'code')!.detail, /adds a Fixes: tag/);
  });

  test('Cc: stable asked for and given', () => {
    const e = run('I think this should go to stable, so please Cc: stable.', v2(['Cc: stable@vger.kernel.org']));
    assert.match(e.evidence.map((x) => x.detail).join('\n'), /adds Cc: stable/);
  });

  test('a trailer of another kind, or one the patch already had, is no evidence', () => {
    const other = run('This fixes a real bug, please add a Fixes: tag.', v2(['Cc: stable@vger.kernel.org']));
    assert.ok(!other.evidence.some((x) => /adds a Fixes/.test(x.detail)));
    const before = patchBody([MESSAGE, '', FIXES].join('\n'), newFileDiff('mm/widget.c', WIDGET_V1));
    const entries = computeLedger([
      version('ev-v1-0@example.org', 1, null, [[PATCH, before]], [threadMessage(REVIEW, ADA, PATCH, PATCH,
        `${quote(diffLine(before, 'folio_unlock(folio);'))}\n\nPlease add a Fixes: tag.`)]),
      version('ev-v2-0@example.org', 2, 'ev-v1-0@example.org', [['ev-v2-1@example.org', v2([FIXES])]], []),
    ]).entries;
    assert.ok(!entries[0]!.evidence.some((x) => /adds a Fixes/.test(x.detail)), 'the same Fixes: line as before adds nothing');
  });
});

describe('a file the comment asks to update', () => {
  const ASK = 'Please update Documentation/mm/widget.rst as well.';

  test('changed by the next version: resolved', () => {
    const diff = `${newFileDiff('mm/widget.c', WIDGET_V2)}${newFileDiff('Documentation/mm/widget.rst', DOC)}`;
    const e = run(ASK, v2([], diff));
    assert.equal(e.status, 'resolved');
    assert.ok(e.evidence.some((x) => x.kind === 'path' && /Documentation\/mm\/widget\.rst/.test(x.detail)));
  });

  test('not touched by the next version: no path evidence', () => {
    const e = run(ASK, v2([]));
    assert.ok(!e.evidence.some((x) => x.kind === 'path'));
  });
});

describe('an offer from the author', () => {
  test('"I could create one" promises; "I could be wrong" does not', () => {
    assert.ok(isPromise('If that is the preferred place, I could create one and print it there!'));
    assert.ok(isPromise('I guess I\'ll have to keep a spare table allocated instead.'));
    assert.ok(!isPromise('I could be wrong about the ordering.'));
    assert.ok(!isPromise('I will keep the current behaviour, it is what the callers expect.'));
    assert.equal(classifyResponse(['If that is the preferred place, I could create the file and print the value there.'], 'request'), 'acknowledgement');
  });
});

describe('a reported build error', () => {
  const REPORT = ['Hi Wren,', '', 'kernel test robot noticed the following build errors:', '',
    "mm/widget.c:12:2: error: implicit declaration of function 'widget_install' [-Werror=implicit-function-declaration]", '',
    '-- ', '0-DAY CI Kernel Test Service'].join('\n');

  function robotRun(notes: string, trailers: string[] = []): LedgerEntry {
    const thread = [threadMessage('robot-ev@example.org', ROBOT, PATCH, PATCH, REPORT)];
    const body = patchBody([MESSAGE, '', ...trailers].join('\n').trimEnd(), newFileDiff('mm/widget.c', WIDGET_V2), notes);
    const entries = computeLedger([
      version('ev-v1-0@example.org', 1, null, [[PATCH, P1]], thread),
      version('ev-v2-0@example.org', 2, 'ev-v1-0@example.org', [['ev-v2-1@example.org', body]], []),
    ]).entries.filter((e) => e.question.messageId === 'robot-ev@example.org');
    assert.equal(entries.length, 1);
    return entries[0]!;
  }

  test('a changelog line announcing the build fix resolves it', () => {
    const e = robotRun('Changes since v1:\n- fixed build for !CONFIG_MMU');
    assert.equal(e.status, 'resolved');
    assert.match(e.evidence.find((x) => x.kind === 'changelog')!.detail, /fixed build/);
  });

  test('a Reported-by for the robot, new in the next version, resolves it', () => {
    const e = robotRun('', [`Reported-by: ${ROBOT.name} <${ROBOT.email}>`]);
    assert.equal(e.status, 'resolved');
    assert.ok(e.evidence.some((x) => x.kind === 'trailer' && /Reported-by/.test(x.detail)));
  });

  test('a changelog about something else leaves it open', () => {
    const e = robotRun('Changes since v1:\n- reworded the commit message');
    assert.ok(!e.evidence.some((x) => x.kind === 'changelog' || x.kind === 'trailer'));
  });
});

describe('advice for later postings', () => {
  const V2_REWORDED = patchBody('Add widget_move(): it moves one page from one VMA to another.', newFileDiff('mm/widget.c', WIDGET_V2));

  test('a rewritten commit message answers a request to reword it', () => {
    const e = run('Please reword the commit message, it does not say why.', V2_REWORDED);
    assert.equal(e.status, 'resolved');
    assert.ok(e.evidence.some((x) => /rewrote the commit message/.test(x.detail)));
  });

  test('but not advice for the next postings, nor does a promise kept resolve it', () => {
    const e = run('From next time on, please write the commit message in the imperative mood.', V2_REWORDED);
    assert.equal(e.status, 'open');
    const promised = run('Please use git send-email for the next postings, the threading is broken.', V2_REWORDED,
      [`${quote('Please use git send-email for the next postings, the threading is broken.')}\n\nSure, will do.`]);
    assert.equal(promised.resolvedIn, null);
    assert.equal(promised.acknowledged, true);
  });
});

describe('the code a comment is about, gone in the next version', () => {
  /** v2 without widget_move(): only the helper is left. */
  const V2_NO_MOVE = patchBody(MESSAGE, newFileDiff('mm/widget.c', WIDGET_V2.slice(0, WIDGET_V2.indexOf('int widget_move(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,') - 1)));

  function gone(words: string): LedgerEntry {
    const review = `${quote(diffLine(P1, 'return widget_move_one('))}\n\n${words}`;
    const entries = computeLedger([
      version('ev-v1-0@example.org', 1, null, [[PATCH, P1]], [threadMessage(REVIEW, ADA, PATCH, PATCH, review)]),
      version('ev-v2-0@example.org', 2, 'ev-v1-0@example.org', [['ev-v2-1@example.org', V2_NO_MOVE]], []),
    ]).entries.filter((e) => e.question.messageId === REVIEW);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.question.anchor.function, 'widget_move');
    return entries[0]!;
  }

  test('a requested change there: resolved, the evidence says the code is gone', () => {
    const e = gone('Please pass the flags through to the helper here.');
    assert.equal(e.status, 'resolved');
    assert.match(e.evidence.at(-1)!.detail, /no longer touches widget_move\(\).*asked to change is gone/);
  });

  test('a question there: outdated', () => {
    assert.equal(gone('Why does this wrapper exist at all?').status, 'outdated');
  });
});
