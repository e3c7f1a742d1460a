// Series grouping against the peers' own test mail (patchwork, b4) and a real
// lore thread. Reads ../shared when it exists; skips otherwise.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { hasDiff } from '../src/ingest/patch.ts';
import { groupSeries, type SeriesGrouping } from '../src/ingest/series.ts';

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
const PW = `${SHARED}peer-data/patchwork/series/`;
const B4 = `${SHARED}peer-data/b4/`;
const UFFD = `${SHARED}corpus/uffdio-move/`;
const haveShared = existsSync(`${SHARED}peer-data/MANIFEST.md`);

function load(path: string) {
  const { messages } = splitMailbox(readFileSync(path), path);
  return messages.map((raw) => {
    const msg = parseMessage(raw);
    return { msg, hasDiff: hasDiff(msg.text) };
  });
}

function group(path: string): SeriesGrouping {
  return groupSeries(load(path));
}

/** [covers, patches] per series in date order, plus totals [C, P, R] as patchwork counts them. */
function counts(g: SeriesGrouping) {
  const perSeries = g.series.map((s) => [s.coverId ? 1 : 0, s.patches.length]);
  const covers = perSeries.reduce((n, s) => n + s[0]!, 0);
  const patches = perSeries.reduce((n, s) => n + s[1]!, 0);
  return { totals: [covers, patches, g.replies.size], perSeries };
}

// Section A of MANIFEST.md: patchwork's test_series.py expectations.
const PATCHWORK: [file: string, totals: number[], perSeries: number[][]][] = [
  ['base-single-patch', [0, 1, 0], [[0, 1]]],
  ['base-cover-letter', [1, 2, 0], [[1, 2]]],
  ['base-no-cover-letter', [0, 2, 0], [[0, 2]]],
  ['base-deep-threaded', [1, 2, 0], [[1, 2]]],
  ['base-out-of-order', [1, 2, 0], [[1, 2]]],
  ['base-different-versions', [1, 4, 0], [[1, 4]]],
  ['base-incomplete', [1, 1, 0], [[1, 1]]],
  ['base-extra-patches', [1, 3, 0], [[1, 3]]],
  ['base-no-references-no-cover', [1, 2, 0], [[1, 2]]],
  ['bugs-multiple-references', [1, 4, 0], [[1, 4]]],
  ['bugs-unnumbered', [1, 2, 0], [[1, 1], [0, 1]]],
  ['bugs-nocover-noversion', [0, 4, 0], [[0, 2], [0, 2]]],
  ['bugs-mixed-versions', [0, 2, 0], [[0, 1], [0, 1]]],
  ['bugs-spamming', [0, 3, 0], [[0, 1], [0, 1], [0, 1]]],
  ['revision-basic', [2, 4, 0], [[1, 2], [1, 2]]],
  ['revision-threaded-to-patch', [2, 4, 0], [[1, 2], [1, 2]]],
  ['revision-no-cover-letter', [1, 4, 0], [[1, 2], [0, 2]]],
  ['revision-unlabeled-noreferences', [0, 4, 0], [[0, 2], [0, 2]]],
  ['mercurial-cover-letter', [1, 2, 0], [[1, 2]]],
];

