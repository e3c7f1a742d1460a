import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLedger, type LedgerEntry, type VersionInput } from '../src/questions/compute.ts';
import type { ThreadMessage } from '../src/questions/types.ts';
import {
  ADA, AUTHOR, BRAM, ROBOT, SELFTEST, WIDGET_V1, WIDGET_V2, content, diffLine, newFileDiff, patchBody, quote, threadMessage,
} from './fixtures/questions/build.ts';

const MESSAGE = 'Add widget_move(), which moves one page between two VMAs.';
const P1 = patchBody(MESSAGE, newFileDiff('mm/widget.c', WIDGET_V1));
const P2 = patchBody('Add the widget header.', newFileDiff('include/uapi/linux/widget.h', ['#define WIDGET_IOC_MOVE 1']));
const V2P1 = patchBody(`${MESSAGE}\nThe cross-vma case is used by the widget daemon.`, newFileDiff('mm/widget.c', WIDGET_V2));
const V2P3 = patchBody('Add a widget selftest.', newFileDiff('tools/testing/selftests/widget/widget_test.c', SELFTEST));
const COVER_V2 = 'Widgets, second round.\n\nChanges since v1:\n- explain the cross-vma user in the commit message (Bram Maintainer)\n- flush the cache before clearing the PTE\n';

const V1 = 'widget-v1-0@example.org';
const V2 = 'widget-v2-0@example.org';

function version(key: string, n: number, previousKey: string | null, coverText: string, patches: [number, string, string][], thread: ThreadMessage[]): VersionInput {
  return {
    key, version: n, previousKey, date: n * 1000, authors: [AUTHOR], coverId: key, coverText,
    patches: patches.map(([index, id, body]) => ({ index, messageId: id, title: `widget patch ${index}`, content: content(body), text: body })),
    thread,
  };
}

const under = (body: string, needle: string, words: string): string => `${quote(diffLine(body, needle))}\n\n${words}`;

function v1Thread(): ThreadMessage[] {
  const t = 'widget-v1-1@example.org';
  return [
    threadMessage('flush@example.org', ADA, t, t, under(P1, 'widget_clear_pte(', "Don't you need widget_flush_cache() before clearing the PTE?")),
    threadMessage('flush-ack@example.org', AUTHOR, 'flush@example.org', t, `${quote("Don't you need widget_flush_cache() before clearing the PTE?")}\n\nGood point, will add it in v2.`),
    threadMessage('drop@example.org', ADA, t, t, under(P1, 'widget_count_event(', 'Please drop widget_count_event() here, nothing reads it.')),
    threadMessage('install@example.org', BRAM, t, t, under(P1, 'widget_install(', 'Is widget_install() safe against a concurrent fault?')),
    threadMessage('unlock@example.org', BRAM, t, t, under(P1, 'folio_unlock(', 'Why is the folio unlocked before the event is counted?')),
    threadMessage('why@example.org', BRAM, t, t, `${quote(MESSAGE)}\n\nWhich user needs the cross-vma case? Please explain it in the commit message.`),
    threadMessage('robot@example.org', ROBOT, t, t, 'Is widget_move_one() missing a prototype? Please fix the warning.'),
    threadMessage('test@example.org', ADA, 'widget-v1-2@example.org', 'widget-v1-2@example.org',
      under(P2, 'WIDGET_IOC_MOVE', 'Please add a selftest under tools/testing/selftests/widget for the new ioctl.')),
  ];
}

function ledger(v2Thread: ThreadMessage[] = []): Map<string, LedgerEntry> {
  const result = computeLedger([
    version(V2, 2, V1, COVER_V2, [[1, 'widget-v2-1@example.org', V2P1], [2, 'widget-v2-2@example.org', P2], [3, 'widget-v2-3@example.org', V2P3]], v2Thread),
    version(V1, 1, null, 'Widgets.', [[1, 'widget-v1-1@example.org', P1], [2, 'widget-v1-2@example.org', P2]], v1Thread()),
  ]);
  return new Map(result.entries.map((e) => [e.question.messageId, e]));
}

