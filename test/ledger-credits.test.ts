// Issue #16, cause 1: changelog lines matched to the comments they answer, one to one: credit
// variants, lines crediting nobody, announced renames, comments of one reply resolved together, and
// a credit line about something else resolving nothing. Synthetic "widget" threads only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Address } from '../src/domain/mail.ts';
import { applyRenames, changelogLines, creditedNames, matchCredits, renamesIn, type CreditCandidate } from '../src/questions/changelog.ts';
import { computeLedger, type LedgerEntry, type VersionInput } from '../src/questions/compute.ts';
import type { ThreadMessage } from '../src/questions/types.ts';
import { ADA, AUTHOR, BRAM, content, diffLine, newFileDiff, patchBody, quote, threadMessage } from './fixtures/questions/build.ts';

const CLEO: Address = { name: 'Cleo Tester', email: 'cleo@example.org' };

function comment(key: string, askedBy: Address, messageId: string, text: string, context = '', anchor: string[] = []): CreditCandidate {
  return { key, askedBy, messageId, text, context, anchor };
}

function lines(text: string, version = 2) {
  return changelogLines(`Changes since v${version - 1}:\n${text}`, version, 'cover', 0);
}

const matched = (m: Map<string, unknown>): string[] => [...m.keys()].sort();

describe('credit variants', () => {
  test('every usual way of crediting names the reviewer', () => {
    for (const [line, names] of [
      ['- dropped the extern keyword, per Ada Reviewer', ['Ada Reviewer']],
      ['- dropped the extern keyword (Ada Reviewer)', ['Ada Reviewer']],
      ['- dropped the extern keyword, suggested by Ada', ['Ada']],
      ['- dropped the extern keyword, thanks to Ada Reviewer', ['Ada Reviewer']],
      ["- addressed Ada's comment on the extern keyword", ['Ada']],
      ['- dropped the extern keyword, Ada Reviewer and Bram Maintainer', ['Ada Reviewer', 'Bram Maintainer']],
    ] as const) assert.deepEqual(creditedNames(line), names, line);
  });

  test('a credit line answers the credited reviewer\'s comment it fits, even on a single shared word', () => {
    const m = matchCredits(lines('- removed extern from the function definitions, per Ada Reviewer\n'), [
      comment('extern', ADA, 'a1', 'The extern markers on these prototypes are not needed.'),
      comment('lock', ADA, 'a2', 'Which lock protects the widget table here?'),
      comment('bram', BRAM, 'b1', 'Drop the extern, please.'),
    ]);
    assert.deepEqual(matched(m), ['extern'], 'Ada\'s other comment and Bram\'s similar one are left alone');
  });

  test('a line announcing renames finds the credited reviewer\'s comment on a name', () => {
    const m = matchCredits(lines('- Rename the helpers to be more clear (Ada & Bram)\n'), [
      comment('name', ADA, 'a1', 'I am unhappy with the name widget_finish(): it finishes nothing.'),
      comment('arg', ADA, 'a1', 'And it does not need a folio argument at all.'),
    ]);
    assert.deepEqual(matched(m), ['name']);
  });

  test('a line crediting a reviewer by a problem word ("prevent moving pinned folios") finds the question about it', () => {
    const m = matchCredits(lines('- prevent moving pinned folios, per Bram Maintainer\n'), [
      comment('pin', BRAM, 'b1', 'What if the folio is pinned by a driver while it moves?'),
      comment('name', BRAM, 'b2', 'The ioctl name reads oddly; WIDGET_IOC_SHIFT perhaps?'),
    ]);
    assert.deepEqual(matched(m), ['pin']);
  });

  test('a line crediting nobody matches any reviewer\'s comment, on specific evidence only', () => {
    const m = matchCredits(lines('- recheck widget_table_locked() after taking the table lock\n- update the comments\n'), [
      comment('recheck', BRAM, 'b1', 'You need to recheck widget_table_locked() once the lock is taken.'),
      comment('vague', ADA, 'a1', 'Please update this.'),
    ]);
    assert.deepEqual(matched(m), ['recheck'], 'an identifier ties the first line; the second shares only everyday words');
  });

  test('one line, one comment: a second credit line for the same reviewer goes to their other comment', () => {
    const m = matchCredits(lines('- flush the widget cache before clearing, per Ada Reviewer\n- reworded the commit message, per Ada Reviewer\n'), [
      comment('flush', ADA, 'a1', 'The widget cache must be flushed before the entry is cleared.'),
      comment('message', ADA, 'a2', 'The commit message should say why the cache matters.'),
    ]);
    assert.match((m.get('flush') as { line: { line: string } }[])[0]!.line.line, /flush/);
    assert.match((m.get('message') as { line: { line: string } }[])[0]!.line.line, /commit message/);
  });

  test('a credit line about something else resolves nothing', () => {
    const m = matchCredits(lines('- replaced calls to read_widget_size() in the move test, per Bram Maintainer\n'), [
      comment('a', BRAM, 'b1', 'Could we move whole tables while holding the lock in read mode?'),
      comment('b', BRAM, 'b2', 'Why is the ioctl number so large?'),
    ]);
    assert.equal(m.size, 0);
  });

  test('comments of one reply that one line covers are resolved together, not those of another reply', () => {
    const m = matchCredits(lines('- converted the refcounting to folios, per Ada Reviewer\n'), [
      comment('get', ADA, 'a1', 'folio_get() here, the refcount is on the folio.'),
      comment('put', ADA, 'a1', 'And folio_put() for the refcount drop.'),
      comment('other', ADA, 'a2', 'Does the refcount of the folio need a barrier?'),
    ]);
    assert.deepEqual(matched(m), ['get', 'put']);
  });

  test('a credit line left over goes to the credited reviewer\'s one comment left over, unless it names something else', () => {
    const text = '- flush the widget cache before clearing, per Ada Reviewer\n- restructured the loop into smaller helpers, per Ada Reviewer\n';
    const both = [
      { ...comment('flush', ADA, 'a1', 'The widget cache must be flushed before the entry is cleared.'), recent: true },
      { ...comment('long', ADA, 'a2', 'This function is far too long to review.'), recent: true },
    ];
    assert.deepEqual(matched(matchCredits(lines(text), both)), ['flush', 'long']);
    const named = '- flush the widget cache before clearing, per Ada Reviewer\n- added widget_trace() calls, per Ada Reviewer\n';
    assert.deepEqual(matched(matchCredits(lines(named), both)), ['flush'], 'a line naming widget_trace() is about something the comment does not mention');
    const older = [both[0]!, { ...both[1]!, recent: false }];
    assert.deepEqual(matched(matchCredits(lines(text), older)), ['flush'], 'only a comment on the version just before pairs this way');
  });

  test('a line that credits a whole review covers that reviewer\'s comments', () => {
    const m = matchCredits(lines("- addressed Cleo's review comments\n"), [
      comment('c1', CLEO, 'c1', 'Please split the helper.'),
      comment('c2', CLEO, 'c2', 'Typo in the subject.'),
      comment('a1', ADA, 'a1', 'Please split the helper.'),
    ]);
    assert.deepEqual(matched(m), ['c1', 'c2']);
  });
});

