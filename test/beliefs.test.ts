// Mined knowledge on a small synthetic tree indexed for real: beliefs kept or dropped by support and
// confidence, "before on every path" against "somewhere", an effect that callers provide, the facts of
// helpers; then the mined-belief evaluator judging a new function and a change that deletes an effect
// (the review's pre-image), the function under review left out of the counts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildTreeIndex } from '../src/checks/tree-index/index.ts';
import type { TreeIndex } from '../src/checks/tree-index/index.ts';
import { createSummaries, readIndexedTexts } from '../src/checks/summaries/index.ts';
import { argumentObjects, mineKnowledge } from '../src/checks/beliefs/mine.ts';
import { buildChangeModel, buildPreImageModel } from '../src/checks/change-model.ts';
import { runRule } from '../src/checks/engine.ts';
import { synthPatchContent } from '../src/checks/synth-diff.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';
import { tempDir } from './helpers/cli.ts';
import { minedRule } from './helpers/test-rules.ts';
import { committedTree } from './helpers/patch-repo.ts';

/** n functions that call widget_zap() with a TLB flush after it on every path, and a helper that flushes. */
function zappers(n: number, from = 0): string {
  let out = 'static void widget_flush_helper(struct vm_area_struct *vma)\n{\n\tflush_tlb_range(vma, 0, 1);\n}\n\n';
  for (let i = from; i < from + n; i++) {
    out += `void widget_user_${i}(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n\tflush_tlb_range(vma, 0, 1);\n}\n\n`;
  }
  return out;
}

const OTHERS = `
void widget_branchy_a(struct vm_area_struct *vma, int x)
{
	if (x)
		flush_cache_range(vma, 0, 1);
	widget_poke(vma);
}

void widget_branchy_b(struct vm_area_struct *vma, int x)
{
	if (x)
		flush_cache_range(vma, 0, 1);
	widget_poke(vma);
}

void widget_odd(struct vm_area_struct *vma)
{
	widget_zap(vma);
}

void widget_clear_two(struct vm_area_struct *vma, pte_t *pte, int x)
{
	if (x > 1)
		return;
	if (x) {
		flush_cache_range(vma, 0, 1);
		ptep_get_and_clear(vma->vm_mm, 0, pte);
	} else {
		flush_cache_range(vma, 2, 3);
		ptep_get_and_clear(vma->vm_mm, 2, pte);
	}
}

static void widget_inner(struct vm_area_struct *vma)
{
	widget_zap(vma);
}

void widget_outer_a(struct vm_area_struct *vma)
{
	flush_tlb_mm(vma->vm_mm);
	widget_inner(vma);
}

void widget_outer_b(struct vm_area_struct *vma, int x)
{
	if (x)
		flush_tlb_mm(vma->vm_mm);
	else
		flush_tlb_range(vma, 0, 1);
	widget_inner(vma);
}
`;

let index: TreeIndex;
let kb: KnowledgeBase;
let mine: (o: { support?: number; confidence?: number }) => Promise<KnowledgeBase>;

const beliefOf = (k: KnowledgeBase, callee: string, effect: string, kind: string) => k.beliefs.find((b) => b.callee === callee && b.effect === effect && b.kind === kind);

