// Beliefs of the posted code: a series that posts whole new files has their functions mined beside the
// knowledge in use. An order the new code keeps in every other function speaks for the one that breaks it,
// even when the knowledge has never seen the callee; co-occurrence alone ("calls A and also flushes
// somewhere") does not; a function the knowledge already had as a deviant is not judged again.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSeries } from '../src/checks/engine.ts';
import { buildChangeModel } from '../src/checks/change-model.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';
import { parseRuleText } from '../src/checks/load-rules.ts';
import { keptWithout } from '../src/checks/beliefs/check.ts';
import { postedFiles, withPostedBeliefs } from '../src/checks/beliefs/posted.ts';
import { finish } from '../src/checks/steps.ts';
import type { Belief, KnowledgeBase } from '../src/domain/knowledge.ts';

const RULE = parseRuleText(readFileSync(join(import.meta.dirname, '..', 'rules', 'mm.mined.cache-flush.yaml'), 'utf8'), 'mm.mined.cache-flush.yaml');

function knowledge(beliefs: Belief[] = []): KnowledgeBase {
  return {
    format: 1, source: { label: 'mm/ of a test tree', commit: null }, scope: ['mm/'], thresholds: { support: 5, confidence: 0.95 },
    functionCount: 0, functions: {}, beliefs, known: [],
  };
}

/** Functions that flush the cache on every path before gizmo_clear() (`ordered`), or only on one branch. */
function holders(names: readonly string[], ordered = true): string {
  return names.map((n) => ordered
    ? `void ${n}(struct vm_area_struct *vma, unsigned long addr)\n{\n\tflush_cache_range(vma, addr, addr + 1);\n\tgizmo_clear(vma, addr);\n}\n`
    : `void ${n}(struct vm_area_struct *vma, unsigned long addr, int x)\n{\n\tif (x)\n\t\tflush_cache_range(vma, addr, addr + 1);\n\tgizmo_clear(vma, addr);\n}\n`).join('\n');
}

const BAD = 'void gizmo_bad(struct vm_area_struct *vma, unsigned long addr)\n{\n\tgizmo_prepare(vma);\n\tgizmo_clear(vma, addr);\n}\n';
const SIX = ['gizmo_a', 'gizmo_b', 'gizmo_c', 'gizmo_d', 'gizmo_e', 'gizmo_f'];

function patches(files: { path: string; before: string | null; after: string }[]) {
  return [{ index: 1, messageId: 'p@x', subject: '[PATCH] mm: add gizmos', content: synthPatchContent(files) }];
}

const review = (text: string, kb: KnowledgeBase) => checkSeries(patches([{ path: 'mm/gizmo.c', before: null, after: text }]), { rules: [RULE], knowledge: kb });

describe('beliefs mined from the files a series posts', () => {
  test('an order every other new function keeps is a belief, though the knowledge never saw the callee', () => {
    const found = review(`${holders(SIX)}\n${BAD}`, knowledge());
    assert.deepEqual(found.map((f) => [f.rule, f.function]), [['mm.mined.cache-flush', 'gizmo_bad']]);
    assert.match(found[0]!.message, /6 of the 6 functions in mm\/ of a test tree and the series' new files that call gizmo_clear\(\) flush the cache on every path before the call/);
  });

  test('the same file with the flush on one branch only: co-occurrence in the new code is no belief', () => {
    assert.deepEqual(review(`${holders(SIX, false)}\n${BAD}`, knowledge()), []);
  });

  test('too few new functions to outvote: nothing is mined and the knowledge is used as it is', () => {
    const kb = knowledge();
    const model = buildChangeModel(patches([{ path: 'mm/gizmo.c', before: null, after: `${holders(SIX.slice(0, 3))}\n${BAD}` }]), { knowledge: kb });
    assert.equal(finish(withPostedBeliefs(model, kb)), kb);
  });

  test("the new code's votes join the tree's: four holders in the tree and two new ones make the belief", () => {
    const kb = knowledge([{ callee: 'gizmo_clear', effect: 'cache.flush', kind: 'before', holders: ['tree_a', 'tree_b', 'tree_c', 'tree_d'], deviants: [] }]);
    const text = `${holders(['gizmo_a', 'gizmo_b'])}\n${BAD}\nvoid gizmo_x(void)\n{\n}\nvoid gizmo_y(void)\n{\n}\n`;
    const found = review(text, kb);
    assert.deepEqual(found.map((f) => f.function), ['gizmo_bad']);
    assert.match(found[0]!.message, /6 of the 6 functions/);
  });

  test('a function the tree already had as a deviant is not judged again; one it had as a holder is', () => {
    const prior = (role: 'holders' | 'deviants'): Belief => ({
      callee: 'gizmo_clear', effect: 'cache.flush', kind: 'before',
      holders: [...SIX, ...(role === 'holders' ? ['gizmo_bad'] : [])], deviants: role === 'deviants' ? ['gizmo_bad'] : [],
    });
    const text = `${holders(SIX)}\n${BAD}`;
    assert.deepEqual(review(text, knowledge([prior('deviants')])), []);
    assert.deepEqual(review(text, knowledge([prior('holders')])).map((f) => f.function), ['gizmo_bad']);
  });

  test('a generated file past the bound is not mined (its facts would weigh on the whole review)', () => {
    const kb = knowledge();
    const many = Array.from({ length: 5_001 }, (_, i) => `void gen_${i}(void)\n{\n\tgizmo_clear(0, ${i});\n}\n`).join('\n');
    const model = buildChangeModel(patches([{ path: 'mm/gen.c', before: null, after: many }]), { knowledge: kb });
    assert.equal(finish(withPostedBeliefs(model, kb)), kb);
  });

  test('only new C files in the knowledge scope are mined, each as the last patch posts it', () => {
    const kb = knowledge();
    const model = buildChangeModel([
      ...patches([{ path: 'mm/gizmo.c', before: null, after: holders(SIX) }, { path: 'drivers/gizmo.c', before: null, after: holders(SIX) }]),
      { index: 2, messageId: 'q@x', subject: '[PATCH] mm: tweak', content: synthPatchContent([{ path: 'mm/old.c', before: 'int a;\n', after: 'int b;\n' }]) },
    ], { knowledge: kb });
    assert.deepEqual(postedFiles(model, kb).map((f) => f.path), ['mm/gizmo.c']);
  });
});

describe('keptWithout with deviants from the code under review', () => {
  const kb = knowledge();
  test('a fresh deviant is judged, counted without itself; a deviant of the tree is not', () => {
    const b = { holders: ['a', 'b', 'c', 'd', 'e'], deviants: ['x', 'y'], fresh: ['x'] };
    assert.equal(keptWithout(kb, b, 'y'), null, 'the tree had y as a deviant');
    // Without x itself: 5 holders of 6 (y still deviates) is below 95%.
    assert.equal(keptWithout(kb, b, 'x'), null);
    assert.deepEqual(keptWithout(kb, { ...b, deviants: ['x'] }, 'x'), { holders: ['a', 'b', 'c', 'd', 'e'], support: 5 });
  });
});