describe('patchwork series files', () => {
  for (const [file, totals, perSeries] of PATCHWORK) {
    test(file, (t) => {
      if (!haveShared) return t.skip('../shared not found');
      const got = counts(group(`${PW}${file}.mbox`));
      assert.deepEqual(got.totals, totals);
      assert.deepEqual(got.perSeries, perSeries);
    });
  }

  test('completeness, names and versions', (t) => {
    if (!haveShared) return t.skip('../shared not found');
    const one = (f: string) => group(`${PW}${f}.mbox`).series;
    assert.equal(one('base-cover-letter')[0]!.complete, true);
    assert.equal(one('base-cover-letter')[0]!.title, 'A sample series');
    assert.equal(one('base-out-of-order')[0]!.title, 'A sample series');
    assert.equal(one('base-no-cover-letter')[0]!.title, 'test: Add some lorem ipsum');
    assert.equal(one('base-incomplete')[0]!.complete, false);
    assert.equal(one('base-extra-patches')[0]!.complete, true);
    assert.equal(one('base-different-versions')[0]!.version, 3);
    assert.equal(one('bugs-multiple-references')[0]!.version, 2);
    assert.deepEqual(one('bugs-mixed-versions').map((s) => s.version), [1, 2]);
    assert.deepEqual(one('revision-unlabeled-noreferences').map((s) => s.version), [2, 2]);
    assert.deepEqual(one('base-no-references-no-cover')[0]!.patches.map((p) => p.index), [1, 2]);
  });

  test("patchwork's two series of a revision are our two linked versions", (t) => {
    if (!haveShared) return t.skip('../shared not found');
    for (const f of ['revision-basic', 'revision-threaded-to-patch', 'revision-no-cover-letter']) {
      const [v1, v2] = group(`${PW}${f}.mbox`).series;
      assert.equal(v1!.version, 1, f);
      assert.equal(v2!.version, 2, f);
      assert.equal(v1!.previousKey, null, f);
      assert.equal(v2!.previousKey, v1!.key, f);
    }
    for (const f of ['bugs-nocover-noversion', 'bugs-spamming', 'revision-unlabeled-noreferences', 'bugs-unnumbered']) {
      for (const s of group(`${PW}${f}.mbox`).series) assert.equal(s.previousKey, null, `${f} ${s.key}`);
    }
  });
});

describe('b4 cover detection, follow-ups and re-rolls', () => {
  test('naked cover by the patch author', (t) => {
    if (!haveShared) return t.skip('../shared not found');
    const g = group(`${B4}naked-cover-single.mbox`);
    assert.equal(g.series.length, 1);
    const s = g.series[0]!;
    assert.equal(s.coverId, '20221025-widget-v1-0-author@example.org');
    assert.equal(s.title, 'do a thing to the widget subsystem');
    assert.deepEqual(s.patches, [{ index: 1, messageId: '20221025-widget-v1-1-author@example.org' }]);
  });

  test("a bug report by someone else is no cover", (t) => {
    if (!haveShared) return t.skip('../shared not found');
    const g = group(`${B4}naked-cover-bugreport.mbox`);
    assert.equal(g.series.length, 1);
    assert.equal(g.series[0]!.coverId, null);
    assert.deepEqual(g.series[0]!.patches.map((p) => p.messageId), ['20221025-widget-fix-author@example.org']);
    assert.equal(g.patchOf.has('20221025-bugreport-widget@example.com'), false);
  });

  test('"nore" follow-up is a reply, not a second patch', (t) => {
    if (!haveShared) return t.skip('../shared not found');
    const g = group(`${B4}trailers-followup-nore.mbox`);
    assert.deepEqual(counts(g).totals, [0, 1, 1]);
    assert.deepEqual(g.replies.get('fwup-message-1@example.com'), { seriesKey: 'orig-message@example.com', targetId: 'orig-message@example.com' });
  });

  test('non-git diff is a patch with its follow-up', (t) => {
    if (!haveShared) return t.skip('../shared not found');
    assert.deepEqual(counts(group(`${B4}trailers-followup-non-git-patch.mbox`)).totals, [0, 1, 1]);
  });

  test('follow-ups target the cover or the patch they answer', (t) => {
    if (!haveShared) return t.skip('../shared not found');
    const g = group(`${B4}trailers-followup-with-cover.mbox`);
    assert.deepEqual(counts(g).perSeries, [[1, 2]]);
    assert.equal(g.series[0]!.version, 2);
    assert.equal(g.replies.get('fwup-message-1@example.com')?.targetId, 'patch-2-message@example.com');
    assert.equal(g.replies.get('fwup-message-2@example.com')?.targetId, 'cover-message@example.com');
  });

  test('partial re-roll: v3 holds only the new 2/2 and carries 1/2 from v2', (t) => {
    if (!haveShared) return t.skip('../shared not found');
    const g = group(`${B4}trailers-followup-partial-reroll.mbox`);
    assert.deepEqual(counts(g).perSeries, [[1, 2], [0, 1]]);
    const [v2, v3] = g.series;
    assert.equal(v2!.version, 2);
    assert.equal(v3!.version, 3);
    assert.equal(v3!.complete, false);
    assert.equal(v3!.previousKey, v2!.key);
    assert.deepEqual(v3!.patches, [{ index: 2, messageId: 'patch-v3-2-message@example.com' }]);
    assert.deepEqual(v3!.carried, [{ index: 1, messageId: 'patch-1-message@example.com', fromKey: 'cover-message@example.com' }]);
    // The review of v2 2/2 stays with v2 (its diff changed in v3).
    assert.equal(g.replies.get('fwup-message-1@example.com')?.targetId, 'patch-2-message@example.com');
  });

  test('thread with a follow-up on 4/4 and a change-id', (t) => {
    if (!haveShared) return t.skip('../shared not found');
    const g = group(`${B4}trailers-thread-with-followups.mbox`);
    assert.deepEqual(counts(g).perSeries, [[1, 4]]);
    assert.equal(g.series[0]!.changeId, '20221025-test1-e8520c2200a3');
    const targets = [...g.replies.values()].map((r) => r.targetId);
    assert.deepEqual(targets, ['20221025-test1-v1-4-e4f28f57990c@linuxfoundation.org']);
  });
});

