import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ancestors, buildThreads, childrenOf, isGhost, messageOf, parentOf, rootOf } from '../src/ingest/thread.ts';
import { msg } from './fixtures/series/factory.ts';

describe('buildThreads', () => {
  test('links by the last In-Reply-To, falling back to the last References id', () => {
    const t = buildThreads([
      msg({ id: 'a', at: 0 }),
      msg({ id: 'b', at: 1, irt: ['a'] }),
      msg({ id: 'c', at: 2, irt: ['x-other', 'b'], refs: ['a'] }),
      msg({ id: 'd', at: 3, irt: [], refs: ['a', 'b'] }),
    ]);
    assert.equal(parentOf(t, 'b'), 'a');
    assert.equal(parentOf(t, 'c'), 'b');
    assert.equal(parentOf(t, 'd'), 'b');
    assert.deepEqual(childrenOf(t, 'b'), ['c', 'd']);
    assert.deepEqual(t.roots, ['a']);
    assert.equal(t.nodes.has('x-other'), false);
    assert.equal(rootOf(t, 'd'), 'a');
    assert.deepEqual(ancestors(t, 'd'), ['b', 'a']);
  });

  test('result does not depend on arrival order', () => {
    const specs = [
      { id: 'cover', at: 0 },
      { id: 'p1', at: 1, irt: ['cover'] },
      { id: 'p2', at: 2, irt: ['cover'] },
      { id: 'r1', at: 5, irt: ['p2'], refs: ['cover', 'p2'] },
    ];
    const fwd = buildThreads(specs.map(msg));
    const rev = buildThreads([...specs].reverse().map(msg));
    for (const t of [fwd, rev]) {
      assert.deepEqual(childrenOf(t, 'cover'), ['p1', 'p2']);
      assert.equal(rootOf(t, 'r1'), 'cover');
      assert.deepEqual(t.roots, ['cover']);
    }
  });

  test('missing parents become ghosts, chained through References', () => {
    const t = buildThreads([
      msg({ id: 'reply', at: 9, irt: ['lost-review'], refs: ['cover', 'lost-patch', 'lost-review'] }),
      msg({ id: 'cover', at: 0 }),
    ]);
    assert.equal(isGhost(t, 'lost-review'), true);
    assert.equal(isGhost(t, 'lost-patch'), true);
    assert.equal(isGhost(t, 'cover'), false);
    assert.equal(messageOf(t, 'lost-review'), null);
    assert.equal(parentOf(t, 'lost-review'), 'lost-patch');
    assert.equal(parentOf(t, 'lost-patch'), 'cover');
    assert.equal(rootOf(t, 'reply'), 'cover');
    assert.deepEqual(ancestors(t, 'reply'), ['lost-review', 'lost-patch', 'cover']);
  });

  test('ancestors fall back to References when the chain stops at an unknown ghost', () => {
    const t = buildThreads([
      msg({ id: 'cover', at: 0 }),
      // In-Reply-To names a message missing from References: the ghost has no known parent.
      msg({ id: 'reply', at: 3, irt: ['lost'], refs: ['cover'] }),
    ]);
    assert.equal(parentOf(t, 'lost'), null);
    assert.equal(rootOf(t, 'reply'), 'lost');
    assert.deepEqual(ancestors(t, 'reply'), ['lost', 'cover']);
  });

  test('duplicates keep the first copy', () => {
    const first = msg({ id: 'dup', subject: 'first', at: 0 });
    const second = msg({ id: 'dup', subject: 'second', at: 1, irt: ['elsewhere'] });
    const t = buildThreads([first, second]);
    assert.deepEqual(t.duplicates, ['dup']);
    assert.equal(messageOf(t, 'dup')?.subject, 'first');
    assert.equal(parentOf(t, 'dup'), null);
    assert.equal(t.nodes.has('elsewhere'), false);
  });

  test('cycles are cut at their earliest message', () => {
    const t = buildThreads([
      msg({ id: 'b', at: 2, irt: ['a'] }),
      msg({ id: 'a', at: 1, irt: ['c'] }),
      msg({ id: 'c', at: 3, irt: ['b'] }),
      msg({ id: 'd', at: 4, irt: ['c'] }),
    ]);
    assert.deepEqual(t.brokenCycles, ['a']);
    assert.equal(parentOf(t, 'a'), null);
    assert.equal(rootOf(t, 'd'), 'a');
    assert.deepEqual(ancestors(t, 'd'), ['c', 'b', 'a']);
    assert.deepEqual(t.roots, ['a']);
  });

  test('self references and two-message loops do not hang', () => {
    const t = buildThreads([
      msg({ id: 'self', at: 0, irt: ['self'], refs: ['self'] }),
      msg({ id: 'x', at: 1, irt: ['y'] }),
      msg({ id: 'y', at: 2, irt: ['x'] }),
    ]);
    assert.equal(parentOf(t, 'self'), null);
    assert.equal(parentOf(t, 'x'), null);
    assert.equal(parentOf(t, 'y'), 'x');
    assert.deepEqual(t.roots, ['self', 'x']);
  });

  test('ghost cycles from contradictory References are broken too', () => {
    const t = buildThreads([
      msg({ id: 'm1', at: 0, irt: ['g1'], refs: ['g2', 'g1'] }),
      msg({ id: 'm2', at: 1, irt: ['g2'], refs: ['g1', 'g2'] }),
    ]);
    // g1 -> g2 (from m1) and g2 -> g1 (from m2) would loop.
    assert.equal(t.brokenCycles.length, 1);
    const r1 = rootOf(t, 'm1');
    assert.equal(rootOf(t, 'm2'), r1);
  });

  test('unknown ids are harmless', () => {
    const t = buildThreads([]);
    assert.equal(parentOf(t, 'nope'), null);
    assert.deepEqual(childrenOf(t, 'nope'), []);
    assert.equal(rootOf(t, 'nope'), 'nope');
    assert.deepEqual(ancestors(t, 'nope'), []);
  });

  test('a long reply chain is handled without recursion limits', () => {
    const n = 20000;
    const list = [msg({ id: 'm0', at: 0 })];
    for (let i = 1; i < n; i++) list.push(msg({ id: `m${i}`, at: i, irt: [`m${i - 1}`] }));
    const t = buildThreads(list);
    assert.equal(rootOf(t, `m${n - 1}`), 'm0');
    assert.equal(ancestors(t, `m${n - 1}`).length, n - 1);
  });
});