describe('mined knowledge', () => {
  before(async () => {
    const { gitDir, head } = committedTree('mmr-beliefs-', { 'mm/widget.c': zappers(9) + OTHERS });
    index = await buildTreeIndex(gitDir, head, { cachePath: join(tempDir(), 'ti.db'), workers: 0 });
    const { textOf } = await readIndexedTexts(gitDir, index);
    const sums = createSummaries(index, textOf);
    mine = (o) => mineKnowledge(index, sums, { label: 'widgets', commit: null, ...o });
    kb = await mine({ confidence: 0.9 });
  });
  after(() => index.close());

  test('a belief with enough support and confidence is kept, with its holders and deviants by name', () => {
    // Callers of widget_zap(): 9 flush after it themselves, widget_inner's callers all flush before calling
    // it (one on each branch: "calls" holds for it), widget_odd flushes nothing.
    const calls = beliefOf(kb, 'widget_zap', 'tlb.flush', 'calls');
    assert.ok(calls, 'widget_zap -> tlb.flush (calls) is kept');
    assert.equal(calls.holders.length, 10);
    assert.deepEqual(calls.deviants, ['widget_odd']);
    assert.ok(calls.holders.includes('widget_inner'), 'the effect in every caller around the call counts');
  });

  test('"after on every path" needs the flush after the call: callers that flush before it do not count', async () => {
    assert.equal(beliefOf(kb, 'widget_zap', 'tlb.flush', 'after'), undefined, '9 of 11 is below 90%');
    const after = beliefOf(await mine({ confidence: 0.8 }), 'widget_zap', 'tlb.flush', 'after');
    assert.ok(after);
    assert.ok(!after.holders.includes('widget_inner'), 'one caller flushes before, not after');
    assert.ok(after.deviants.includes('widget_inner'));
  });

  test('support and confidence thresholds drop beliefs', async () => {
    assert.equal(beliefOf(await mine({ support: 12, confidence: 0.9 }), 'widget_zap', 'tlb.flush', 'calls'), undefined, 'only 11 callers');
    assert.equal(beliefOf(await mine({ confidence: 0.95 }), 'widget_zap', 'tlb.flush', 'calls'), undefined, '10 of 11 is below 95%');
    // Two callers flush the cache in one branch only: "calls" (somewhere) holds, "before on every path" does not.
    assert.equal(beliefOf(await mine({ support: 2, confidence: 0.9 }), 'widget_poke', 'cache.flush', 'calls')?.holders.length, 2);
    assert.equal(beliefOf(await mine({ support: 2, confidence: 0.9 }), 'widget_poke', 'cache.flush', 'before'), undefined);
  });

  test('facts: an entry operation every call of which runs after one of the function\'s own effects', () => {
    assert.deepEqual(kb.functions.widget_clear_two?.coveredBefore, { ptep_get_and_clear: ['cache.flush'] });
    // A flush on one branch only covers nothing: widget_branchy_* call no entry operation anyway.
    assert.equal(kb.functions.widget_branchy_a?.coveredBefore, undefined);
  });

  test('facts: what a helper does, and what every caller does around a function', () => {
    assert.deepEqual(kb.functions['widget_flush_helper']?.must, ['tlb.flush']);
    assert.deepEqual(kb.functions['widget_inner']?.callersBefore, ['tlb.flush'], 'both callers flush first, one on each branch');
    assert.deepEqual(kb.functions['widget_inner']?.callersAfter, []);
    assert.equal(kb.functions['widget_odd'], undefined, 'no effect, no caller: nothing to record');
  });
});

/** n callers of gadget_is_dirty(entry) (an accessor of a value) that flush the TLB of their VMA, and n that charge what gadget_alloc() returns. */
function accessorUsers(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    out += `void gadget_user_${i}(struct vm_area_struct *vma, unsigned long entry)\n{\n\tif (gadget_is_dirty(entry))\n\t\tgadget_mark(vma);\n\tgadget_clear(vma);\n\tflush_tlb_range(vma, 0, 1);\n}\n\n`;
  }
  for (let i = 0; i < n; i++) {
    out += `void gadget_fault_${i}(struct vm_area_struct *vma, struct mm_struct *mm)\n{\n\tstruct folio *folio = gadget_alloc(vma);\n\tmem_cgroup_charge(folio, mm, GFP_KERNEL);\n}\n\n`;
  }
  return out;
}