describe('renames a changelog announces', () => {
  test('are read from the usual phrasings', () => {
    assert.deepEqual(renamesIn('renamed WIDGET_FEATURE_MOVE to WIDGET_FEATURE_SHIFT, per Bram'), [{ from: 'WIDGET_FEATURE_MOVE', to: 'WIDGET_FEATURE_SHIFT', part: false }]);
    assert.deepEqual(renamesIn('renamed internal helpers from "move" to "shift"'), [{ from: 'move', to: 'shift', part: true }]);
    assert.deepEqual(renamesIn('s/widget_hold/widget_pin/ throughout'), [{ from: 'widget_hold', to: 'widget_pin', part: false }]);
    assert.deepEqual(renamesIn('moved the check earlier'), []);
  });

  test('apply to whole identifiers, and a renamed word inside identifiers in its case', () => {
    assert.equal(applyRenames('if (flags & WIDGET_FEATURE_MOVE)', [{ from: 'WIDGET_FEATURE_MOVE', to: 'WIDGET_FEATURE_SHIFT', part: false }]), 'if (flags & WIDGET_FEATURE_SHIFT)');
    assert.equal(applyRenames('widget_move_one(); WIDGET_IOC_MOVE; Move it', [{ from: 'move', to: 'shift', part: true }]), 'widget_shift_one(); WIDGET_IOC_SHIFT; Shift it');
  });

  test('a comment naming the old name matches a later line that uses the new one', () => {
    const m = matchCredits(lines('- document WIDGET_FEATURE_SHIFT in the uapi header, per Bram Maintainer\n', 3), [
      comment('doc', BRAM, 'b1', 'WIDGET_FEATURE_MOVE needs a line in the uapi documentation.'),
      comment('other', BRAM, 'b2', 'Why a new flag at all?'),
    ], [{ from: 'WIDGET_FEATURE_MOVE', to: 'WIDGET_FEATURE_SHIFT', part: false }]);
    assert.deepEqual(matched(m), ['doc']);
  });
});

