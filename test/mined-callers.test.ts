// What callers do around a call, mined transitively from a synthetic tree, and how a hand-written rule uses
// it without a tree: a function the posted series shows no caller of is judged by what every call path into
// it did in the mined tree; a caller the series shows decides by itself.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import type { TreeIndex } from '../src/checks/tree-index/index.ts';
import { createSummaries, readIndexedTexts } from '../src/checks/summaries/index.ts';
import { mineKnowledge } from '../src/checks/beliefs/mine.ts';
import { buildChangeModel } from '../src/checks/change-model.ts';
import { runRule } from '../src/checks/engine.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';
import { parseRuleText } from '../src/checks/load-rules.ts';
import { beliefEffectOf } from '../src/checks/eval-context.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';
import { tempDir } from './helpers/cli.ts';
import { committedTree } from './helpers/patch-repo.ts';

// gadget_leaf() clears; gadget_mid() calls it; the two roots flush the cache before calling gadget_mid().
// gadget_lone() is called by a root that flushes on one branch only.
const TREE = `
void gadget_leaf(struct vm_area_struct *vma, pte_t *pte, unsigned long addr)
{
	pte_t old = ptep_get_and_clear(vma->vm_mm, addr, pte);
	gadget_keep(old);
}

static void gadget_mid(struct vm_area_struct *vma, pte_t *pte, unsigned long addr)
{
	gadget_leaf(vma, pte, addr);
}

void gadget_root_a(struct vm_area_struct *vma, pte_t *pte)
{
	flush_cache_range(vma, 0, 1);
	gadget_mid(vma, pte, 0);
}

void gadget_root_b(struct vm_area_struct *vma, pte_t *pte, int x)
{
	if (x)
		flush_cache_range(vma, 0, 1);
	else
		flush_cache_page(vma, 0, 0);
	gadget_mid(vma, pte, 0);
}

void gadget_lone(struct vm_area_struct *vma, pte_t *pte, unsigned long addr)
{
	pte_t old = ptep_get_and_clear(vma->vm_mm, addr, pte);
	gadget_keep(old);
}

void gadget_lone_root(struct vm_area_struct *vma, pte_t *pte, int x)
{
	if (x)
		flush_cache_range(vma, 0, 1);
	gadget_lone(vma, pte, 0);
}
`;

const RULE = parseRuleText(`id: test.flush.before-clear
title: t
category: cache-flush
level: high
confidence: likely
concern: c
provenance: [test]
scope: function
follow: { callees: 1, callers: 2 }
paths: ['mm/**']
trigger:
  calls_any: [ptep_get_and_clear]
expect:
  requires_call_before:
    call: [flush_cache_range, flush_cache_page]
    before: [ptep_get_and_clear]
message: '{function}() clears with no flush before'
`, 'test.flush.before-clear.yaml');

function reviewNew(text: string, knowledge?: KnowledgeBase) {
  const patches = [{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent([{ path: 'mm/gadget.c', before: null, after: text }]) }];
  return runRule(buildChangeModel(patches, knowledge ? { knowledge } : {}), RULE);
}

const fnText = (name: string) => TREE.split('\n\n').find((part) => part.includes(`void ${name}(`))!.trim() + '\n';

describe('caller context mined through several levels of callers', () => {
  let index: TreeIndex;
  let kb: KnowledgeBase;
  before(async () => {
    const { gitDir, head } = committedTree('mmr-callers-', { 'mm/gadget.c': TREE });
    index = await buildTreeIndex(gitDir, head, { cachePath: join(tempDir(), 'ti.db'), workers: 0 });
    const { textOf } = await readIndexedTexts(gitDir, index);
    kb = await mineKnowledge(index, createSummaries(index, textOf), { label: 'gadgets', commit: null });
  });
  after(() => index.close());

  test('a flush in every root above a helper counts before the calls of the leaf it reaches', () => {
    assert.deepEqual(kb.functions['gadget_mid']?.callersBefore, ['cache.flush'], 'each direct caller flushes (one on each branch)');
    assert.deepEqual(kb.functions['gadget_leaf']?.callersBefore, ['cache.flush'], 'through gadget_mid()\'s callers');
    assert.deepEqual(kb.functions['gadget_lone']?.callersBefore ?? [], [], 'its only caller flushes on one branch');
  });

  test('without a tree, a posted function with no caller in the series is judged by what its callers did in the mined tree', () => {
    assert.equal(reviewNew(fnText('gadget_leaf'), kb).length, 0, 'every path into it flushed in the mined tree');
    const lone = reviewNew(fnText('gadget_lone'), kb);
    assert.equal(lone.length, 1, 'its caller flushed on one branch only');
    assert.match(lone[0]!.message, /Callers outside the series' files were not seen/);
    assert.equal(reviewNew(fnText('gadget_leaf')).length, 1, 'no knowledge: nothing vouches for the callers');
  });

  test('a caller the series shows decides by itself: one that no longer flushes is not covered by the mined callers', () => {
    const leaf = fnText('gadget_leaf');
    const caller = 'void gadget_new_root(struct vm_area_struct *vma, pte_t *pte)\n{\n\tgadget_leaf(vma, pte, 0);\n}\n';
    assert.equal(reviewNew(`${leaf}\n${caller}`, kb).length, 1);
  });

  test('the effect of a rule\'s call list is the one family effect all its names share', () => {
    assert.equal(beliefEffectOf(['flush_cache_range', 'flush_cache_page', 'flush_cache_mm']), 'cache.flush');
    assert.equal(beliefEffectOf(['mmu_notifier_invalidate_range_start']), 'notifier.start');
    assert.equal(beliefEffectOf(['flush_cache_range', 'flush_tlb_range']), null, 'two families');
    assert.equal(beliefEffectOf(['/^flush_cache_/']), null, 'a pattern');
  });
});
