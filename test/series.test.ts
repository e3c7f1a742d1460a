import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { groupSeries } from '../src/ingest/series.ts';
import { basicSeries, item, shape } from './fixtures/series/factory.ts';

const B = 'bo@example.com';

describe('groupSeries: grouping', () => {
  test('cover letter with shallow threading', () => {
    const g = groupSeries(basicSeries());
    assert.deepEqual(shape(g), [[1, 2]]);
    const s = g.series[0]!;
    assert.equal(s.key, 's0');
    assert.equal(s.coverId, 's0');
    assert.equal(s.title, 'mm: sample series');
    assert.equal(s.total, 2);
    assert.equal(s.complete, true);
    assert.equal(s.version, 1);
    assert.deepEqual(s.patches, [{ index: 1, messageId: 's1' }, { index: 2, messageId: 's2' }]);
    assert.deepEqual([...g.patchOf.entries()].sort(), [['s0', 's0'], ['s1', 's0'], ['s2', 's0']]);
  });

  test('no cover: the first patch names the series', () => {
    const g = groupSeries([
      item({ id: 'p1', subject: '[PATCH 1/2] mm: add lorem', at: 0, diff: true }),
      item({ id: 'p2', subject: '[PATCH 2/2] mm: convert', at: 1, irt: ['p1'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[0, 2]]);
    assert.equal(g.series[0]!.key, 'p1');
    assert.equal(g.series[0]!.title, 'mm: add lorem');
    assert.equal(g.series[0]!.complete, true);
  });

  test('deep threading and reversed arrival give the same series', () => {
    const deep = [
      item({ id: 'c', subject: '[PATCH 0/2] mm: sample', at: 0 }),
      item({ id: 'p1', subject: '[PATCH 1/2] mm: one', at: 1, irt: ['c'], diff: true }),
      item({ id: 'p2', subject: '[PATCH 2/2] mm: two', at: 2, irt: ['p1'], refs: ['c', 'p1'], diff: true }),
    ];
    for (const input of [deep, [...deep].reverse()]) {
      const g = groupSeries(input);
      assert.deepEqual(shape(g), [[1, 2]]);
      assert.equal(g.series[0]!.key, 'c');
      assert.equal(g.series[0]!.title, 'mm: sample');
    }
  });

  test('extra patch 3/2 is included and the series is complete', () => {
    const g = groupSeries([...basicSeries(), item({ id: 's3', subject: '[PATCH 3/2] mm: extra', at: 3, irt: ['s0'], diff: true })]);
    assert.deepEqual(shape(g), [[1, 3]]);
    assert.equal(g.series[0]!.total, 2);
    assert.equal(g.series[0]!.complete, true);
    assert.deepEqual(g.series[0]!.patches.map((p) => p.index), [1, 2, 3]);
  });

  test('incomplete series', () => {
    const g = groupSeries(basicSeries().slice(0, 2));
    assert.deepEqual(shape(g), [[1, 1]]);
    assert.equal(g.series[0]!.complete, false);
    const coverOnly = groupSeries(basicSeries().slice(0, 1));
    assert.deepEqual(shape(coverOnly), [[1, 0]]);
    assert.equal(coverOnly.series[0]!.complete, false);
  });

  test('a lone unnumbered patch', () => {
    const g = groupSeries([item({ id: 'x', subject: '[PATCH] mm: fix leak', diff: true })]);
    assert.deepEqual(shape(g), [[0, 1]]);
    assert.equal(g.series[0]!.total, 1);
    assert.equal(g.series[0]!.complete, true);
    assert.deepEqual(g.series[0]!.patches, [{ index: 1, messageId: 'x' }]);
  });

  test('an unnumbered diff answering a cover is a series of its own', () => {
    const g = groupSeries([
      ...basicSeries().slice(0, 2),
      item({ id: 'orphan', subject: 'This is an orphaned patch!', at: 3, irt: ['s0'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[1, 1], [0, 1]]);
    assert.equal(g.patchOf.get('orphan'), 'orphan');
  });

  test('a second 1/2 answering the first starts a new series', () => {
    const g = groupSeries([
      item({ id: 'a1', subject: '[PATCH 1/2] mm: one', at: 0, diff: true }),
      item({ id: 'a2', subject: '[PATCH 2/2] mm: two', at: 1, irt: ['a1'], diff: true }),
      item({ id: 'b1', subject: '[PATCH 1/2] mm: one', at: 8, irt: ['a1'], diff: true }),
      item({ id: 'b2', subject: '[PATCH 2/2] mm: two', at: 9, irt: ['b1'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[0, 2], [0, 2]]);
    assert.deepEqual(g.series.map((s) => s.patches.map((p) => p.messageId)), [['a1', 'a2'], ['b1', 'b2']]);
    assert.equal(g.series[1]!.previousKey, null);
  });

  test('a v2 patch never joins v1', () => {
    const g = groupSeries([
      item({ id: 'v1p1', subject: '[PATCH 1/2] mm: one', at: 0, diff: true }),
      item({ id: 'v2p2', subject: '[PATCH v2 2/2] mm: two', at: 60 * 24 * 7, irt: ['v2p1-missing'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[0, 1], [0, 1]]);
    assert.deepEqual(g.series.map((s) => s.version), [1, 2]);
  });

  test('a v2 patch answering a v1 patch of the same number does not join it', () => {
    const g = groupSeries([
      item({ id: 'v1p1', subject: '[PATCH 1/2] mm: one', at: 0, diff: true }),
      item({ id: 'v2p2', subject: '[PATCH v2 2/2] mm: two', at: 5, irt: ['v1p1'], diff: true }),
    ]);
    assert.deepEqual(g.series.map((s) => s.version), [1, 2]);
  });

  test('identical re-sends minutes apart are separate series', () => {
    const g = groupSeries([1, 3, 0].map((at, i) => item({ id: `spam${i}`, subject: '[PATCH v2 1/4] tags: rework', at, diff: true })));
    assert.deepEqual(shape(g), [[0, 1], [0, 1], [0, 1]]);
    assert.deepEqual(g.series.map((s) => s.key), ['spam2', 'spam0', 'spam1']);
  });

  test('unthreaded mail: sender + version + total within 20 minutes', () => {
    const g = groupSeries([
      item({ id: 'c', subject: '[PATCH 0/2] powerpc: display', at: 0 }),
      item({ id: 'p1', subject: '[PATCH 1/2] powerpc: update', at: 0.3, diff: true }),
      item({ id: 'p2', subject: '[Patch 2/2]: powerpc: fix', at: 0.5, diff: true }),
      item({ id: 'other', subject: '[PATCH 2/2] net: unrelated', at: 0.6, diff: true, from: B }),
    ]);
    assert.deepEqual(shape(g), [[1, 2], [0, 1]]);
    assert.equal(g.patchOf.get('p2'), 'c');
    assert.equal(g.patchOf.get('other'), 'other');
  });

  test('unthreaded re-send an hour later is another series', () => {
    const one = (at: number, tag: string) => [
      item({ id: `${tag}1`, subject: '[net,v2,1/2] net: remove a thing', at, diff: true }),
      item({ id: `${tag}2`, subject: '[net,v2,2/2] net: fix release', at: at + 8, diff: true }),
    ];
    const g = groupSeries([...one(0, 'a'), ...one(60, 'b')]);
    assert.deepEqual(shape(g), [[0, 2], [0, 2]]);
    assert.deepEqual(g.series.map((s) => s.version), [2, 2]);
    assert.equal(g.patchOf.get('b2'), 'b1');
    const late = groupSeries([
      item({ id: 'x1', subject: '[PATCH 1/2] mm: a', at: 0, diff: true }),
      item({ id: 'x2', subject: '[PATCH 2/2] mm: b', at: 21, diff: true }),
    ]);
    assert.equal(late.series.length, 2);
  });

  test('a v3 cover with unlabelled patches is one v3 series', () => {
    const g = groupSeries([
      item({ id: 'c', subject: '[PATCH net-next v3 0/2] net: ground work (v3)', at: 0 }),
      item({ id: 'p1', subject: '[PATCH 1/2] net: one', at: 1, irt: ['c'], diff: true }),
      item({ id: 'p2', subject: '[PATCH 2/2] net: two', at: 2, irt: ['c'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[1, 2]]);
    assert.equal(g.series[0]!.version, 3);
    assert.equal(g.series[0]!.title, 'net: ground work');
  });

  test('a numbered patch without a diff in the text still counts when it answers its cover', () => {
    const g = groupSeries([
      ...basicSeries().slice(0, 2),
      item({ id: 's2', subject: '[PATCH 2/2] mm: attached diff', at: 2, irt: ['s0'] }),
    ]);
    assert.deepEqual(shape(g), [[1, 2]]);
  });

  test('a pull request with a diff is not a patch', () => {
    const g = groupSeries([item({ id: 'pull', subject: '[GIT PULL] mm fixes', diff: true })]);
    assert.equal(g.series.length, 0);
  });

  test('RFC flag comes from the cover or the first patch', () => {
    const g = groupSeries([
      item({ id: 'c', subject: '[RFC PATCH 0/1] mm: idea', at: 0 }),
      item({ id: 'p', subject: '[RFC PATCH 1/1] mm: idea', at: 1, irt: ['c'], diff: true }),
    ]);
    assert.equal(g.series[0]!.isRfc, true);
  });
});

describe('groupSeries: replies', () => {
  test('replies point at the nearest patch or cover, even with a diff', () => {
    const g = groupSeries([
      ...basicSeries(),
      item({ id: 'r1', subject: 'Re: [PATCH 1/2] mm: add lorem', at: 10, irt: ['s1'], refs: ['s0', 's1'], from: B }),
      item({ id: 'r2', subject: 'Re: [PATCH 1/2] mm: add lorem', at: 11, irt: ['r1'], refs: ['s0', 's1', 'r1'] }),
      item({ id: 'fix', subject: 'Re: [PATCH 2/2] mm: convert lorem', at: 12, irt: ['s2'], diff: true, from: B }),
      item({ id: 'rc', subject: 'Re: [PATCH 0/2] mm: sample series', at: 13, irt: ['s0'], from: B }),
      item({ id: 'lost', subject: 'Re: [PATCH 2/2] mm: convert lorem', at: 14, irt: ['missing'], refs: ['s0', 's2', 'missing'], from: B }),
    ]);
    assert.deepEqual(shape(g), [[1, 2]]);
    assert.deepEqual(g.replies.get('r1'), { seriesKey: 's0', targetId: 's1' });
    assert.deepEqual(g.replies.get('r2'), { seriesKey: 's0', targetId: 's1' });
    assert.deepEqual(g.replies.get('fix'), { seriesKey: 's0', targetId: 's2' });
    assert.deepEqual(g.replies.get('rc'), { seriesKey: 's0', targetId: 's0' });
    assert.deepEqual(g.replies.get('lost'), { seriesKey: 's0', targetId: 's2' });
    assert.equal(g.patchOf.has('fix'), false);
  });

  test('"nore": the same subject without Re: and without a diff is a reply', () => {
    const g = groupSeries([
      item({ id: 'p', subject: '[PATCH] mm: simple', at: 0, diff: true }),
      item({ id: 'f', subject: '[PATCH] mm: simple', at: 1, irt: ['p'], from: B }),
      item({ id: 'c', subject: '[PATCH v2 0/2] mm: pair', at: 2 }),
      item({ id: 'cf', subject: '[PATCH v2 0/2] mm: pair', at: 3, irt: ['c'], from: B }),
    ]);
    assert.deepEqual(shape(g), [[0, 1], [1, 0]]);
    assert.deepEqual(g.replies.get('f'), { seriesKey: 'p', targetId: 'p' });
    assert.deepEqual(g.replies.get('cf'), { seriesKey: 'c', targetId: 'c' });
  });

  test('messages outside any series are not replies', () => {
    const g = groupSeries([
      item({ id: 'q', subject: 'question about reclaim', at: 0, from: B }),
      item({ id: 'qa', subject: 'Re: question about reclaim', at: 1, irt: ['q'] }),
    ]);
    assert.equal(g.series.length, 0);
    assert.equal(g.replies.size, 0);
  });
});

describe('groupSeries: naked covers and partial re-rolls', () => {
  test('an untagged root by the patch author is the cover', () => {
    const g = groupSeries([
      item({ id: 'n', subject: 'do a thing to the widget', at: 0 }),
      item({ id: 'p', subject: '[PATCH] widget: do it', at: 1, irt: ['n'], diff: true }),
      item({ id: 'r', subject: 'Re: do a thing to the widget', at: 2, irt: ['n'], from: B }),
    ]);
    assert.deepEqual(shape(g), [[1, 1]]);
    assert.equal(g.series[0]!.coverId, 'n');
    assert.equal(g.series[0]!.title, 'do a thing to the widget');
    assert.equal(g.series[0]!.complete, true);
    assert.deepEqual(g.replies.get('r'), { seriesKey: 'n', targetId: 'n' });
  });

  test('a naked cover takes the version of its numbered patches', () => {
    const g = groupSeries([
      item({ id: 'n', subject: 'widget rework', at: 0 }),
      item({ id: 'p1', subject: '[PATCH v2 1/2] widget: a', at: 1, irt: ['n'], diff: true }),
      item({ id: 'p2', subject: '[PATCH v2 2/2] widget: b', at: 2, irt: ['n'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[1, 2]]);
    assert.equal(g.series[0]!.version, 2);
  });

  test("someone else's report is never the cover", () => {
    const g = groupSeries([
      item({ id: 'bug', subject: 'widget corrupts data', at: 0, from: B }),
      item({ id: 'p', subject: '[PATCH] widget: fix corruption', at: 1, irt: ['bug'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[0, 1]]);
    assert.equal(g.series[0]!.key, 'p');
    assert.equal(g.replies.has('bug'), false);
  });

  test('a partial re-roll is its own incomplete version carrying the rest', () => {
    const g = groupSeries([
      ...basicSeries('v2-', 'v2'),
      item({ id: 'rev', subject: 'Re: [PATCH v2 2/2] mm: convert lorem', at: 5, irt: ['v2-2'], from: B }),
      item({ id: 'v3-2', subject: '[PATCH v3 2/2] mm: convert lorem', at: 30, irt: ['v2-2'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[1, 2], [0, 1]]);
    const v3 = g.series[1]!;
    assert.equal(v3.version, 3);
    assert.equal(v3.complete, false);
    assert.equal(v3.previousKey, 'v2-0');
    assert.deepEqual(v3.patches, [{ index: 2, messageId: 'v3-2' }]);
    assert.deepEqual(v3.carried, [{ index: 1, messageId: 'v2-1', fromKey: 'v2-0' }]);
    assert.deepEqual(g.replies.get('rev'), { seriesKey: 'v2-0', targetId: 'v2-2' });
  });

  test('re-rolled patches answering their old counterparts form one version', () => {
    const g = groupSeries([
      item({ id: 'a1', subject: '[PATCH 1/2] mm: one', at: 0, diff: true }),
      item({ id: 'a2', subject: '[PATCH 2/2] mm: two', at: 1, irt: ['a1'], diff: true }),
      item({ id: 'b1', subject: '[PATCH v2 1/2] mm: one', at: 300, irt: ['a1'], diff: true }),
      item({ id: 'b2', subject: '[PATCH v2 2/2] mm: two', at: 301, irt: ['a2'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[0, 2], [0, 2]]);
    assert.equal(g.series[1]!.previousKey, 'a1');
    assert.equal(g.series[1]!.carried, undefined);
  });

  test('a v2 cover answering a v1 patch starts the v2 series, linked', () => {
    const g = groupSeries([
      ...basicSeries('a'),
      item({ id: 'b0', subject: '[PATCH v2 0/2] mm: sample series', at: 10, irt: ['a2'] }),
      item({ id: 'b2', subject: '[PATCH v2 2/2] mm: convert lorem', at: 10.2, irt: ['b0'], refs: ['a2', 'b0'], diff: true }),
      item({ id: 'b1', subject: '[PATCH v2 1/2] mm: add lorem', at: 10.1, irt: ['b0'], refs: ['a2', 'b0'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[1, 2], [1, 2]]);
    assert.deepEqual(g.series.map((s) => s.version), [1, 2]);
    assert.equal(g.series[1]!.previousKey, 'a0');
  });
});

describe('groupSeries: version links', () => {
  test('same author and cover title link v1 -> v2 -> v3 (cover-less v3 too)', () => {
    const v3 = [
      item({ id: 'c1', subject: '[PATCH v3 1/2] mm: add lorem', at: 2000, diff: true }),
      item({ id: 'c2', subject: '[PATCH v3 2/2] mm: convert lorem', at: 2001, irt: ['c1'], diff: true }),
    ];
    const g = groupSeries([...basicSeries('a'), ...basicSeries('b', 'v2', 1000), ...v3]);
    assert.deepEqual(g.series.map((s) => [s.key, s.version, s.previousKey]), [['a0', 1, null], ['b0', 2, 'a0'], ['c1', 3, 'b0']]);
  });

  test('change-id links across a title change and another sender', () => {
    const g = groupSeries([
      item({ id: 'x', subject: '[PATCH 0/1] mm: first name', at: 0, changeId: '20240101-thing-abc' }),
      item({ id: 'x1', subject: '[PATCH 1/1] mm: x', at: 1, irt: ['x'], diff: true }),
      item({ id: 'y', subject: '[PATCH v2 0/1] completely different words', at: 900, from: B, changeId: '20240101-thing-abc' }),
      item({ id: 'y1', subject: '[PATCH v2 1/1] mm: y', at: 901, irt: ['y'], diff: true, from: B }),
    ]);
    assert.equal(g.series[1]!.previousKey, 'x');
    assert.equal(g.series[1]!.changeId, '20240101-thing-abc');
  });

  test('change-id is read from the text when the caller did not give one', () => {
    const g = groupSeries([{ msg: item({ id: 'c', subject: '[PATCH 0/1] mm: z', text: 'cover\n\nbase-commit: abc\nchange-id: 20240202-z-1\n' }).msg, hasDiff: false }]);
    assert.equal(g.series[0]!.changeId, '20240202-z-1');
  });

  test('different change-ids never link, even with the same title', () => {
    const g = groupSeries([
      item({ id: 'x', subject: '[PATCH 0/1] mm: same', at: 0, changeId: 'one' }),
      item({ id: 'y', subject: '[PATCH v2 0/1] mm: same', at: 900, changeId: 'two' }),
    ]);
    assert.equal(g.series[1]!.previousKey, null);
  });

  test('a renamed series links by similar cover and patch titles', () => {
    const g = groupSeries([
      item({ id: 'a', subject: '[PATCH v2 0/2] userfault remap option', at: 0 }),
      item({ id: 'a1', subject: '[PATCH v2 1/2] uffd: REMAP_PAGES uABI', at: 1, irt: ['a'], diff: true }),
      item({ id: 'a2', subject: '[PATCH v2 2/2] selftests: add REMAP_PAGES test', at: 2, irt: ['a'], diff: true }),
      item({ id: 'b', subject: '[PATCH v3 0/2] userfault move option', at: 9000 }),
      item({ id: 'b1', subject: '[PATCH v3 1/2] uffd: MOVE_PAGES uABI', at: 9001, irt: ['b'], diff: true }),
      item({ id: 'b2', subject: '[PATCH v3 2/2] selftests: add MOVE_PAGES test', at: 9002, irt: ['b'], diff: true }),
    ]);
    assert.equal(g.series[1]!.previousKey, 'a');
  });

  test('no link without evidence, across authors, or without a higher version', () => {
    const g = groupSeries([
      ...basicSeries('a'),
      // Same author, v2, unrelated titles.
      item({ id: 'u', subject: '[PATCH v2] mm: something else entirely', at: 100, diff: true }),
      // Another author re-using the cover title, with patches of their own.
      item({ id: 'b0', subject: '[PATCH v2 0/2] mm: sample series', at: 200, from: B }),
      item({ id: 'b1', subject: '[PATCH v2 1/2] mm: add ipsum', at: 201, irt: ['b0'], diff: true, from: B }),
      item({ id: 'b2', subject: '[PATCH v2 2/2] mm: convert ipsum', at: 202, irt: ['b0'], diff: true, from: B }),
      // Same author and title but not a higher version.
      ...basicSeries('c', '', 300),
      // Similar cover title but no patch title in common.
      item({ id: 'd', subject: '[PATCH v2 0/1] mm: sample series reworked', at: 400 }),
      item({ id: 'd1', subject: '[PATCH v2 1/1] fs: unrelated change', at: 401, irt: ['d'], diff: true }),
    ]);
    for (const s of g.series) assert.equal(s.previousKey, null, s.key);
  });

  test('another author re-posting the very same patches continues the series; the original author\'s next version follows the re-post', () => {
    const g = groupSeries([...basicSeries('a'), ...basicSeries('b', 'v2', 200, B), ...basicSeries('c', 'v3', 300)]);
    assert.deepEqual(g.series.map((s) => [s.key, s.previousKey]), [['a0', null], ['b0', 'a0'], ['c0', 'b0']]);
    // One patch alone is too little to tie two authors together.
    const one = groupSeries([
      item({ id: 'p', subject: '[PATCH] mm: fix a typo', at: 0, diff: true }),
      item({ id: 'q', subject: '[PATCH v2] mm: fix a typo', at: 100, diff: true, from: B }),
    ]);
    assert.equal(one.series[1]!.previousKey, null);
  });

  test('a one-patch version and a later version with a cover letter under that patch\'s title are one series', () => {
    const g = groupSeries([
      item({ id: 'p', subject: '[PATCH v2] mm: track lorem time', at: 0, diff: true }),
      item({ id: 'c0', subject: '[PATCH v3 0/2] mm: track lorem time', at: 100 }),
      item({ id: 'c1', subject: '[PATCH v3 1/2] mm: add the lorem clock', at: 101, irt: ['c0'], diff: true }),
      item({ id: 'c2', subject: '[PATCH v3 2/2] selftests: test the lorem clock', at: 102, irt: ['c0'], diff: true }),
    ]);
    assert.equal(g.series.find((s) => s.key === 'c0')!.previousKey, 'p');
  });

  test('a lore link to an older version links it through a changed title; a link to an unrelated series does not', () => {
    const g = groupSeries([
      item({ id: 'old@x', subject: '[PATCH] tools/lorem: add a lorem events listener', at: 0, diff: true }),
      item({ id: 'dep@x', subject: '[PATCH] fs: unrelated ipsum cleanup', at: 10, diff: true }),
      item({ id: 'new0@x', subject: '[PATCH v2 0/2] samples: lorem listeners', at: 100,
        text: 'Changes since v1 [1]; needs [2].\n\n[1] https://lore.kernel.org/all/old@x/\n[2] https://lore.kernel.org/r/dep%40x\n' }),
      item({ id: 'new1@x', subject: '[PATCH v2 1/2] samples/lorem: add a lorem events listener', at: 101, irt: ['new0@x'], diff: true }),
      item({ id: 'new2@x', subject: '[PATCH v2 2/2] samples/lorem: move the old listener', at: 102, irt: ['new0@x'], diff: true }),
    ]);
    assert.equal(g.series.find((s) => s.key === 'new0@x')!.previousKey, 'old@x');
    const withoutLink = groupSeries([
      item({ id: 'dep@x', subject: '[PATCH] fs: unrelated ipsum cleanup', at: 10, diff: true }),
      item({ id: 'new0@x', subject: '[PATCH v2 0/1] samples: lorem listeners', at: 100, text: 'Needs https://lore.kernel.org/r/dep@x\n' }),
      item({ id: 'new1@x', subject: '[PATCH v2 1/1] samples/lorem: add a lorem events listener', at: 101, irt: ['new0@x'], diff: true }),
    ]);
    assert.equal(withoutLink.series.find((s) => s.key === 'new0@x')!.previousKey, null);
    // A link to the author's own related work never overrides other evidence.
    const dependency = groupSeries([
      item({ id: 'v1-0@x', subject: '[PATCH 0/2] mm/lorem: make lorem limits tier aware', at: 0 }),
      item({ id: 'v1-1@x', subject: '[PATCH 1/2] mm/lorem: count lorem per tier', at: 1, irt: ['v1-0@x'], diff: true }),
      item({ id: 'v1-2@x', subject: '[PATCH 2/2] mm/lorem: limit lorem per tier', at: 2, irt: ['v1-0@x'], diff: true }),
      item({ id: 'dep@x', subject: '[PATCH] mm/lorem: move the lorem stock to the counter', at: 50, diff: true }),
      item({ id: 'v2-0@x', subject: '[PATCH v2 0/2] mm/lorem: make lorem limits tier-aware', at: 100, text: 'Built on [1].\n[1] https://lore.kernel.org/all/dep@x/\n' }),
      item({ id: 'v2-1@x', subject: '[PATCH v2 1/2] mm/lorem: count lorem per tier', at: 101, irt: ['v2-0@x'], diff: true }),
      item({ id: 'v2-2@x', subject: '[PATCH v2 2/2] mm/lorem: limit lorem per memory tier', at: 102, irt: ['v2-0@x'], diff: true }),
    ]);
    assert.equal(dependency.series.find((s) => s.key === 'v2-0@x')!.previousKey, 'v1-0@x');
  });

  test('re-sends in reply to v1 chain to the latest lower version', () => {
    const v = (n: number, at: number) => item({ id: `v${n}`, subject: `[PATCH v${n}] mm: fix low usage`, at, irt: ['v1'], diff: true });
    const g = groupSeries([item({ id: 'v1', subject: '[PATCH] mm: fix low usage', at: 0, diff: true }), v(2, 100), v(3, 200)]);
    assert.deepEqual(g.series.map((s) => s.previousKey), [null, 'v1', 'v2']);
  });

  test('two series sent in one thread are not versions of each other', () => {
    const g = groupSeries([
      item({ id: 'a1', subject: '[PATCH 1/2] md/linear: add a mode', at: 0, diff: true }),
      item({ id: 'a2', subject: '[PATCH 2/2] ext4: add an option', at: 0.1, irt: ['a1'], diff: true }),
      item({ id: 'b0', subject: '[PATCH v2 0/1] blk-cgroup: fix list races', at: 0.2, irt: ['a1'] }),
      item({ id: 'b1', subject: '[PATCH v2 1/1] blk-cgroup: protect iteration', at: 0.3, irt: ['b0'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[0, 2], [1, 1]]);
    assert.equal(g.series[1]!.previousKey, null);
  });

  test('a trailing "(vN)" on one patch of a series does not split it', () => {
    const g = groupSeries([
      item({ id: 'c', subject: '[PATCH 0/2] drm/ttm: memcg tracking', at: 0 }),
      item({ id: 'p1', subject: '[PATCH 1/2] ttm: add pool', at: 1, irt: ['c'], diff: true }),
      item({ id: 'p2', subject: '[PATCH 2/2] ttm: add memcg integration. (v4)', at: 2, irt: ['c'], diff: true }),
    ]);
    assert.deepEqual(shape(g), [[1, 2]]);
    assert.equal(g.series[0]!.version, 1);
    assert.equal(groupSeries([item({ id: 'x', subject: '[PATCH] mm: lone (v3)', diff: true })]).series[0]!.version, 3);
  });

  test('picks the highest earlier version', () => {
    const g = groupSeries([...basicSeries('a'), ...basicSeries('b', 'v2', 100), ...basicSeries('c', 'v3', 200)]);
    assert.deepEqual(g.series.map((s) => s.previousKey), [null, 'a0', 'b0']);
  });
});

describe('groupSeries: hostile and odd input', () => {
  test('duplicates, missing dates, missing senders and cycles do not break grouping', () => {
    const g = groupSeries([
      item({ id: 'c', subject: '[PATCH 0/2] mm: x', at: null, irt: ['p2'] }),
      item({ id: 'p1', subject: '[PATCH 1/2] mm: one', at: null, irt: ['c'], diff: true, from: '' }),
      item({ id: 'p2', subject: '[PATCH 2/2] mm: two', at: 1, irt: ['c'], diff: true }),
      item({ id: 'p2', subject: '[PATCH 2/2] mm: two', at: 1, irt: ['c'], diff: true }),
      item({ id: 'weird', subject: '\u0000[PATCH 99999/1]\u202e', at: 2, diff: true }),
    ]);
    const all = g.series.flatMap((s) => s.patches.map((p) => p.messageId)).sort();
    assert.deepEqual(all, ['p1', 'p2', 'weird']);
    assert.equal(g.patchOf.get('p1'), g.patchOf.get('c'));
  });

  test('output order is by date, then key, whatever the input order', () => {
    const input = [
      item({ id: 'zz', subject: '[PATCH] mm: z', at: 0, diff: true }),
      item({ id: 'aa', subject: '[PATCH] mm: a', at: 0, diff: true, from: B }),
      item({ id: 'early', subject: '[PATCH] mm: e', at: -5, diff: true }),
      item({ id: 'nodate', subject: '[PATCH] mm: n', at: null, diff: true }),
    ];
    for (const order of [input, [...input].reverse()]) {
      assert.deepEqual(groupSeries(order).series.map((s) => s.key), ['early', 'aa', 'zz', 'nodate']);
    }
  });

  test('groups a large mailbox (2,000 series) correctly', { timeout: 60_000 }, () => {
    const items = [];
    for (let s = 0; s < 2000; s++) {
      const at = s * 30;
      const from = `dev${s % 50}@example.org`;
      items.push(item({ id: `c${s}`, subject: `[PATCH v${1 + (s % 3)} 0/3] mm: topic ${s}`, at, from }));
      for (let i = 1; i <= 3; i++) {
        items.push(item({ id: `p${s}-${i}`, subject: `[PATCH v${1 + (s % 3)} ${i}/3] mm: part ${i} of ${s}`, at: at + i, irt: [`c${s}`], diff: true, from }));
        items.push(item({ id: `r${s}-${i}`, subject: `Re: [PATCH ${i}/3] mm: part`, at: at + 10, irt: [`p${s}-${i}`], from: B }));
      }
    }
    const g = groupSeries(items);
    assert.equal(g.series.length, 2000);
    assert.equal(g.replies.size, 6000);
  });
});