describe('computeLedger across two versions', () => {
  const byId = ledger();

  test('every reviewer question is found; the robot is not', () => {
    assert.deepEqual([...byId.keys()].sort(), ['drop@example.org', 'flush@example.org', 'install@example.org', 'test@example.org', 'unlock@example.org', 'why@example.org']);
  });

  test('acknowledged, then resolved by the requested call appearing in the function', () => {
    const e = byId.get('flush@example.org')!;
    assert.equal(e.status, 'resolved');
    assert.equal(e.acknowledged, true);
    assert.equal(e.resolvedIn, 2);
    const code = e.evidence.find((x) => x.kind === 'code')!;
    assert.match(code.detail, /widget_flush_cache now appears in widget_move_one\(\)/);
    assert.equal(code.messageId, 'widget-v2-1@example.org');
    const line = e.evidence.find((x) => x.kind === 'changelog')!;
    assert.match(line.detail, /^v2 changelog: "flush the cache before clearing the PTE"$/, 'a line crediting nobody matches any reviewer\'s comment it fits closely');
  });

  test('a removal request is resolved when the identifier leaves the function', () => {
    const e = byId.get('drop@example.org')!;
    assert.equal(e.status, 'resolved');
    assert.match(e.evidence.find((x) => x.kind === 'code')!.detail, /widget_count_event no longer appears/);
  });

  test('resolved by a changelog line that credits the reviewer', () => {
    const e = byId.get('why@example.org')!;
    assert.equal(e.status, 'resolved');
    const credit = e.evidence.find((x) => x.kind === 'changelog')!;
    assert.match(credit.detail, /credits Bram Maintainer/);
    assert.equal(credit.messageId, V2);
  });

  test('a requested path that gains a file resolves the request', () => {
    const e = byId.get('test@example.org')!;
    assert.equal(e.status, 'resolved');
    assert.match(e.evidence.find((x) => x.kind === 'path')!.detail, /adds tools\/testing\/selftests\/widget\/widget_test\.c/);
  });

  test('outdated when the quoted code changed without evidence', () => {
    const e = byId.get('install@example.org')!;
    assert.equal(e.status, 'outdated');
    assert.match(e.evidence.at(-1)!.detail, /v2 changed the quoted code in widget_move_one\(\)/);
    assert.deepEqual(e.carried, []);
  });

  test('unresolved questions are carried to v2 by file, function and code, and flagged', () => {
    const e = byId.get('unlock@example.org')!;
    assert.equal(e.status, 'open');
    assert.equal(e.carried.length, 1);
    assert.equal(e.carried[0]!.seriesKey, V2);
    assert.equal(e.carried[0]!.anchor.function, 'widget_move_one');
    assert.equal(e.carried[0]!.anchor.patchIndex, 1);
    assert.equal(e.flag, 'v2 has no matching change and there is no answer');
  });

  test('the reviewer acking v2 resolves what they asked on v1', () => {
    const ack = threadMessage('bram-ack@example.org', BRAM, V2, V2, 'Acked-by: Bram Maintainer <bram@example.org>',
      [{ key: 'Acked-by', value: 'Bram Maintainer <bram@example.org>', name: 'Bram Maintainer', email: 'bram@example.org' }]);
    const e = ledger([ack]).get('unlock@example.org')!;
    assert.equal(e.status, 'resolved');
    assert.equal(e.evidence.at(-1)!.messageId, 'bram-ack@example.org');
    assert.deepEqual(e.carried, []);
  });

  test('without a next version nothing is carried or flagged', () => {
    const only = computeLedger([version(V1, 1, null, 'Widgets.', [[1, 'widget-v1-1@example.org', P1], [2, 'widget-v1-2@example.org', P2]], v1Thread())]);
    const unlock = only.entries.find((e) => e.question.messageId === 'unlock@example.org')!;
    assert.equal(unlock.status, 'open');
    assert.equal(unlock.flag, null);
    assert.equal(only.credits.length, 0);
  });
});