// A small two- and three-version widget series, for the whole ledger.
const MASK_V1 = ['#define WIDGET_FEATURE_MOVE\t(1 << 0)', '#define WIDGET_FEATURES\t(WIDGET_FEATURE_MOVE)'];
const MASK_V2 = ['#define WIDGET_FEATURE_SHIFT\t(1 << 0)', '#define WIDGET_FEATURE_PIN\t(1 << 1)', '#define WIDGET_FEATURES\t(WIDGET_FEATURE_SHIFT | WIDGET_FEATURE_PIN)'];
const CODE_V1 = [
  'int widget_move(struct widget *w)',
  '{',
  '\tstruct folio *folio = widget_folio(w);',
  '',
  '\tif (w->flags & WIDGET_FEATURE_MOVE)',
  '\t\twidget_note(w);',
  '\twidget_take(folio);',
  '\treturn widget_install(w, folio);',
  '}',
];
const CODE_V2 = [
  'int widget_move(struct widget *w)',
  '{',
  '\tstruct folio *folio = widget_folio(w);',
  '',
  '\tif (w->flags & WIDGET_FEATURE_SHIFT)',
  '\t\twidget_note(w);',
  '\tif (folio_maybe_dma_pinned(folio))',
  '\t\treturn -EBUSY;',
  '\twidget_take(folio);',
  '\treturn widget_install(w, folio);',
  '}',
];

const V1P1 = patchBody('Add widget_move().', newFileDiff('mm/widget.c', CODE_V1));
const V1P2 = patchBody('Add the widget uapi.', newFileDiff('include/uapi/linux/widget.h', MASK_V1));
const V2P1 = patchBody('Add widget_move().', newFileDiff('mm/widget.c', CODE_V2));
const V2P2 = patchBody('Add the widget uapi.', newFileDiff('include/uapi/linux/widget.h', MASK_V2));
const COVER_V2 = [
  'Widgets, second round.',
  '',
  'Changes since v1:',
  '- renamed WIDGET_FEATURE_MOVE to WIDGET_FEATURE_SHIFT, per Bram Maintainer',
  '- refuse pinned folios',
  '- added a pin feature bit, per Ada Reviewer',
  '',
].join('\n');

function version(key: string, n: number, previousKey: string | null, coverText: string, patches: [number, string, string][], thread: ThreadMessage[]): VersionInput {
  return {
    key, version: n, previousKey, date: n * 1000, authors: [AUTHOR], coverId: key, coverText,
    patches: patches.map(([index, id, body]) => ({ index, messageId: id, title: `widget patch ${index}`, content: content(body), text: body })),
    thread,
  };
}

function ledger(): Map<string, LedgerEntry> {
  const p1 = 'w-v1-1@example.org';
  const p2 = 'w-v1-2@example.org';
  const thread = [
    threadMessage('name@example.org', BRAM, p2, p2, `${quote(diffLine(V1P2, 'WIDGET_FEATURE_MOVE\t(1'))}\n\nThe name reads as if the widget itself moved; WIDGET_FEATURE_SHIFT perhaps?`),
    threadMessage('pin@example.org', BRAM, p1, p1, `${quote(diffLine(V1P1, 'widget_take(folio)'))}\n\nWhat happens when the folio is pinned by a driver here?`),
    threadMessage('note@example.org', ADA, p1, p1, `${quote(diffLine(V1P1, 'widget_note(w);'))}\n\nWhy is the note taken only for this feature?`),
    threadMessage('bit@example.org', ADA, p2, p2, `${quote(diffLine(V1P2, 'define WIDGET_FEATURES'))}\n\nUserspace will want a feature bit to probe for pin support, please add one.`),
  ];
  const result = computeLedger([
    version('w-v1-0@example.org', 1, null, 'Widgets.', [[1, p1, V1P1], [2, p2, V1P2]], thread),
    version('w-v2-0@example.org', 2, 'w-v1-0@example.org', COVER_V2, [[1, 'w-v2-1@example.org', V2P1], [2, 'w-v2-2@example.org', V2P2]], []),
  ]);
  return new Map(result.entries.map((e) => [e.question.messageId, e]));
}

describe('the ledger with credits, renames and uncredited lines', () => {
  const byId = ledger();

  test('the rename the reviewer asked for is resolved by the line announcing it', () => {
    const e = byId.get('name@example.org')!;
    assert.equal(e.status, 'resolved');
    assert.match(e.evidence.find((x) => x.kind === 'changelog')!.detail, /renamed WIDGET_FEATURE_MOVE to WIDGET_FEATURE_SHIFT/);
  });

  test('an uncredited line resolves the question it answers, in the version that made the change', () => {
    const e = byId.get('pin@example.org')!;
    assert.equal(e.status, 'resolved');
    assert.equal(e.resolvedIn, 2);
    assert.ok(e.evidence.some((x) => x.kind === 'changelog' && /refuse pinned folios/.test(x.detail)));
  });

  test('the announced rename keeps the quoted line: the question under it is carried, not outdated', () => {
    const e = byId.get('note@example.org')!;
    assert.equal(e.status, 'open');
    assert.equal(e.carried.length, 1);
    assert.equal(e.carried[0]!.anchor.function, 'widget_move');
  });

  test('the credited request is resolved by its own line, which no other comment took', () => {
    const e = byId.get('bit@example.org')!;
    assert.equal(e.status, 'resolved');
    assert.match(e.evidence.find((x) => x.kind === 'changelog')!.detail, /pin feature bit, per Ada Reviewer/);
  });
});