describe('mined knowledge: the effect on the callee\'s objects', () => {
  let gIndex: TreeIndex;
  let gkb: KnowledgeBase;
  before(async () => {
    const { gitDir, head } = committedTree('mmr-beliefs-objects-', { 'mm/gadget.c': accessorUsers(6) });
    gIndex = await buildTreeIndex(gitDir, head, { cachePath: join(tempDir(), 'ti.db'), workers: 0 });
    const { textOf } = await readIndexedTexts(gitDir, gIndex);
    gkb = await mineKnowledge(gIndex, createSummaries(gIndex, textOf), { label: 'gadgets', commit: null, textOf });
  });
  after(() => gIndex.close());

  test('a flush of an object the callee is not given does not hold a "calls" belief about it', () => {
    // gadget_is_dirty(entry) tests a value; the flush is of the VMA: co-occurrence, not a specification.
    assert.equal(beliefOf(gkb, 'gadget_is_dirty', 'tlb.flush', 'calls'), undefined);
    // gadget_clear(vma) is given the VMA the flush is for.
    assert.equal(beliefOf(gkb, 'gadget_clear', 'tlb.flush', 'calls')?.holders.length, 6);
    // gadget_alloc(vma) returns the folio the charge is for: its result is one of its objects.
    assert.equal(beliefOf(gkb, 'gadget_alloc', 'memcg.charge', 'calls')?.holders.length, 6);
  });

  test('argument objects are root identifiers, not members, constants or called functions', () => {
    assert.deepEqual([...argumentObjects(['vmf->vma->vm_mm', 'GFP_KERNEL', 'page_folio(page)', '&tlb', '(struct page *)p'])].sort(), ['p', 'page', 'tlb', 'vmf']);
  });
});

const RULE = minedRule('tlb.flush', 'tlb-flush');

function review(files: { path: string; before?: string; after: string }[], knowledge: KnowledgeBase, tree: boolean) {
  const patches = [{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent(files.map((f) => ({ path: f.path, before: f.before ?? null, after: f.after }))) }];
  const access = { postImage: (p: string, i: number) => (i === 0 ? files.find((f) => f.path === p)?.before : files.find((f) => f.path === p)?.after) ?? null };
  const model = buildChangeModel(patches, { knowledge, ...(tree ? { tree: access } : {}) });
  if (tree) model.before = buildPreImageModel(model, access);
  return runRule(model, RULE);
}