describe('real lore thread: UFFDIO_REMAP -> UFFDIO_MOVE, v1..v6', () => {
  test('six linked versions, follow-ups kept apart', (t) => {
    if (!existsSync(`${UFFD}all-messages.mbox`)) return t.skip('../shared not found');
    const g = group(`${UFFD}all-messages.mbox`);
    const byKey = new Map(g.series.map((s) => [s.key, s]));
    const last = g.series.find((s) => s.version === 6 && s.coverId !== null)!;
    const chain = [];
    for (let s = last; s; s = byKey.get(s.previousKey ?? '')!) chain.unshift(s);
    assert.deepEqual(chain.map((s) => s.version), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(chain.map((s) => s.patches.length), [3, 3, 3, 5, 5, 5]);
    assert.ok(chain.every((s) => s.coverId !== null && s.complete));
    assert.deepEqual(chain.map((s) => s.title), [
      'userfaultfd remap option', 'userfaultfd remap option',
      'userfaultfd move option', 'userfaultfd move option', 'userfaultfd move option', 'userfaultfd move option',
    ]);
    const inChain = new Set(chain.map((s) => s.key));
    const others = g.series.filter((s) => !inChain.has(s.key));
    assert.equal(others.length, 3);
    for (const s of others) assert.ok(s.previousKey === null || !inChain.has(s.previousKey), s.title);
    const zeropage = others.filter((s) => s.title.includes('zeropage'));
    assert.deepEqual(zeropage.map((s) => s.version), [1, 2]);
    assert.equal(zeropage[1]!.previousKey, zeropage[0]!.key);
  });

  test('the grouping does not depend on message order', (t) => {
    if (!existsSync(`${UFFD}all-messages.mbox`)) return t.skip('../shared not found');
    const items = load(`${UFFD}all-messages.mbox`);
    const shuffled = [...items];
    let seed = 12345;
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const a = groupSeries(items);
    const b = groupSeries(shuffled);
    assert.deepEqual(b.series, a.series);
    assert.deepEqual([...b.replies.entries()].sort(), [...a.replies.entries()].sort());
  });

  test('every patch and reply file of a version folder lands in that version', (t) => {
    if (!existsSync(`${UFFD}all-messages.mbox`)) return t.skip('../shared not found');
    const g = group(`${UFFD}all-messages.mbox`);
    const keyOfVersion = new Map(g.series.filter((s) => s.coverId !== null).map((s) => [s.version, s.key]));
    for (let v = 1; v <= 6; v++) {
      const dir = `${UFFD}v${v}/`;
      for (const name of readdirSync(dir)) {
        const [raw] = splitMailbox(readFileSync(dir + name), name).messages;
        const id = parseMessage(raw!).id;
        const key = name.includes('_patch_') ? g.patchOf.get(id) : g.replies.get(id)?.seriesKey;
        assert.equal(key, keyOfVersion.get(v), `v${v}/${name}`);
      }
    }
  });
});