describe('the mined-belief evaluator', () => {
  test('a new function breaking a kept belief draws a finding with the counts and two functions that do it right', () => {
    const f = review([{ path: 'mm/new.c', after: 'void widget_new(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n}\n' }], kb, false);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /^widget_new\(\) calls widget_zap\(\) \(line 3\) but does not flush the TLB/);
    assert.match(f[0]!.message, /10 of the 11 functions in widgets that call widget_zap\(\) also flush the TLB \(e\.g\. widget_inner\(\), widget_user_0\(\)\)/);
  });

  test('the function under review is left out of the count; a known deviant is not judged again', () => {
    // widget_user_0 as posted anew without its flush: 9 of the other 10 keep the belief (90%), still kept.
    const f = review([{ path: 'mm/widget.c', after: 'void widget_user_0(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n}\n' }], kb, false);
    assert.match(f[0]?.message ?? '', /9 of the 10 functions/);
    assert.equal(review([{ path: 'mm/widget.c', after: 'void widget_odd(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n}\n' }], kb, false).length, 0);
  });

  test('a flush through a helper the series defines, or one the knowledge base knows, satisfies the belief', () => {
    const own = 'static void my_flush(struct vm_area_struct *vma)\n{\n\tflush_tlb_range(vma, 0, 1);\n}\n\nvoid widget_new(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n\tmy_flush(vma);\n}\n';
    assert.equal(review([{ path: 'mm/new.c', after: own }], kb, false).length, 0);
    const known = 'void widget_new(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n\twidget_flush_helper(vma);\n}\n';
    assert.equal(review([{ path: 'mm/new.c', after: known }], kb, false).length, 0);
  });

  test('with the pre-image: a deleted flush on one branch is a loss at the call it no longer covers', () => {
    const before = 'void widget_keep(struct vm_area_struct *vma, int x)\n{\n\twidget_prep(vma);\n\tif (x)\n\t\tflush_tlb_mm(vma->vm_mm);\n\telse\n\t\tflush_tlb_range(vma, 0, 1);\n\twidget_done(vma);\n}\n';
    const after = before.replace('\telse\n\t\tflush_tlb_range(vma, 0, 1);\n', '');
    const f = review([{ path: 'mm/keep.c', before, after }], kb, true);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /removes flush_tlb_range\(\) from widget_keep\(\): before it, every path into the call of widget_done\(\) at line 6 went through code that flushes the TLB; now one does not/);
    // The same change as a rewrite that still flushes on both branches through a helper is no loss.
    const moved = before.replace('flush_tlb_range(vma, 0, 1);', 'widget_flush_helper(vma);');
    assert.equal(review([{ path: 'mm/keep.c', before, after: moved }], kb, true).length, 0);
  });

  test('without a tree, a function the mined tree has doing the effect and the posted version not doing it is a question', () => {
    const f = review([{ path: 'mm/widget.c', after: 'static void widget_flush_helper(struct vm_area_struct *vma)\n{\n\twidget_poke(vma);\n}\n' }], kb, false);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /^widget_flush_helper\(\) does not flush the TLB, here or in what it calls, although widget_flush_helper\(\) in widgets does/);
    assert.equal(f[0]!.confidence, 'question');
    // A call the mined tree never saw, named as one that may flush the TLB: no verdict; named otherwise, it is taken not to.
    const calling = (callee: string) => review([{ path: 'mm/widget.c', after: `static void widget_flush_helper(struct vm_area_struct *vma)\n{\n\t${callee}(vma);\n}\n` }], kb, false);
    assert.equal(calling('widget_tlb_sync').length, 0);
    assert.equal(calling('widget_flush_later').length, 0);
    assert.equal(calling('widget_brand_new').length, 1);
    // The wrapper of a __name() the series defines doing it (the kernel's foo() over __foo()): no verdict.
    const wrapped = 'static void __widget_brand_new(struct vm_area_struct *vma)\n{\n\tflush_tlb_range(vma, 0, 1);\n}\n\nstatic void widget_flush_helper(struct vm_area_struct *vma)\n{\n\twidget_brand_new(vma);\n}\n';
    assert.equal(review([{ path: 'mm/widget.c', after: wrapped }], kb, false).length, 0);
    // Nor a function the series shows in part (a renamed body, mostly unchanged), nor one a level down.
    const steps = Array.from({ length: 12 }, (_, i) => `\twidget_step_${i}(vma);\n`).join('');
    const big = (extra: string) => `static void widget_big(struct vm_area_struct *vma)\n{\n${steps}${extra}}\n\n`;
    const helper = 'static void widget_flush_helper(struct vm_area_struct *vma)\n{\n\twidget_big(vma);\n}\n';
    assert.equal(review([{ path: 'mm/widget.c', before: big(''), after: `${big('\twidget_step_x(vma);\n')}${helper}` }], kb, false).length, 0);
    // The posted variant beside the mined definition the diff shows in part (another #ifdef branch): no verdict.
    const variants = (extra: string) => `#ifdef CONFIG_WIDGET_NEW\n${helper}#else\nstatic void widget_flush_helper(struct vm_area_struct *vma)\n{\n${steps}${extra}\tflush_tlb_range(vma, 0, 1);\n}\n#endif\n`;
    assert.equal(review([{ path: 'mm/widget.c', before: variants('').replace(helper, ''), after: variants('\twidget_step_x(vma);\n') }], kb, false).length, 0);
    // Nor one the series calls a level down.
    const nested = 'static void widget_step(struct vm_area_struct *vma)\n{\n\twidget_tlb_sync(vma);\n}\n\nstatic void widget_flush_helper(struct vm_area_struct *vma)\n{\n\twidget_step(vma);\n}\n';
    assert.equal(review([{ path: 'mm/widget.c', after: nested }], kb, false).length, 0);
    // With the flush kept (through a helper), nothing.
    const kept = 'static void widget_flush_helper(struct vm_area_struct *vma)\n{\n\twidget_outer_a(vma);\n}\n';
    assert.equal(review([{ path: 'mm/widget.c', after: kept }], kb, false).length, 0);
  });

  test('without a tree, a function the mined tree had doing the effect on every path, posted doing it on one branch only, is a loss', () => {
    const oneBranch = 'static void widget_flush_helper(struct vm_area_struct *vma, int x)\n{\n\tif (x)\n\t\tflush_tlb_range(vma, 0, 1);\n}\n';
    const f = review([{ path: 'mm/widget.c', after: oneBranch }], kb, false);
    assert.equal(f.length, 1, JSON.stringify(f));
    assert.match(f[0]!.message, /^widget_flush_helper\(\) does not flush the TLB on every path any more, although widget_flush_helper\(\) in widgets does on every path/);
    const everyPath = 'static void widget_flush_helper(struct vm_area_struct *vma, int x)\n{\n\tif (x)\n\t\tflush_tlb_range(vma, 0, 1);\n\telse\n\t\tflush_tlb_mm(vma->vm_mm);\n}\n';
    assert.equal(review([{ path: 'mm/widget.c', after: everyPath }], kb, false).length, 0, 'a flush on each branch');
  });

  test('without a tree, an entry operation the mined version always reached after a cache flush, reached now without it, is a loss there', () => {
    const cacheRule = minedRule('cache.flush', 'cache-flush');
    const posted = (elseFlush: string) => `void widget_clear_two(struct vm_area_struct *vma, pte_t *pte, int x)\n{\n\tif (x > 1)\n\t\treturn;\n\tif (x) {\n\t\tflush_cache_range(vma, 0, 1);\n\t\tptep_get_and_clear(vma->vm_mm, 0, pte);\n\t} else {\n${elseFlush}\t\tptep_get_and_clear(vma->vm_mm, 2, pte);\n\t}\n}\n`;
    const run = (text: string) => {
      const patches = [{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent([{ path: 'mm/widget.c', before: null, after: text }]) }];
      return runRule(buildChangeModel(patches, { knowledge: kb }), cacheRule);
    };
    const f = run(posted(''));
    assert.equal(f.length, 1, JSON.stringify(f));
    assert.match(f[0]!.message, /^widget_clear_two\(\) calls ptep_get_and_clear\(\) at line 9 with a path into it that does not flush the cache, although in widget_clear_two\(\) of widgets every path into its calls of ptep_get_and_clear\(\) does/);
    assert.equal(run(posted('\t\tflush_cache_range(vma, 2, 3);\n')).length, 0, 'both clears still after a flush');
  });

  test('a function the diff shows in part is judged on the calls the patch adds, when the mined tree knows it', () => {
    const body = (name: string, extra: string) => `void ${name}(struct vm_area_struct *vma, int x)\n{\n${'\twidget_poke(vma);\n'.repeat(12)}${extra}}\n`;
    const before = body('widget_branchy_a', '');
    const after = body('widget_branchy_a', '\twidget_zap(vma);\n');
    const f = review([{ path: 'mm/widget.c', before, after }], kb, false);
    assert.equal(f.length, 1, JSON.stringify(f));
    assert.match(f[0]!.message, /^widget_branchy_a\(\) calls widget_zap\(\) \(line 15\)/);
    // A function the mined tree never had: its unseen lines could do anything, no verdict.
    assert.equal(review([{ path: 'mm/widget.c', before: body('widget_fresh', ''), after: body('widget_fresh', '\twidget_zap(vma);\n') }], kb, false).length, 0);
  });

  test('a caller covers a function breaking a "calls" belief only with the effect around its call, not elsewhere', () => {
    const fresh = 'void widget_fresh_zapper(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n}\n';
    const around = 'void widget_fresh_caller(struct vm_area_struct *vma)\n{\n\twidget_fresh_zapper(vma);\n\tflush_tlb_range(vma, 0, 1);\n}\n';
    assert.equal(review([{ path: 'mm/fresh.c', after: fresh + around }], kb, false).length, 0, 'the caller flushes after the call on every path');
    const elsewhere = 'void widget_fresh_caller(struct vm_area_struct *vma, int x)\n{\n\tif (x) {\n\t\tflush_tlb_range(vma, 0, 1);\n\t\treturn;\n\t}\n\twidget_fresh_zapper(vma);\n}\n';
    const f = review([{ path: 'mm/fresh.c', after: fresh + elsewhere }], kb, false);
    assert.equal(f.length, 1, 'a flush on another path of the caller does not cover the call');
    assert.match(f[0]!.message, /^widget_fresh_zapper\(\) calls widget_zap\(\)/);
  });

  test('without knowledge the evaluator says nothing', () => {
    const model = buildChangeModel([{ index: 1, messageId: 'm@x', subject: 's', content: synthPatchContent([{ path: 'mm/new.c', before: null, after: 'void widget_new(struct vm_area_struct *vma)\n{\n\twidget_zap(vma);\n}\n' }]) }]);
    assert.equal(runRule(model, RULE).length, 0);
  });
});
